package dev.libsql4j.cli;

import dev.libsql4j.Column;
import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.Statement;
import dev.libsql4j.SyncResult;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.spi.DatabaseUrl;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Runs SQL statements and dot commands on one {@link Connection} and prints the results.
 *
 * <p>Error policy: every error is printed as {@code Error: <message> (<code>)} on stderr. In
 * non-interactive use ({@code -c}, piped stdin, {@code .read} inside those) the first error stops
 * the run and the exit code is 1, like {@code sqlite3 -bail}: a script that half-failed should
 * not run on against a state it did not expect. Interactive sessions print the error and go on.
 * {@code .bail on|off} changes either default.
 *
 * <p>The shell owns its database and connection ({@code .open} replaces them) and closes them,
 * and a {@code .output} file, in {@link #close()}.
 *
 * <p>Not thread-safe, except {@link #interrupt()}, which a signal handler may call.
 */
final class Shell implements AutoCloseable {

    /** A database and the one connection the shell uses on it. */
    record Opened(Database db, Connection conn) {
    }

    /** Rows per batch request in {@code .import}. */
    static final int IMPORT_BATCH = 500;

    /** Files at least this large get a progress bar on stderr during {@code .import}. */
    static final long PROGRESS_BYTES = Long.getLong("libsql4j.cli.progressBytes", 1L << 20);

    private Database db;
    private volatile Connection conn;
    private final PrintStream stdout;
    private PrintStream out;
    private final PrintStream err;
    private final boolean interactive;
    private final String secret;
    private final Function<String, Opened> opener;
    private OutputMode mode;
    private String nullValue = "";
    private boolean headers = true;
    private boolean bail;
    private boolean stopped;
    private boolean timer;
    private boolean quit;
    private boolean failed;
    private Transaction tx;

    /**
     * @param opened the database and connection; the shell closes them
     * @param opener opens the target of {@code .open} (a path or URL; empty means {@code :memory:})
     */
    Shell(Opened opened, PrintStream out, PrintStream err, OutputMode mode, boolean interactive, String secret,
          Function<String, Opened> opener) {
        this.db = opened.db();
        this.conn = opened.conn();
        this.stdout = out;
        this.out = out;
        this.err = err;
        this.mode = mode;
        this.interactive = interactive;
        this.bail = !interactive;
        this.secret = secret;
        this.opener = opener;
    }

    /** The text shown for NULL in box, table, line and csv output. */
    void nullValue(String text) {
        this.nullValue = text;
    }

    /** True if an error ended the run because bail is on. */
    boolean stoppedOnError() {
        return stopped;
    }

    private ResultPrinter printer() {
        return new ResultPrinter(out, nullValue, headers);
    }

    /** Rolls back an open transaction, closes the connection and the database, and a {@code .output} file. */
    @Override
    public void close() {
        try {
            closeDatabase();
        } finally {
            output(List.of());
        }
    }

    /** Closes the connection (which rolls back a transaction still open) and then the database. */
    private void closeDatabase() {
        tx = null;
        Database d = db;
        try {
            conn.close();
        } finally {
            d.close();
        }
    }

    boolean quitRequested() {
        return quit;
    }

    /** True once any statement or command failed. */
    boolean failed() {
        return failed;
    }

    OutputMode mode() {
        return mode;
    }

    void interrupt() {
        conn.interrupt();
    }

    /**
     * Runs every statement and dot command read from {@code in}. Returns false if it stopped on an
     * error (non-interactive) or on {@code .quit}.
     */
    boolean runScript(Reader in) throws IOException {
        BufferedReader reader = in instanceof BufferedReader b ? b : new BufferedReader(in);
        SqlSplitter splitter = new SqlSplitter();
        String line;
        while ((line = reader.readLine()) != null) {
            if (!runLine(splitter, line)) {
                return false;
            }
        }
        String rest = splitter.flush();
        return rest == null || runSql(rest);
    }

    /**
     * Handles one input line: a dot command when no statement is pending, otherwise SQL that is
     * run as soon as a statement completes. Returns false to stop (quit, or error when bailing).
     */
    boolean runLine(SqlSplitter splitter, String line) {
        if (splitter.isEmpty() && line.stripLeading().startsWith(".")) {
            splitter.flush();
            return runDotCommand(line.strip());
        }
        for (String sql : splitter.feed(line + "\n")) {
            if (!runSql(sql)) {
                return false;
            }
        }
        return true;
    }

    /** Runs the text of {@code -c}: one dot command, or any number of SQL statements. */
    boolean runCommand(String text) {
        if (text.stripLeading().startsWith(".")) {
            return runDotCommand(text.strip());
        }
        SqlSplitter splitter = new SqlSplitter();
        for (String sql : splitter.feed(text)) {
            if (!runSql(sql)) {
                return false;
            }
        }
        String rest = splitter.flush();
        return rest == null || runSql(rest);
    }

    /** Runs one SQL statement and prints its rows. Returns false if it failed and we bail. */
    boolean runSql(String sql) {
        long start = System.nanoTime();
        try {
            executeAndPrint(sql);
            return true;
        } catch (RuntimeException e) {
            return error(e);
        } finally {
            if (timer) {
                err.printf(Locale.ROOT, "Run Time: real %.3f s%n", (System.nanoTime() - start) / 1e9);
            }
        }
    }

    private void executeAndPrint(String sql) {
        if (transactionControl(sql)) {
            return;
        }
        if (streams(sql)) {
            try (Cursor cursor = conn.query(sql)) {
                List<Column> columns = cursor.columns();
                if (columns.isEmpty()) {
                    cursor.forEach(r -> { });
                } else {
                    printer().print(mode, columns, cursor.iterator());
                }
            }
        } else {
            Result r = conn.execute(sql);
            if (!r.columns().isEmpty()) {
                printer().print(mode, r.columns(), r.rows().iterator());
            }
        }
    }

    /**
     * BEGIN, COMMIT/END and ROLLBACK (without TO) map onto {@link Connection#begin} and the
     * {@link Transaction} it returns: over HTTP a bare {@code BEGIN} statement would run on a
     * stream of its own and be lost, so the shell keeps the transaction object instead. Returns
     * true if the statement was handled here.
     */
    private boolean transactionControl(String sql) {
        List<String> words = keywords(sql, 3);
        if (words.isEmpty()) {
            return false;
        }
        boolean active = tx != null && tx.isActive();
        switch (words.get(0)) {
            case "BEGIN" -> {
                if (active) {
                    throw new IllegalStateException("cannot start a transaction within a transaction");
                }
                TransactionMode m = TransactionMode.DEFERRED;
                if (words.size() > 1) {
                    switch (words.get(1)) {
                        case "IMMEDIATE" -> m = TransactionMode.IMMEDIATE;
                        case "EXCLUSIVE" -> m = TransactionMode.EXCLUSIVE;
                        case "DEFERRED", "TRANSACTION" -> m = TransactionMode.DEFERRED;
                        default -> {
                            return false;
                        }
                    }
                }
                tx = conn.begin(m);
                return true;
            }
            case "COMMIT", "END" -> {
                if (!active) {
                    return false; // let the database report "no transaction is active"
                }
                // A COMMIT the database refused but kept (a deferred foreign key, locally) leaves
                // the transaction open, as in sqlite3: keep it for the next COMMIT or ROLLBACK.
                tx.commit();
                tx.close();
                tx = null;
                return true;
            }
            case "ROLLBACK" -> {
                if (!active || words.contains("TO")) {
                    return false;
                }
                Transaction t = tx;
                tx = null;
                t.close(); // rolls back
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** The first {@code max} words of the statement, upper-cased, skipping comments. */
    static List<String> keywords(String sql, int max) {
        List<String> words = new ArrayList<>(max);
        String rest = sql;
        while (words.size() < max) {
            String w = firstKeyword(rest);
            if (w.isEmpty()) {
                break;
            }
            words.add(w);
            int at = rest.toUpperCase(Locale.ROOT).indexOf(w);
            rest = rest.substring(at + w.length());
        }
        return words;
    }

    /** The transaction the user opened with BEGIN, if it is still open. */
    private Transaction openTransaction() {
        return tx != null && tx.isActive() ? tx : null;
    }

    /** Queries that may return many rows go through a cursor, so they stream. */
    static boolean streams(String sql) {
        String kw = firstKeyword(sql);
        return kw.equals("SELECT") || kw.equals("VALUES") || kw.equals("WITH");
    }

    static String firstKeyword(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        int s = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(s, i).toUpperCase(Locale.ROOT);
    }

    /** Prints the error; returns whether to go on. */
    private boolean error(Throwable e) {
        failed = true;
        err.println(describe(e));
        err.flush();
        if (bail) {
            stopped = true;
        }
        return !bail;
    }

    String describe(Throwable e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof LibSqlException le) {
            msg = msg + " (" + le.code() + ")";
        } else if (e instanceof UncheckedIOException && e.getCause() != null) {
            msg = e.getCause().getMessage();
        }
        return "Error: " + redact(msg, secret);
    }

    static String redact(String msg, String secret) {
        if (secret != null && !secret.isEmpty() && msg.contains(secret)) {
            return msg.replace(secret, "<redacted>");
        }
        return msg;
    }

    // ---- dot commands ------------------------------------------------------------------------

    static final String HELP = String.join("\n",
            ".bail on|off          Stop at the first error (default: on for -c and scripts, off at the prompt)",
            ".databases            List the open database and any attached ones",
            ".dump [TABLE]         Print the schema and data as SQL (INSERTs; blobs as X'..')",
            ".exit                 Exit the shell (same as .quit)",
            ".headers on|off       Header row in csv output (box and table always show it, as in sqlite3)",
            ".help                 Show this help",
            ".import FILE TABLE    Import CSV (RFC 4180) into TABLE; first row is the header,",
            "                      the table is created (TEXT columns) if missing",
            ".indexes [TABLE]      List indexes, optionally only those of TABLE",
            ".mode [MODE]          Set or show the output mode: box, table, csv, json, line",
            ".nullvalue TEXT       Show NULL as TEXT (default: empty, as in sqlite3; .nullvalue '' resets)",
            ".open [FILE|URL]      Close this database and open another (a path is a local file;",
            "                      no argument: a new in-memory database)",
            ".output [FILE]        Write results to FILE (replaced); no argument or 'stdout': back to stdout",
            ".quit                 Exit the shell",
            ".read FILE            Run SQL statements and dot commands from FILE",
            ".schema [TABLE]       Show CREATE statements, optionally only for TABLE",
            ".sync                 Pull changes from the primary (embedded replica, --sync-url)",
            ".tables [PATTERN]     List tables and views",
            ".timer on|off         Print the run time of each statement on stderr",
            "");

    boolean runDotCommand(String line) {
        List<String> args;
        try {
            args = splitArgs(line.substring(1));
        } catch (IllegalArgumentException e) {
            return error(e);
        }
        if (args.isEmpty()) {
            return error(new IllegalArgumentException("empty dot command; try .help"));
        }
        String cmd = args.get(0).toLowerCase(Locale.ROOT);
        List<String> rest = args.subList(1, args.size());
        try {
            switch (cmd) {
                case "quit", "exit", "q" -> {
                    quit = true;
                    return false;
                }
                case "help" -> out.print(HELP);
                case "tables" -> tables(rest);
                case "schema" -> schema(rest);
                case "indexes", "indices" -> indexes(rest);
                case "mode" -> mode(rest);
                case "timer" -> timer = onOff(rest, ".timer on|off");
                case "headers", "header" -> headers = onOff(rest, ".headers on|off");
                case "bail" -> bail = onOff(rest, ".bail on|off");
                case "nullvalue" -> {
                    arity(rest, 1, 1, ".nullvalue TEXT");
                    nullValue = rest.get(0);
                }
                case "output" -> output(rest);
                case "open" -> open(rest);
                case "databases" -> databases(rest);
                case "read" -> {
                    return read(rest);
                }
                case "dump" -> new Dumper(conn, out).dump(rest.isEmpty() ? null : rest.get(0));
                case "import" -> importCsv(rest);
                case "sync" -> {
                    arity(rest, 0, 0, ".sync");
                    SyncResult r = conn.database().sync();
                    out.println("synced " + r.framesSynced() + " frames; now at frame " + r.frameNo());
                }
                default -> throw new IllegalArgumentException("unknown command '." + args.get(0) + "'; try .help");
            }
            out.flush();
            return true;
        } catch (RuntimeException e) {
            return error(e);
        }
    }

    private static void arity(List<String> args, int min, int max, String usage) {
        if (args.size() < min || args.size() > max) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    private void tables(List<String> args) {
        arity(args, 0, 1, ".tables [PATTERN]");
        String sql = "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                + (args.isEmpty() ? "" : " AND name LIKE ?") + " ORDER BY name";
        Result r = args.isEmpty() ? conn.execute(sql) : conn.execute(sql, args.get(0));
        for (Row row : r.rows()) {
            out.println(row.getString(0));
        }
    }

    private void schema(List<String> args) {
        arity(args, 0, 1, ".schema [TABLE]");
        String sql = "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                + (args.isEmpty() ? "" : " AND lower(tbl_name) = lower(?)")
                + " ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1 WHEN 'index' THEN 2 ELSE 3 END, rowid";
        Result r = args.isEmpty() ? conn.execute(sql) : conn.execute(sql, args.get(0));
        if (!args.isEmpty() && r.rows().isEmpty()) {
            throw new IllegalArgumentException("no such table: " + args.get(0));
        }
        for (Row row : r.rows()) {
            out.println(row.getString(0) + ";");
        }
    }

    private void indexes(List<String> args) {
        arity(args, 0, 1, ".indexes [TABLE]");
        String sql = "SELECT name FROM sqlite_master WHERE type = 'index'"
                + (args.isEmpty() ? "" : " AND lower(tbl_name) = lower(?)") + " ORDER BY name";
        Result r = args.isEmpty() ? conn.execute(sql) : conn.execute(sql, args.get(0));
        for (Row row : r.rows()) {
            out.println(row.getString(0));
        }
    }

    private void mode(List<String> args) {
        arity(args, 0, 1, ".mode box|table|csv|json|line");
        if (args.isEmpty()) {
            out.println("current output mode: " + mode);
        } else {
            mode = OutputMode.parse(args.get(0));
        }
    }

    private static boolean onOff(List<String> args, String usage) {
        arity(args, 1, 1, usage);
        return switch (args.get(0).toLowerCase(Locale.ROOT)) {
            case "on", "1", "yes", "true" -> true;
            case "off", "0", "no", "false" -> false;
            default -> throw new IllegalArgumentException("usage: " + usage);
        };
    }

    /** {@code .output FILE} sends results to FILE (truncated); no argument or {@code stdout} goes back. */
    private void output(List<String> args) {
        arity(args, 0, 1, ".output [FILE]");
        PrintStream next = stdout;
        if (!args.isEmpty() && !args.get(0).equals("stdout")) {
            String name = args.get(0);
            if (name.startsWith("|")) {
                throw new IllegalArgumentException("piping output to a command is not supported: " + name);
            }
            try {
                next = new PrintStream(new BufferedOutputStream(Files.newOutputStream(path(name)), 1 << 16),
                        false, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write '" + name + "': " + e, e);
            }
        }
        PrintStream previous = out;
        out = next;
        if (previous != stdout) {
            previous.close();
            if (previous.checkError()) {
                throw new UncheckedIOException(new IOException("writing the previous .output file failed"));
            }
        }
    }

    /**
     * {@code .open [TARGET]}: opens (and, for a server, checks) the new database first, so a bad
     * target leaves the current one in use; then closes the current one, rolling back a
     * transaction still open in it.
     */
    private void open(List<String> args) {
        arity(args, 0, 1, ".open [FILE|URL]");
        Opened next = opener.apply(args.isEmpty() ? "" : args.get(0));
        boolean rolledBack = openTransaction() != null;
        try {
            closeDatabase();
        } finally {
            db = next.db();
            conn = next.conn();
        }
        if (rolledBack) {
            err.println("note: the open transaction on the previous database was rolled back");
        }
    }

    /** {@code .databases}: {@code name: file r/w} per database, as sqlite3 (the URL for a server). */
    private void databases(List<String> args) {
        arity(args, 0, 0, ".databases");
        DatabaseUrl url = db.config().parsedUrl();
        for (Row row : conn.execute("PRAGMA database_list").rows()) {
            String name = row.getString("name");
            String file = row.getString("file");
            if (url.kind() == DatabaseUrl.Kind.REMOTE && name.equals("main")) {
                file = Main.displayUrl(url.toString());
            }
            out.println(name + ": " + (file == null || file.isEmpty() ? "\"\"" : file) + " r/w");
        }
    }

    private boolean read(List<String> args) {
        arity(args, 1, 1, ".read FILE");
        Path file = path(args.get(0));
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            boolean ok = runScript(r);
            return ok || (!quit && !bail);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot open '" + args.get(0) + "': no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read '" + args.get(0) + "': " + e.getMessage(), e);
        }
    }

    private static Path path(String s) {
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("bad file name '" + s + "': " + e.getMessage());
        }
    }

    // ---- .import -----------------------------------------------------------------------------

    private void importCsv(List<String> args) {
        arity(args, 2, 2, ".import FILE TABLE");
        Path file = path(args.get(0));
        String table = args.get(1);
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot open '" + args.get(0) + "': no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read '" + args.get(0) + "': " + e.getMessage(), e);
        }
        boolean progress = size >= PROGRESS_BYTES;
        long rows = 0;
        try (CsvReader csv = new CsvReader(new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16))) {
            List<String> header = csv.next();
            if (header == null) {
                throw new IllegalArgumentException("'" + args.get(0) + "' is empty; expected a header row");
            }
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
                header.set(0, header.get(0).substring(1));
            }
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).isEmpty()) {
                    throw new IllegalArgumentException("header column " + (i + 1) + " of '" + args.get(0) + "' is empty");
                }
            }
            String insert = "INSERT INTO " + Dumper.quoteIdent(table) + " ("
                    + String.join(", ", header.stream().map(Dumper::quoteIdent).toList()) + ") VALUES ("
                    + String.join(", ", java.util.Collections.nCopies(header.size(), "?")) + ")";
            Transaction userTx = openTransaction();
            try (Transaction own = userTx == null ? conn.begin(TransactionMode.IMMEDIATE) : null) {
                Transaction tx = userTx != null ? userTx : own;
                boolean exists = !tx.execute(
                        "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND lower(name) = lower(?)", table)
                        .rows().isEmpty();
                if (!exists) {
                    tx.execute("CREATE TABLE " + Dumper.quoteIdent(table) + " ("
                            + String.join(", ", header.stream().map(h -> Dumper.quoteIdent(h) + " TEXT").toList()) + ")");
                }
                List<Statement> batch = new ArrayList<>(IMPORT_BATCH);
                List<String> record;
                long lastDraw = 0;
                while (true) {
                    long line = csv.line();
                    record = csv.next();
                    if (record == null) {
                        break;
                    }
                    if (record.size() > header.size()) {
                        throw new IllegalArgumentException("'" + args.get(0) + "' line " + line + ": "
                                + record.size() + " fields, but the header has " + header.size());
                    }
                    Object[] values = new Object[header.size()];
                    for (int i = 0; i < record.size(); i++) {
                        values[i] = record.get(i);
                    }
                    batch.add(Statement.of(insert, values));
                    if (batch.size() == IMPORT_BATCH) {
                        tx.batch(batch);
                        rows += batch.size();
                        batch.clear();
                        if (progress && System.nanoTime() - lastDraw > 100_000_000L) {
                            drawProgress(csv.consumed(), size, rows);
                            lastDraw = System.nanoTime();
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    tx.batch(batch);
                    rows += batch.size();
                }
                if (own != null) {
                    own.commit();
                }
            }
        } catch (IOException e) {
            if (progress) {
                err.println();
            }
            throw new UncheckedIOException("cannot read '" + args.get(0) + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (progress) {
                err.println();
            }
            throw e;
        }
        if (progress) {
            drawProgress(size, size, rows);
            err.println();
        }
        err.println("imported " + rows + " rows into " + table);
        err.flush();
    }

    private void drawProgress(long done, long total, long rows) {
        int pct = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
        int filled = pct * 30 / 100;
        err.print("\rimporting [" + "#".repeat(filled) + " ".repeat(30 - filled) + "] " + pct + "% " + rows + " rows");
        err.flush();
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Splits dot-command arguments on whitespace; single or double quotes group words. */
    static List<String> splitArgs(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean in = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                in = true;
            } else if (Character.isWhitespace(c)) {
                if (in) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    in = false;
                }
            } else {
                cur.append(c);
                in = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated quote in: ." + s);
        }
        if (in) {
            out.add(cur.toString());
        }
        return out;
    }

}
