package dev.libsql4j.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM running a {@code main} class from the test classpath, for tests that must kill a
 * process or watch its memory. Its stdout and stderr go to files, read here as complete lines (a
 * line cut by {@code kill -9} is dropped). Files, not pipes: reading a pipe while the process dies
 * loses the output still in flight (JDK 17 closes the pipe under a blocked reader, "Stream closed"),
 * and these tests must see every line written before the kill. Closing it kills it.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private ChildJvm(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts {@code mainClass} with the test JVM's classpath and the native-library system
   * properties of this JVM. {@code env} entries are added to the child's environment (for secrets:
   * they do not show in the command line).
   */
  static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, Map<String, String> env, String... args)
      throws IOException {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(jvmOptions);
    for (String p : List.of(EmbeddedTransportProvider.NATIVE_PATH_PROPERTY,
        EmbeddedTransportProvider.NATIVE_TMPDIR_PROPERTY)) {
      String v = System.getProperty(p);
      if (v != null) {
        cmd.add("-D" + p + "=" + v);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass.getName());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("libsql4j-child-", ".stdout");
    Path err = Files.createTempFile("libsql4j-child-", ".stderr");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    return new ChildJvm(pb.start(), out, err);
  }

  long pid() {
    return process.pid();
  }

  /** Waits for a stdout line matching {@code p}; returns it, or null on timeout or exit. */
  String awaitLine(Predicate<String> p, long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (true) {
      boolean exited = !process.isAlive();
      for (String l : lines()) {
        if (p.test(l)) {
          return l;
        }
      }
      if (exited || System.nanoTime() > deadline) {
        return null;
      }
      Thread.sleep(10);
    }
  }

  /** {@code kill -9} ({@link Process#destroyForcibly()} sends SIGKILL on Linux); returns the exit code. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("child JVM " + process.pid() + " still alive 30 s after SIGKILL");
    }
    return process.exitValue();
  }

  /** Waits for the child to exit on its own; returns the exit code, or null on timeout. */
  Integer waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    if (!process.waitFor(timeout, unit)) {
      return null;
    }
    return process.exitValue();
  }

  /** The complete stdout lines written so far. */
  List<String> lines() {
    String s;
    try {
      s = Files.readString(stdout, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("cannot read the child's stdout " + stdout, e);
    }
    int end = s.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(s.substring(0, end).split("\n", -1));
  }

  /** Everything the child wrote to stderr so far (its logs, a JVM crash report's summary). */
  String stderr() {
    try {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }

  /** Stdout and stderr, for assertion messages. */
  String describe() {
    List<String> l = lines();
    return "child JVM pid " + process.pid() + "\n--- stdout (last 40 lines) ---\n"
        + String.join("\n", l.subList(Math.max(0, l.size() - 40), l.size())) + "\n--- stderr ---\n" + tail(stderr());
  }

  private static String tail(String s) {
    return s.length() <= 8000 ? s : "..." + s.substring(s.length() - 8000);
  }

  @Override
  public void close() throws IOException {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Files.deleteIfExists(stdout);
    Files.deleteIfExists(stderr);
  }
}
