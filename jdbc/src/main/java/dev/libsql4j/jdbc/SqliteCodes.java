package dev.libsql4j.jdbc;

import java.util.HashMap;
import java.util.Map;

/**
 * SQLite result code names and numbers, for the vendor code of an {@link java.sql.SQLException}.
 * The HTTP transport reports codes by name only ({@code SQLITE_CONSTRAINT}, with no number and
 * often without the extended part), so the number is looked up here, and for a plain
 * {@code SQLITE_CONSTRAINT} the extended code is recovered from SQLite's fixed message text.
 */
final class SqliteCodes {
    private static final Map<String, Integer> CODES = new HashMap<>();

    static {
        String[] primary = {"SQLITE_OK", "SQLITE_ERROR", "SQLITE_INTERNAL", "SQLITE_PERM", "SQLITE_ABORT",
            "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_NOMEM", "SQLITE_READONLY", "SQLITE_INTERRUPT", "SQLITE_IOERR",
            "SQLITE_CORRUPT", "SQLITE_NOTFOUND", "SQLITE_FULL", "SQLITE_CANTOPEN", "SQLITE_PROTOCOL", "SQLITE_EMPTY",
            "SQLITE_SCHEMA", "SQLITE_TOOBIG", "SQLITE_CONSTRAINT", "SQLITE_MISMATCH", "SQLITE_MISUSE", "SQLITE_NOLFS",
            "SQLITE_AUTH", "SQLITE_FORMAT", "SQLITE_RANGE", "SQLITE_NOTADB", "SQLITE_NOTICE", "SQLITE_WARNING"};
        for (int i = 0; i < primary.length; i++) {
            CODES.put(primary[i], i);
        }
        CODES.put("SQLITE_ROW", 100);
        CODES.put("SQLITE_DONE", 101);
        ext("SQLITE_ERROR_MISSING_COLLSEQ", 1, 1);
        ext("SQLITE_ERROR_RETRY", 1, 2);
        ext("SQLITE_ERROR_SNAPSHOT", 1, 3);
        ext("SQLITE_ABORT_ROLLBACK", 4, 2);
        ext("SQLITE_BUSY_RECOVERY", 5, 1);
        ext("SQLITE_BUSY_SNAPSHOT", 5, 2);
        ext("SQLITE_BUSY_TIMEOUT", 5, 3);
        ext("SQLITE_LOCKED_SHAREDCACHE", 6, 1);
        ext("SQLITE_LOCKED_VTAB", 6, 2);
        ext("SQLITE_READONLY_RECOVERY", 8, 1);
        ext("SQLITE_READONLY_CANTLOCK", 8, 2);
        ext("SQLITE_READONLY_ROLLBACK", 8, 3);
        ext("SQLITE_READONLY_DBMOVED", 8, 4);
        ext("SQLITE_READONLY_CANTINIT", 8, 5);
        ext("SQLITE_READONLY_DIRECTORY", 8, 6);
        ext("SQLITE_IOERR_READ", 10, 1);
        ext("SQLITE_IOERR_SHORT_READ", 10, 2);
        ext("SQLITE_IOERR_WRITE", 10, 3);
        ext("SQLITE_IOERR_FSYNC", 10, 4);
        ext("SQLITE_IOERR_NOMEM", 10, 12);
        ext("SQLITE_CORRUPT_VTAB", 11, 1);
        ext("SQLITE_CANTOPEN_NOTEMPDIR", 14, 1);
        ext("SQLITE_CANTOPEN_ISDIR", 14, 2);
        ext("SQLITE_CANTOPEN_FULLPATH", 14, 3);
        ext("SQLITE_CONSTRAINT_CHECK", 19, 1);
        ext("SQLITE_CONSTRAINT_COMMITHOOK", 19, 2);
        ext("SQLITE_CONSTRAINT_FOREIGNKEY", 19, 3);
        ext("SQLITE_CONSTRAINT_FUNCTION", 19, 4);
        ext("SQLITE_CONSTRAINT_NOTNULL", 19, 5);
        ext("SQLITE_CONSTRAINT_PRIMARYKEY", 19, 6);
        ext("SQLITE_CONSTRAINT_TRIGGER", 19, 7);
        ext("SQLITE_CONSTRAINT_UNIQUE", 19, 8);
        ext("SQLITE_CONSTRAINT_VTAB", 19, 9);
        ext("SQLITE_CONSTRAINT_ROWID", 19, 10);
        ext("SQLITE_CONSTRAINT_PINNED", 19, 11);
        ext("SQLITE_CONSTRAINT_DATATYPE", 19, 12);
        ext("SQLITE_NOTICE_RECOVER_WAL", 27, 1);
        ext("SQLITE_NOTICE_RECOVER_ROLLBACK", 27, 2);
        ext("SQLITE_AUTH_USER", 23, 1);
    }

    private SqliteCodes() {
    }

    private static void ext(String name, int primary, int n) {
        CODES.put(name, primary | (n << 8));
    }

    /** The number of a {@code SQLITE_*} code name, or -1 if it is not one. */
    static int number(String name) {
        Integer n = name == null ? null : CODES.get(name);
        return n == null ? -1 : n;
    }

    /**
     * The most precise code name: a plain {@code SQLITE_CONSTRAINT} becomes the extended name that
     * SQLite's message shows ("UNIQUE constraint failed: ..." is {@code SQLITE_CONSTRAINT_UNIQUE}).
     */
    static String refine(String code, String message) {
        if (!"SQLITE_CONSTRAINT".equals(code) || message == null) {
            return code;
        }
        if (message.contains("UNIQUE constraint failed")) {
            return "SQLITE_CONSTRAINT_UNIQUE";
        } else if (message.contains("NOT NULL constraint failed")) {
            return "SQLITE_CONSTRAINT_NOTNULL";
        } else if (message.contains("FOREIGN KEY constraint failed")) {
            return "SQLITE_CONSTRAINT_FOREIGNKEY";
        } else if (message.contains("CHECK constraint failed")) {
            return "SQLITE_CONSTRAINT_CHECK";
        } else if (message.contains("PRIMARY KEY")) {
            return "SQLITE_CONSTRAINT_PRIMARYKEY";
        }
        return code;
    }
}
