package dev.libsql4j.cli;

import dev.libsql4j.AuthenticationException;
import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.ConnectionException;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.ProtocolException;
import dev.libsql4j.spi.DatabaseUrl;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * The {@code libsql4j} shell: {@code java -jar libsql4j.jar [options] [DATABASE [SQL...]]}.
 *
 * <p>Input comes from {@code -c} (run and exit), from stdin when it is not a terminal, or from an
 * interactive JLine prompt with history in {@code ~/.libsql4j_history}. Exit codes: 0 success,
 * 1 a statement, command or the connection failed (non-interactive runs stop at the first error),
 * 2 bad command-line usage.
 */
@Command(
        name = "libsql4j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Interactive shell for libSQL and Turso databases.",
            "",
            "DATABASE is a local file (like sqlite3) or a URL; without it, ./libsql4j.db.",
            "SQL arguments after DATABASE run like -c. Statements end at ';'.",
            "Type .help at the prompt for the dot commands.",
        },
        footer = {
            "",
            "Exit status: 0 ok; 1 an error (non-interactive runs stop at the first error); 2 bad usage.",
            "Examples:",
            "  libsql4j app.db 'SELECT 1'",
            "  libsql4j --url http://127.0.0.1:8080 -c 'SELECT 1'",
            "  LIBSQL_AUTH_TOKEN=... libsql4j --url libsql://db-org.turso.io",
            "  libsql4j --url file:replica.db --sync-url libsql://db-org.turso.io",
            "  libsql4j --mode csv < script.sql",
        })
public final class Main implements Callable<Integer> {

    static final String DEFAULT_URL = "file:libsql4j.db";
    static final String TOKEN_ENV = "LIBSQL_AUTH_TOKEN";
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    /** {@code host:port}, maybe with a path or query: a server address given without its scheme. */
    private static final Pattern HOST_PORT = Pattern.compile("^(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9][A-Za-z0-9.-]*):[0-9]{1,5}([/?].*)?$");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL",
            description = "Database URL: libsql://, https://, http://, wss://, ws:// (Hrana over WebSocket), file:PATH or :memory: (a URL, never a bare path).")
    String url;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DATABASE",
            description = "A local file path (like sqlite3) or a URL as for --url (default: libsql4j.db).")
    String database;

    @Parameters(index = "1..*", paramLabel = "SQL",
            description = "SQL statements or one dot command per argument, run in order, then exit (like -c).")
    List<String> sql;

    @Option(names = "--auth-token", paramLabel = "TOKEN",
            description = "Auth token for remote databases (default: $" + TOKEN_ENV + "). Never printed.")
    String authToken;

    @Option(names = "--sync-url", paramLabel = "URL",
            description = "Primary to sync from; makes the local file an embedded replica.")
    String syncUrl;

    @Option(names = "--encryption-key-file", paramLabel = "FILE",
            description = "Encrypt the local file with the key bytes read from FILE (used as is). Never printed.")
    Path encryptionKeyFile;

    @Option(names = {"-c", "--command"}, paramLabel = "SQL",
            description = "Run SQL statements or one dot command, then exit. May be repeated.")
    List<String> commands;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "box",
            description = "Output mode: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputMode mode;

    @Option(names = "--nullvalue", paramLabel = "TEXT", defaultValue = "",
            description = "Text shown for NULL in box, table, line and csv output (default: empty, like sqlite3).")
    String nullValue;

    @Option(names = "--interactive",
            description = "Show the prompt even when stdin is not a terminal (like sqlite3 -interactive).")
    boolean forceInteractive;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final boolean stdinIsTerminal;

    Main(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean stdinIsTerminal) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.stdinIsTerminal = stdinIsTerminal;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(args, System.in, out, err, System.getenv(), isTerminal());
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * True when stdin and stdout are a terminal. Java 22+ returns a {@code Console} even when
     * redirected, so ask {@code Console.isTerminal()} where it exists.
     */
    static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true; // Java 17-21: a non-null console means a terminal
        }
    }

    /** The entry point without {@code System.exit}: tests call this with their own streams. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err,
                   Map<String, String> env, boolean stdinIsTerminal) {
        Main main = new Main(in, out, err, env, stdinIsTerminal);
        CommandLine cl = new CommandLine(main)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    err.println("Error: " + Shell.redact(String.valueOf(e.getMessage()), main.token()));
                    return 1;
                });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private String token() {
        if (authToken != null) {
            return authToken;
        }
        return env == null ? null : env.get(TOKEN_ENV);
    }

    @Override
    public Integer call() {
        if (url != null && database != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give the database either as --url or as DATABASE, not both (with --url, pass SQL with -c)");
        }
        if (commands != null && sql != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give SQL either with -c or after DATABASE, not both");
        }
        // --url must be a URL (a bare path or host:port fails with a hint); DATABASE may be a path.
        String target = url != null ? url.trim() : database != null ? normalize(database) : DEFAULT_URL;
        String token = token();
        List<String> run = commands != null ? commands : sql;
        boolean interactive = run == null && (stdinIsTerminal || forceInteractive);
        Shell shell;
        try {
            Config.Builder b = Config.builder(target);
            if (token != null && !token.isBlank()) {
                b.authToken(token);
            }
            if (syncUrl != null) {
                b.syncUrl(syncUrl);
            }
            if (encryptionKeyFile != null) {
                b.encryptionKey(readKey(encryptionKeyFile));
            }
            shell = new Shell(open(b.build()), out, err, mode, interactive, token, this::openForShell);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("Error: " + Shell.redact(e.getMessage(), token));
            return 1;
        } catch (LibSqlException e) {
            err.println("Error: " + Shell.redact(e.getMessage(), token) + " (" + e.code() + ")");
            return 1;
        }
        try (shell) {
            shell.nullValue(nullValue);
            if (run != null) {
                for (String c : run) {
                    if (!shell.runCommand(c)) {
                        break;
                    }
                }
            } else if (interactive) {
                interactive(shell, target);
                return shell.stoppedOnError() ? 1 : 0;
            } else {
                shell.runScript(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            return shell.failed() ? 1 : 0;
        } catch (LibSqlException e) {
            err.println("Error: " + Shell.redact(e.getMessage(), token) + " (" + e.code() + ")");
            return 1;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("Error: " + Shell.redact(e.getMessage(), token));
            return 1;
        } catch (IOException e) {
            err.println("Error: cannot read input: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
        }
    }

    /** What {@code .open} uses: the same token, without the replica and encryption settings. */
    private Shell.Opened openForShell(String target) {
        String t = target.isBlank() ? ":memory:" : normalize(target);
        Config.Builder b = Config.builder(t);
        String token = token();
        if (token != null && !token.isBlank() && DatabaseUrl.parse(t).kind() == DatabaseUrl.Kind.REMOTE) {
            b.authToken(token);
        }
        return open(b.build());
    }

    /**
     * Opens the database and one connection, and for a server checks on the spot that it answers
     * (one {@code SELECT 1}): the shell must not say "connected" when nothing listens, and a
     * script should fail before its first statement, with a message that says what is wrong.
     *
     * @throws LibSqlException naming the URL and what failed; nothing is left open
     */
    static Shell.Opened open(Config config) {
        Database db = LibSql.open(config);
        try {
            Connection conn = db.connect();
            if (config.parsedUrl().kind() == DatabaseUrl.Kind.REMOTE) {
                checkServer(conn, config.parsedUrl());
            }
            return new Shell.Opened(db, conn);
        } catch (RuntimeException e) {
            try {
                db.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static void checkServer(Connection conn, DatabaseUrl url) {
        String shown = displayUrl(url.toString());
        try {
            conn.execute("SELECT 1");
        } catch (ProtocolException e) {
            throw new ProtocolException(e.code(), shown
                    + " does not answer like a libSQL server (sqld or Turso, Hrana over HTTP or WebSocket): " + e.getMessage(), e);
        } catch (AuthenticationException e) {
            throw new AuthenticationException(e.code(), "Cannot open " + shown + ": " + e.getMessage()
                    + " (--auth-token or $" + TOKEN_ENV + ")", e);
        } catch (ConnectionException e) {
            throw new ConnectionException(e.code(), "Cannot open " + shown + ": " + e.getMessage(), e);
        }
    }

    /**
     * A DATABASE argument: a URL stays as it is, a bare path means a local file (as in sqlite3).
     * {@code host:port} stays too, so that it fails with a hint to add {@code http://} instead of
     * creating a file of that name.
     */
    static String normalize(String target) {
        String t = target.trim();
        if (t.equals(":memory:") || SCHEME.matcher(t).matches() || HOST_PORT.matcher(t).matches()) {
            return t;
        }
        return "file:" + t;
    }

    private static byte[] readKey(Path file) {
        try {
            byte[] key = Files.readAllBytes(file);
            if (key.length == 0) {
                throw new IllegalArgumentException("encryption key file '" + file + "' is empty");
            }
            return key;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("encryption key file '" + file + "' does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read encryption key file '" + file + "': " + e.getMessage(), e);
        }
    }

    /** Strips the query (which may carry a token) for the banner. */
    static String displayUrl(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    private void interactive(Shell shell, String target) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            Path history = Path.of(System.getProperty("user.home"), ".libsql4j_history");
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("libsql4j")
                    .variable(LineReader.HISTORY_FILE, history)
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .option(LineReader.Option.HISTORY_IGNORE_SPACE, false)
                    .build();
            terminal.handle(Terminal.Signal.INT, s -> shell.interrupt());
            out.println("libsql4j " + Version.get() + " connected to " + displayUrl(target)
                    + ". Enter .help for commands, .quit to exit.");
            out.flush();
            SqlSplitter splitter = new SqlSplitter();
            while (true) {
                String line;
                try {
                    line = reader.readLine(splitter.isEmpty() ? "libsql4j> " : "     ...> ");
                } catch (UserInterruptException e) {
                    splitter.flush();
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (!shell.runLine(splitter, line)) {
                    break; // .quit, or an error with .bail on
                }
            }
            reader.getHistory().save();
        }
    }

    /** Reads the version Maven wrote into {@code version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        static String get() {
            try (InputStream s = Main.class.getResourceAsStream("version.properties")) {
                if (s == null) {
                    return "unknown";
                }
                Properties p = new Properties();
                p.load(s);
                return p.getProperty("version", "unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }

        @Override
        public String[] getVersion() {
            return new String[] {"libsql4j " + Version.get() + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
