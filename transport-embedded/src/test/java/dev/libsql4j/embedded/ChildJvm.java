package dev.libsql4j.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * process or watch its memory. Its stdout is collected line by line (only complete lines: a line
 * cut by {@code kill -9} is dropped), its stderr goes to a file. Closing it kills it.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path stderr;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.reader = new Thread(this::readStdout, "child-jvm-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
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
    Path err = Files.createTempFile("libsql4j-child-", ".stderr");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
    pb.environment().putAll(env);
    return new ChildJvm(pb.start(), err);
  }

  private void readStdout() {
    try (InputStream in = process.getInputStream()) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          synchronized (lines) {
            lines.add(line.toString(StandardCharsets.UTF_8));
            lines.notifyAll();
          }
          line.reset();
        } else {
          line.write(b);
        }
      }
    } catch (IOException e) {
      // the process went away; what was read is kept
    } finally {
      synchronized (lines) {
        lines.add(null); // end marker
        lines.notifyAll();
      }
    }
  }

  long pid() {
    return process.pid();
  }

  /** Waits for a stdout line matching {@code p}; returns it, or null on timeout or end of output. */
  String awaitLine(Predicate<String> p, long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    int seen = 0;
    synchronized (lines) {
      while (true) {
        for (; seen < lines.size(); seen++) {
          String l = lines.get(seen);
          if (l == null) {
            return null;
          }
          if (p.test(l)) {
            return l;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        TimeUnit.NANOSECONDS.timedWait(lines, left);
      }
    }
  }

  /** {@code kill -9} ({@link Process#destroyForcibly()} sends SIGKILL on Linux); returns the exit code. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("child JVM " + process.pid() + " still alive 30 s after SIGKILL");
    }
    reader.join(10_000);
    return process.exitValue();
  }

  /** Waits for the child to exit on its own; returns the exit code, or null on timeout. */
  Integer waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    if (!process.waitFor(timeout, unit)) {
      return null;
    }
    reader.join(10_000);
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The complete stdout lines read so far. */
  List<String> lines() {
    synchronized (lines) {
      List<String> copy = new ArrayList<>(lines);
      copy.remove(null);
      return copy;
    }
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
    return "child JVM pid " + process.pid() + "\n--- stdout (last 40 lines) ---\n"
        + String.join("\n", tail(lines(), 40)) + "\n--- stderr ---\n" + tail(stderr(), 8000);
  }

  private static List<String> tail(List<String> l, int n) {
    return l.subList(Math.max(0, l.size() - n), l.size());
  }

  private static String tail(String s, int n) {
    return s.length() <= n ? s : "..." + s.substring(s.length() - n);
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
    Files.deleteIfExists(stderr);
  }
}
