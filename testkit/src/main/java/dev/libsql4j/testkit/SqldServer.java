package dev.libsql4j.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A real {@code sqld} (libsql-server) process for integration tests.
 *
 * <p>Each server gets its own temporary directory holding the database ({@code --db-path}), the
 * log file (sqld's stdout and stderr) and, if requested, the JWT key file. It listens only on
 * {@code 127.0.0.1:<free port>}: sqld 0.24 opens no other listener unless asked to (gRPC, admin
 * and legacy Hrana-WebSocket listeners are opt-in), and every {@code SQLD_*} / {@code LIBSQL_*}
 * environment variable is removed from the child environment so nothing can turn them on.
 *
 * <pre>{@code
 * try (SqldServer sqld = SqldServer.start(SqldServer.Options.defaults())) {
 *   String url = sqld.url(); // http://127.0.0.1:PORT
 *   ...
 * }
 * }</pre>
 *
 * <p>The binary is found by {@link #locateBinary()}: system property {@value #BINARY_PROPERTY},
 * then environment variable {@value #BINARY_ENV}, then {@code .tools/sqld/sqld} in the working
 * directory or any parent. If it is missing, {@link #start} throws a {@link SqldException} that
 * says to run {@value #INSTALL_COMMAND}. Tests are never skipped silently.
 *
 * <p>sqld runs under a small bash wrapper that holds the read end of a pipe whose write end only
 * this JVM holds. When the JVM dies for any reason (even {@code kill -9}) the pipe closes and the
 * wrapper SIGKILLs sqld, so no server outlives the test run. A JVM shutdown hook also stops every
 * server that is still running on a normal exit.
 *
 * <p>All methods are thread-safe.
 */
public final class SqldServer implements AutoCloseable {

  /** System property naming the sqld binary. */
  public static final String BINARY_PROPERTY = "libsql4j.sqld";

  /** Environment variable naming the sqld binary, used when the system property is not set. */
  public static final String BINARY_ENV = "LIBSQL4J_SQLD";

  /** The command, run from the repository root, that installs the expected sqld binary. */
  public static final String INSTALL_COMMAND = "bash scripts/install-sqld.sh";

  /** Where {@value #INSTALL_COMMAND} puts the binary, relative to the repository root. */
  public static final String DEFAULT_RELATIVE_PATH = ".tools/sqld/sqld";

  private static final String LOOPBACK = "127.0.0.1";
  private static final int LOG_TAIL_LINES = 60;
  private static final int LOG_TAIL_BYTES = 16 * 1024;
  private static final int MAX_PORT_ATTEMPTS = 8;
  private static final Duration GRACEFUL_STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Wrapper run as {@code bash -c WRAPPER <sqld> <logfile> <args...>}.
   *
   * <ul>
   *   <li>Keeps the JVM's stdin pipe on fd 3 and starts sqld in the background with stdin
   *       {@code /dev/null} and stdout/stderr appended to the log file.
   *   <li>Prints sqld's pid as its only stdout line.
   *   <li>Waits for either sqld to exit (then exits with sqld's status) or the pipe to reach EOF,
   *       which happens when the JVM dies or closes it (then SIGKILLs sqld).
   * </ul>
   */
  private static final String WRAPPER =
      String.join(
          "\n",
          "log=\"$1\"; shift",
          "exec 3<&0 </dev/null",
          "\"$0\" \"$@\" >>\"$log\" 2>&1 3<&- &",
          "p=$!",
          "cat <&3 >/dev/null 2>&1 3<&- &",
          "c=$!",
          "exec 3<&-",
          "trap 'exit 143' TERM INT HUP",
          "trap 'if [ -n \"$p\" ]; then kill -9 \"$p\" 2>/dev/null; fi; kill \"$c\" 2>/dev/null' EXIT",
          "echo \"$p\"",
          "wait -n",
          "if kill -0 \"$p\" 2>/dev/null; then exit 0; fi",
          "wait \"$p\"; rc=$?; p=; exit \"$rc\"",
          "");

  private static final Set<SqldServer> OPEN = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();

  private static final HttpClient HEALTH_CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(1))
          .build();

  private final Options options;
  private final Path binary;
  private final Path tempDir;
  private final Path dbPath;
  private final Path logFile;
  private final Path jwtKeyFile;

  private int port;
  private Process wrapper;
  private OutputStream wrapperStdin;
  private ProcessHandle sqld;
  private boolean closed;
  private String finalLogTail;

  private SqldServer(Options options, Path binary, Path tempDir, Path jwtKeyFile) {
    this.options = options;
    this.binary = binary;
    this.tempDir = tempDir;
    this.dbPath = tempDir.resolve("data.sqld");
    this.logFile = tempDir.resolve("sqld.log");
    this.jwtKeyFile = jwtKeyFile;
  }

  /**
   * Starts sqld with default options and waits until {@code GET /health} answers 200.
   *
   * @return the running server
   * @throws SqldException if the binary is missing or the server does not come up
   */
  public static SqldServer start() {
    return start(Options.defaults());
  }

  /**
   * Starts sqld on a free loopback port with a fresh database and waits until {@code GET /health}
   * answers 200.
   *
   * @param options how to start it
   * @return the running server; {@link #close()} it when done
   * @throws SqldException if the binary is missing, sqld exits during startup (the message has
   *     the tail of its log) or it is not healthy within {@link Options#startupTimeout(Duration)}
   */
  public static SqldServer start(Options options) {
    Options opts = Objects.requireNonNull(options, "options").copy();
    Path binary =
        opts.binary != null ? checkExplicit(opts.binary, "Options.binary(...)") : locateBinary();
    Path tempDir;
    try {
      tempDir = Files.createTempDirectory("libsql4j-sqld-");
    } catch (IOException e) {
      throw new SqldException("cannot create a temp directory for sqld", e);
    }
    try {
      Path keyFile = null;
      if (opts.jwtPublicKey != null) {
        keyFile = tempDir.resolve("jwt-key.pem");
        Files.writeString(keyFile, JwtSigner.toPem(opts.jwtPublicKey), StandardCharsets.US_ASCII);
      } else if (opts.jwtKeyFile != null) {
        keyFile = opts.jwtKeyFile.toAbsolutePath();
        if (!Files.isRegularFile(keyFile)) {
          throw new SqldException("JWT key file does not exist: " + keyFile);
        }
      }
      SqldServer server = new SqldServer(opts, binary, tempDir, keyFile);
      installShutdownHook();
      OPEN.add(server);
      try {
        server.startOnFreePort();
      } catch (RuntimeException | Error e) {
        OPEN.remove(server);
        server.terminate(Duration.ZERO);
        throw e;
      }
      return server;
    } catch (IOException e) {
      deleteRecursively(tempDir);
      throw new SqldException("cannot prepare sqld temp directory " + tempDir, e);
    } catch (RuntimeException | Error e) {
      deleteRecursively(tempDir);
      throw e;
    }
  }

  /**
   * Finds the sqld binary: system property {@value #BINARY_PROPERTY}, else environment variable
   * {@value #BINARY_ENV}, else {@value #DEFAULT_RELATIVE_PATH} in the working directory or the
   * nearest parent that has one. An explicitly configured path that is unusable is an error, not
   * a reason to look elsewhere.
   *
   * @return absolute path of an executable sqld
   * @throws SqldException naming the paths tried and saying to run {@value #INSTALL_COMMAND}
   */
  public static Path locateBinary() {
    String prop = System.getProperty(BINARY_PROPERTY);
    if (prop != null && !prop.isBlank()) {
      return checkExplicit(Path.of(prop.trim()), "system property -D" + BINARY_PROPERTY);
    }
    String env = System.getenv(BINARY_ENV);
    if (env != null && !env.isBlank()) {
      return checkExplicit(Path.of(env.trim()), "environment variable " + BINARY_ENV);
    }
    List<String> tried = new ArrayList<>();
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
    for (; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(DEFAULT_RELATIVE_PATH);
      String problem = problemWith(candidate);
      if (problem == null) {
        return candidate;
      }
      tried.add(candidate + " (" + problem + ")");
    }
    tried.add(0, "system property -D" + BINARY_PROPERTY + " (not set)");
    tried.add(1, "environment variable " + BINARY_ENV + " (not set)");
    throw notFound(tried);
  }

  private static Path checkExplicit(Path path, String source) {
    Path abs = path.toAbsolutePath().normalize();
    String problem = problemWith(abs);
    if (problem != null) {
      throw notFound(List.of(source + " = " + abs + " (" + problem + ")"));
    }
    return abs;
  }

  private static String problemWith(Path p) {
    if (!Files.exists(p)) {
      return "does not exist";
    }
    if (!Files.isRegularFile(p)) {
      return "not a regular file";
    }
    if (!Files.isExecutable(p)) {
      return "not executable";
    }
    return null;
  }

  private static SqldException notFound(List<String> tried) {
    StringBuilder msg =
        new StringBuilder()
            .append("sqld binary not found, so the integration tests cannot run.\n")
            .append("Install it (sqld 0.24.32 into <repo>/")
            .append(DEFAULT_RELATIVE_PATH)
            .append(") by running, from the repository root:\n\n    ")
            .append(INSTALL_COMMAND)
            .append("\n\nor point -D")
            .append(BINARY_PROPERTY)
            .append("=/path/to/sqld or ")
            .append(BINARY_ENV)
            .append(" at an existing binary.\nTried:");
    for (String t : tried) {
      msg.append("\n  - ").append(t);
    }
    return new SqldException(msg.toString());
  }

  // ------------------------------------------------------------------------------- accessors

  /**
   * Returns the base URL of the HTTP API.
   *
   * @return e.g. {@code http://127.0.0.1:41234}, without trailing slash
   */
  public String url() {
    return "http://" + LOOPBACK + ":" + port();
  }

  /**
   * Returns the TCP port of the HTTP API. It stays the same across {@link #restart()}.
   *
   * @return the port on 127.0.0.1
   */
  public synchronized int port() {
    return port;
  }

  /**
   * Returns the database directory passed as {@code --db-path}. It is kept across {@link #kill()}
   * and {@link #restart()} and deleted by {@link #stop()}.
   *
   * @return the database directory
   */
  public Path dbPath() {
    return dbPath;
  }

  /**
   * Returns the file that receives sqld's stdout and stderr (deleted by {@link #stop()}).
   *
   * @return the log file
   */
  public Path logFile() {
    return logFile;
  }

  /**
   * Returns the JWT key file passed as {@code --auth-jwt-key-file}, if any.
   *
   * @return the key file, or empty when the server runs without authentication
   */
  public Optional<Path> jwtKeyFile() {
    return Optional.ofNullable(jwtKeyFile);
  }

  /**
   * Returns the process id of sqld itself (not of its wrapper).
   *
   * @return the pid, or -1 if the server was never started
   */
  public synchronized long pid() {
    return sqld == null ? -1 : sqld.pid();
  }

  /**
   * Tells whether the sqld process is running.
   *
   * @return true if sqld is alive
   */
  public synchronized boolean isAlive() {
    return sqld != null && sqld.isAlive();
  }

  /**
   * Returns the last lines of the server log, for error messages.
   *
   * @return up to the last 60 lines of sqld's output, or the tail captured at {@link #stop()}
   */
  public synchronized String logTail() {
    if (finalLogTail != null) {
      return finalLogTail;
    }
    return readLogTail();
  }

  // ------------------------------------------------------------------------------- lifecycle

  /**
   * Kills sqld with SIGKILL, as a crash would, and waits until it is gone. The database directory
   * and the port are kept, so {@link #restart()} brings back every committed transaction.
   *
   * @throws SqldException if sqld does not die within 10 seconds
   */
  public synchronized void kill() {
    ensureOpen();
    if (sqld == null) {
      return;
    }
    sqld.destroyForcibly();
    awaitExit(sqld, KILL_TIMEOUT, "SIGKILLed sqld");
    reapWrapper(KILL_TIMEOUT);
  }

  /**
   * Starts sqld again on the same port with the same database directory and waits for
   * {@code GET /health}. If it is still running it is stopped gracefully first.
   *
   * @throws SqldException if it does not come back within the startup timeout
   */
  public synchronized void restart() {
    ensureOpen();
    if (isAlive()) {
      terminate(GRACEFUL_STOP_TIMEOUT);
    } else {
      reapWrapper(KILL_TIMEOUT);
    }
    long deadline = System.nanoTime() + options.startupTimeout.toNanos();
    while (true) {
      try {
        launch(port, deadline);
        return;
      } catch (PortInUseException e) {
        // Something else holds the port right now (e.g. a lingering socket); try again.
        if (System.nanoTime() > deadline) {
          throw new SqldException(
              "sqld could not re-bind port " + port + " within " + options.startupTimeout + "\n"
                  + e.getMessage());
        }
        sleep(200);
      }
    }
  }

  /**
   * Stops sqld gracefully (SIGTERM, SIGKILL after 15 s), waits for it, and deletes the temp
   * directory with the database and the log. Calling it again does nothing.
   */
  public synchronized void stop() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      terminate(GRACEFUL_STOP_TIMEOUT);
    } finally {
      finalLogTail = readLogTail();
      deleteRecursively(tempDir);
      OPEN.remove(this);
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "SqldServer[" + url() + ", pid=" + pid() + ", db=" + dbPath + "]";
  }

  // ------------------------------------------------------------------------------- internals

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("sqld server at " + url() + " has been stopped");
    }
  }

  private void startOnFreePort() {
    long deadline = System.nanoTime() + options.startupTimeout.toNanos();
    PortInUseException last = null;
    for (int attempt = 0; attempt < MAX_PORT_ATTEMPTS; attempt++) {
      int candidate = freePort();
      try {
        launch(candidate, deadline);
        return;
      } catch (PortInUseException e) {
        last = e; // someone took the port between our probe and sqld's bind: pick another one
      }
    }
    throw new SqldException(
        "sqld could not bind a free port after " + MAX_PORT_ATTEMPTS + " attempts\n"
            + last.getMessage());
  }

  private static int freePort() {
    try (ServerSocket socket =
        new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new SqldException("cannot find a free port on 127.0.0.1", e);
    }
  }

  private List<String> sqldArgs(int listenPort) {
    List<String> args = new ArrayList<>();
    args.add("--db-path");
    args.add(dbPath.toString());
    args.add("--http-listen-addr");
    args.add(LOOPBACK + ":" + listenPort);
    args.add("--no-welcome");
    args.add("--disable-metrics");
    if (jwtKeyFile != null) {
      args.add("--auth-jwt-key-file");
      args.add(jwtKeyFile.toString());
    }
    args.addAll(options.extraArgs);
    return args;
  }

  /** Starts sqld on {@code listenPort} and waits for health; on failure nothing is left running. */
  private void launch(int listenPort, long deadlineNanos) {
    List<String> sqldArgs = sqldArgs(listenPort);
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add("-c");
    command.add(WRAPPER);
    command.add(binary.toString());
    command.add(logFile.toString());
    command.addAll(sqldArgs);

    appendLog(
        "=== libsql4j testkit "
            + Instant.now()
            + ": starting "
            + binary
            + " "
            + String.join(" ", sqldArgs));

    ProcessBuilder pb = new ProcessBuilder(command).directory(tempDir.toFile());
    pb.environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("SQLD_")
                    || k.startsWith("LIBSQL_")
                    || k.equals("BASH_ENV")
                    || k.equals("ENV"));
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.redirectOutput(ProcessBuilder.Redirect.PIPE);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));

    Process proc;
    try {
      proc = pb.start();
    } catch (IOException e) {
      throw new SqldException("cannot start bash to run sqld (is bash on the PATH?)", e);
    }
    this.port = listenPort;
    this.wrapper = proc;
    this.wrapperStdin = proc.getOutputStream();
    this.sqld = null;

    long pid = readPid(proc);
    Optional<ProcessHandle> handle = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
    if (handle.isEmpty()) {
      // sqld already exited (or never started): the wrapper exits with its status.
      reapWrapper(KILL_TIMEOUT);
      throw startupFailure(listenPort, "sqld exited immediately", exitCode(proc));
    }
    this.sqld = handle.get();

    while (true) {
      if (!sqld.isAlive()) {
        reapWrapper(KILL_TIMEOUT);
        throw startupFailure(listenPort, "sqld exited during startup", exitCode(proc));
      }
      if (healthy(listenPort) && sqld.isAlive()) {
        return;
      }
      if (System.nanoTime() - deadlineNanos > 0) {
        terminate(Duration.ZERO);
        throw new SqldException(
            "sqld did not answer GET /health with 200 on "
                + LOOPBACK + ":" + listenPort
                + " within " + options.startupTimeout
                + "\n--- sqld log tail (" + logFile + ") ---\n" + readLogTail());
      }
      sleep(50);
    }
  }

  private SqldException startupFailure(int listenPort, String what, String exitCode) {
    String tail = readLogTail();
    String msg =
        what + " (exit code " + exitCode + ") while starting on " + LOOPBACK + ":" + listenPort
            + "\n--- sqld log tail (" + logFile + ") ---\n" + tail;
    if (tail.contains("Address already in use") || tail.contains("AddrInUse")) {
      return new PortInUseException(msg);
    }
    return new SqldException(msg);
  }

  private long readPid(Process proc) {
    try (InputStream in = proc.getInputStream();
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      String line = reader.readLine();
      if (line == null) {
        return -1;
      }
      return Long.parseLong(line.trim());
    } catch (IOException | NumberFormatException e) {
      proc.destroyForcibly();
      throw new SqldException(
          "could not read the sqld pid from its wrapper\n--- log tail ---\n" + readLogTail(), e);
    }
  }

  private static boolean healthy(int listenPort) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + LOOPBACK + ":" + listenPort + "/health"))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    try {
      HttpResponse<Void> response =
          HEALTH_CLIENT.send(request, HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SqldException("interrupted while waiting for sqld to start", e);
    }
  }

  /**
   * Stops sqld: SIGTERM and wait up to {@code grace} (zero means SIGKILL at once), then SIGKILL.
   * Also reaps the wrapper. Keeps the temp directory.
   */
  private void terminate(Duration grace) {
    ProcessHandle h = sqld;
    if (h != null && h.isAlive()) {
      if (!grace.isZero()) {
        h.destroy();
        try {
          h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
          // fall through to SIGKILL
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (h.isAlive()) {
        h.destroyForcibly();
        awaitExit(h, KILL_TIMEOUT, "SIGKILLed sqld");
      }
    }
    reapWrapper(KILL_TIMEOUT);
  }

  /**
   * Waits for the wrapper to exit (it does once sqld is gone); closing its stdin makes it kill
   * sqld.
   */
  private void reapWrapper(Duration timeout) {
    Process proc = wrapper;
    if (proc == null) {
      return;
    }
    try {
      if (!proc.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        closeQuietly(wrapperStdin); // EOF on the pipe: the wrapper SIGKILLs sqld and exits
        if (!proc.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          proc.destroyForcibly();
          proc.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      proc.destroyForcibly();
    } finally {
      closeQuietly(wrapperStdin);
      wrapperStdin = null;
      wrapper = null;
    }
  }

  private static void awaitExit(ProcessHandle h, Duration timeout, String what) {
    try {
      h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new SqldException(what + " (pid " + h.pid() + ") did not exit within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SqldException("interrupted while waiting for " + what + " to exit", e);
    }
  }

  private static String exitCode(Process proc) {
    try {
      return String.valueOf(proc.exitValue());
    } catch (IllegalThreadStateException e) {
      return "unknown";
    }
  }

  private void appendLog(String line) {
    try {
      Files.writeString(
          logFile,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write sqld log " + logFile, e);
    }
  }

  private String readLogTail() {
    if (!Files.exists(logFile)) {
      return "(no log output)";
    }
    try (RandomAccessFile raf = new RandomAccessFile(logFile.toFile(), "r")) {
      long len = raf.length();
      long from = Math.max(0, len - LOG_TAIL_BYTES);
      byte[] buf = new byte[(int) (len - from)];
      raf.seek(from);
      raf.readFully(buf);
      String text = new String(buf, StandardCharsets.UTF_8);
      List<String> lines = Arrays.asList(text.split("\r?\n", -1));
      if (from > 0 && !lines.isEmpty()) {
        lines = lines.subList(1, lines.size()); // first line is probably cut
      }
      if (lines.size() > LOG_TAIL_LINES) {
        lines = lines.subList(lines.size() - LOG_TAIL_LINES, lines.size());
      }
      String tail = String.join("\n", lines).strip();
      return tail.isEmpty() ? "(no log output)" : tail;
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }

  private static void installShutdownHook() {
    if (HOOK_INSTALLED.compareAndSet(false, true)) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    for (SqldServer s : List.copyOf(OPEN)) {
                      try {
                        s.stop();
                      } catch (Throwable ignored) {
                        // best effort: the wrapper kills sqld anyway once this JVM is gone
                      }
                    }
                  },
                  "libsql4j-sqld-shutdown"));
    }
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort
                }
              });
    } catch (IOException ignored) {
      // best effort
    }
  }

  private static void closeQuietly(OutputStream out) {
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SqldException("interrupted while waiting for sqld", e);
    }
  }

  private static final class PortInUseException extends SqldException {
    private static final long serialVersionUID = 1L;

    PortInUseException(String message) {
      super(message);
    }
  }

  // ------------------------------------------------------------------------------- options

  /**
   * How to start sqld. A fluent, mutable builder; {@link SqldServer#start(Options)} takes a copy.
   */
  public static final class Options {
    private Path binary;
    private Path jwtKeyFile;
    private PublicKey jwtPublicKey;
    private Duration startupTimeout = Duration.ofSeconds(30);
    private List<String> extraArgs = List.of();

    private Options() {}

    /**
     * Returns options for an unauthenticated server with the binary from {@link #locateBinary()}.
     *
     * @return new default options
     */
    public static Options defaults() {
      return new Options();
    }

    /**
     * Uses this sqld binary instead of looking it up.
     *
     * @param binary path to an executable sqld
     * @return this
     */
    public Options binary(Path binary) {
      this.binary = binary;
      return this;
    }

    /**
     * Requires JWTs verified with the keys in this file ({@code --auth-jwt-key-file}). The file
     * holds a PEM {@code PUBLIC KEY} (Ed25519 SubjectPublicKeyInfo) or the raw key in base64url.
     *
     * @param keyFile the key file; {@code null} for none
     * @return this
     */
    public Options authJwtKeyFile(Path keyFile) {
      this.jwtKeyFile = keyFile;
      this.jwtPublicKey = null;
      return this;
    }

    /**
     * Requires JWTs signed by the private half of this Ed25519 key. The key is written as PEM to
     * {@code jwt-key.pem} in the server's temp directory and passed as
     * {@code --auth-jwt-key-file}.
     *
     * @param publicKey an Ed25519 public key; {@code null} for none
     * @return this
     */
    public Options authJwtPublicKey(PublicKey publicKey) {
      this.jwtPublicKey = publicKey;
      this.jwtKeyFile = null;
      return this;
    }

    /**
     * Sets how long {@link SqldServer#start} and {@link SqldServer#restart()} wait for
     * {@code GET /health}. Default 30 seconds.
     *
     * @param timeout a positive duration
     * @return this
     */
    public Options startupTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("startup timeout must be positive: " + timeout);
      }
      this.startupTimeout = timeout;
      return this;
    }

    /**
     * Appends extra command-line arguments for sqld (e.g. {@code "--max-response-size", "1MB"}).
     * Do not use them to open other listeners.
     *
     * @param args extra arguments
     * @return this
     */
    public Options extraArgs(String... args) {
      this.extraArgs = List.of(args);
      return this;
    }

    Options copy() {
      Options o = new Options();
      o.binary = binary;
      o.jwtKeyFile = jwtKeyFile;
      o.jwtPublicKey = jwtPublicKey;
      o.startupTimeout = startupTimeout;
      o.extraArgs = extraArgs;
      return o;
    }
  }
}
