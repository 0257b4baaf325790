package dev.libsql4j.embedded.internal;

import dev.libsql4j.ConnectionException;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.spi.Errors;
import java.util.HashMap;
import java.util.Map;

/**
 * The one place that turns {@link NativeException} into the public {@link LibSqlException}
 * hierarchy: SQLite result codes become names ({@code 2067} → {@code SQLITE_CONSTRAINT_UNIQUE}),
 * and {@link Errors#fromCode} picks the type. Pure functions; table-tested.
 */
final class NativeErrors {
    /** Code of errors the native layer reports that are not SQLite's ({@code -1}). */
    static final String NATIVE_ERROR = "NATIVE_ERROR";
    /** Code of a Rust panic caught in the native layer ({@code -2}). */
    static final String NATIVE_PANIC = "NATIVE_PANIC";
    /** Code of a failed replica sync. */
    static final String SYNC_FAILED = "SYNC_FAILED";

    static final int SQLITE_NOTADB = 26;
    static final int SQLITE_INTERRUPT = 9;

    private static final String[] PRIMARY = new String[29];
    private static final Map<Integer, String> EXTENDED = new HashMap<>();

    static {
        String[] p = {"SQLITE_OK", "SQLITE_ERROR", "SQLITE_INTERNAL", "SQLITE_PERM", "SQLITE_ABORT", "SQLITE_BUSY",
            "SQLITE_LOCKED", "SQLITE_NOMEM", "SQLITE_READONLY", "SQLITE_INTERRUPT", "SQLITE_IOERR", "SQLITE_CORRUPT",
            "SQLITE_NOTFOUND", "SQLITE_FULL", "SQLITE_CANTOPEN", "SQLITE_PROTOCOL", "SQLITE_EMPTY", "SQLITE_SCHEMA",
            "SQLITE_TOOBIG", "SQLITE_CONSTRAINT", "SQLITE_MISMATCH", "SQLITE_MISUSE", "SQLITE_NOLFS", "SQLITE_AUTH",
            "SQLITE_FORMAT", "SQLITE_RANGE", "SQLITE_NOTADB", "SQLITE_NOTICE", "SQLITE_WARNING"};
        System.arraycopy(p, 0, PRIMARY, 0, p.length);

        ext(1, "SQLITE_ERROR", "MISSING_COLLSEQ", "RETRY", "SNAPSHOT", "RESERVESIZE", "KEY", "UNABLE");
        ext(10, "SQLITE_IOERR", "READ", "SHORT_READ", "WRITE", "FSYNC", "DIR_FSYNC", "TRUNCATE", "FSTAT", "UNLOCK",
                "RDLOCK", "DELETE", "BLOCKED", "NOMEM", "ACCESS", "CHECKRESERVEDLOCK", "LOCK", "CLOSE", "DIR_CLOSE",
                "SHMOPEN", "SHMSIZE", "SHMLOCK", "SHMMAP", "SEEK", "DELETE_NOENT", "MMAP", "GETTEMPPATH", "CONVPATH",
                "VNODE", "AUTH", "BEGIN_ATOMIC", "COMMIT_ATOMIC", "ROLLBACK_ATOMIC", "DATA", "CORRUPTFS", "IN_PAGE");
        ext(6, "SQLITE_LOCKED", "SHAREDCACHE", "VTAB");
        ext(5, "SQLITE_BUSY", "RECOVERY", "SNAPSHOT", "TIMEOUT");
        ext(14, "SQLITE_CANTOPEN", "NOTEMPDIR", "ISDIR", "FULLPATH", "CONVPATH", "DIRTYWAL", "SYMLINK");
        ext(11, "SQLITE_CORRUPT", "VTAB", "SEQUENCE", "INDEX");
        ext(8, "SQLITE_READONLY", "RECOVERY", "CANTLOCK", "ROLLBACK", "DBMOVED", "CANTINIT", "DIRECTORY");
        EXTENDED.put(4 | (2 << 8), "SQLITE_ABORT_ROLLBACK");
        ext(19, "SQLITE_CONSTRAINT", "CHECK", "COMMITHOOK", "FOREIGNKEY", "FUNCTION", "NOTNULL", "PRIMARYKEY",
                "TRIGGER", "UNIQUE", "VTAB", "ROWID", "PINNED", "DATATYPE");
        ext(27, "SQLITE_NOTICE", "RECOVER_WAL", "RECOVER_ROLLBACK", "RBU");
        ext(28, "SQLITE_WARNING", "AUTOINDEX");
        ext(23, "SQLITE_AUTH", "USER");
        ext(0, "SQLITE_OK", "LOAD_PERMANENTLY", "SYMLINK");
    }

    private static void ext(int primary, String prefix, String... names) {
        for (int i = 0; i < names.length; i++) {
            EXTENDED.put(primary | ((i + 1) << 8), prefix + "_" + names[i]);
        }
    }

    private NativeErrors() {
    }

    /**
     * The name of a SQLite result code: the extended name when {@code extended} is one SQLite
     * defines, else the primary name; {@code SQLITE_UNKNOWN_<n>} for a code SQLite does not define.
     */
    static String codeName(int primary, int extended) {
        if (extended >= 0 && extended != primary) {
            String name = EXTENDED.get(extended);
            if (name != null) {
                return name;
            }
        }
        int p = primary >= 0 ? primary : extended;
        if (p >= 0 && (p & 0xFF) < PRIMARY.length) {
            return PRIMARY[p & 0xFF];
        }
        if (p == 100) {
            return "SQLITE_ROW";
        }
        if (p == 101) {
            return "SQLITE_DONE";
        }
        return "SQLITE_UNKNOWN_" + primary;
    }

    /** What the messages may mention about the database; never the key itself. */
    record Context(String displayPath, boolean keyConfigured, byte[] keyToScrub, boolean replica) {
        static final Context NONE = new Context(null, false, null, false);
    }

    /**
     * The public exception for a failed native call.
     *
     * @param e    what the native layer threw
     * @param sql  the statement, for the message; null if none
     * @param ctx  the database, for the wrong-key message and for scrubbing
     */
    static LibSqlException map(NativeException e, String sql, Context ctx) {
        String message = scrub(e.getMessage() == null ? "" : e.getMessage(), ctx);
        String suffix = sql == null ? "" : " [in: " + abbreviate(sql) + "]";
        int code = e.code();
        if (code == -2) {
            return new LibSqlException(NATIVE_PANIC, -1, "Internal error in the libsql4j native library (a Rust panic"
                    + " was caught; please report it): " + message + suffix, e);
        }
        if (code < 0) {
            return new LibSqlException(NATIVE_ERROR, -1, message + suffix, e);
        }
        int extended = e.extendedCode() >= 0 ? e.extendedCode() : code;
        if ((code & 0xFF) == SQLITE_NOTADB && ctx.displayPath() != null) {
            message = notADatabase(ctx) + " (" + message + ")";
        } else if ((code & 0xFF) == SQLITE_INTERRUPT) {
            message = "Interrupted: " + message + " (Connection.interrupt() was called)";
        }
        return Errors.fromCode(codeName(code, extended), extended, message + suffix, e);
    }

    /** The message for SQLITE_NOTADB on a database, saying what the key has to do with it. */
    static String notADatabase(Context ctx) {
        if (ctx.keyConfigured()) {
            return "Cannot open " + ctx.displayPath() + ": wrong encryption key, or the file is not an encrypted"
                    + " libSQL database";
        }
        return "Cannot open " + ctx.displayPath() + ": the file is encrypted (configure its encryptionKey) or is not"
                + " a database";
    }

    /** A failed sync or replica open: {@code -1} errors are network or server trouble there. */
    static LibSqlException mapSync(NativeException e, String what, Context ctx) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (e.code() == -1 && ctx.displayPath() != null && m.contains("file is not a database")) {
            // The replication layer reports SQLITE_NOTADB as text only (libsql's Injector error).
            return Errors.fromCode("SQLITE_NOTADB", SQLITE_NOTADB, notADatabase(ctx) + " (" + what + " failed: "
                    + scrub(m, ctx) + ")", e);
        }
        if (e.code() == -1) {
            return new ConnectionException(SYNC_FAILED, -1, what + " failed: " + scrub(e.getMessage(), ctx), e);
        }
        LibSqlException mapped = map(e, null, ctx);
        return Errors.fromCode(mapped.code(), mapped.extendedCode(), what + " failed: " + mapped.getMessage(), e);
    }

    /** Removes the key from a message, should the native layer ever echo it. */
    static String scrub(String message, Context ctx) {
        byte[] key = ctx.keyToScrub();
        if (message == null || key == null || key.length < 4) {
            return message;
        }
        String k = new String(key, java.nio.charset.StandardCharsets.UTF_8);
        return k.isEmpty() ? message : message.replace(k, "***");
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() <= 200 ? one : one.substring(0, 197) + "...";
    }
}
