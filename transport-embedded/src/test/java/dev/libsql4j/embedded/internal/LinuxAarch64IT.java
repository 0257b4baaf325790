package dev.libsql4j.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.testkit.SqldExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The linux-aarch64 library that this build cross-compiles and bundles, exercised by an aarch64
 * JVM under qemu user-mode emulation ({@link EmulatedPlatformMain}): a file database, encryption
 * with a wrong key refused, transactions, a 10,000-row cursor, vector search and an embedded
 * replica syncing from this test's sqld, which runs natively. The child loads the library from the
 * classpath by its own {@code os.arch}, as a user's aarch64 JVM loads it from the jar.
 *
 * <p>Needs the Debian packages that {@code scripts/install-aarch64.sh} installs; without them it
 * fails and says so. The build skips it with {@code -Dlibsql4j.native.aarch64=false}.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class LinuxAarch64IT {
  static final String QEMU_PROPERTY = "libsql4j.aarch64.qemu";
  static final String JAVA_PROPERTY = "libsql4j.aarch64.java";
  private static final String INSTALL_HINT = "install the aarch64 toolchain and emulator with `bash scripts/install-aarch64.sh`"
      + " (Debian: rustc-web, libstd-rust-web-dev:arm64, gcc/g++-aarch64-linux-gnu, qemu-user-static,"
      + " openjdk-17-jre-headless:arm64), or build for this machine only with -Dlibsql4j.native.aarch64=false";
  private static final int PRIMARY_ROWS = 500;

  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  @TempDir Path dir;

  @Test
  void anAarch64JvmUnderQemuRunsTheEmbeddedTransportOnTheBundledLibrary() throws Exception {
    String qemu = qemu();
    String java = System.getProperty(JAVA_PROPERTY, "/usr/lib/jvm/java-17-openjdk-arm64/bin/java");
    if (!Files.isExecutable(Paths.get(java))) {
      fail("no aarch64 JVM at " + java + " (set -D" + JAVA_PROPERTY + "): " + INSTALL_HINT);
    }
    String resource = NativeLoader.resource("linux-aarch64", NativeLoader.fileName("linux-aarch64"));
    if (getClass().getClassLoader().getResource(resource) == null) {
      fail(resource + " is not on the classpath: the build did not bundle the aarch64 library"
          + " (scripts/build-native-aarch64.sh; -Dlibsql4j.native.skip=true skips it): " + INSTALL_HINT);
    }

    try (Database primary = LibSql.open(SQLD.server().url())) {
      primary.execute("CREATE TABLE arm_items(id INTEGER PRIMARY KEY, v TEXT)");
      primary.execute("WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < " + PRIMARY_ROWS + ")"
          + " INSERT INTO arm_items SELECT n, 'p' || n FROM s");
    }

    List<String> cmd = new ArrayList<>(List.of(qemu, java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Xmx256m", "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")),
        "-cp", System.getProperty("java.class.path"), EmulatedPlatformMain.class.getName(),
        dir.resolve("db").toString(), SQLD.server().url(), "arm_items", Integer.toString(PRIMARY_ROWS)));
    Path out = dir.resolve("child.stdout");
    Path err = dir.resolve("child.stderr");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    // Nothing of the x86_64 JVM's environment that would reach the emulated one.
    pb.environment().remove("LD_LIBRARY_PATH");
    pb.environment().remove("LD_PRELOAD");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("_JAVA_OPTIONS");
    long start = System.nanoTime();
    Process p = pb.start();
    boolean exited;
    try {
      exited = p.waitFor(5, TimeUnit.MINUTES);
    } finally {
      p.destroyForcibly();
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String describe = "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + tail(Files.readString(err, StandardCharsets.UTF_8));
    assertThat(exited).as("the aarch64 JVM did not finish in 5 minutes" + describe).isTrue();
    assertThat(p.exitValue()).as("exit status of the aarch64 JVM" + describe).isZero();
    System.out.println("LinuxAarch64IT: the aarch64 JVM under qemu ran every step in " + millis + " ms");

    Map<String, String> got = new LinkedHashMap<>();
    for (String line : stdout.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        got.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    assertThat(stdout).as(describe).endsWith("DONE\n");
    assertThat(got).as(describe)
        .containsEntry("os.arch", "aarch64")
        .containsEntry("platform", "linux-aarch64")
        .containsEntry("file.values", "alpha,beta,gamma")
        .containsEntry("encryption.wrongKey", "SQLITE_NOTADB")
        .containsEntry("encryption.value", "sealed")
        .containsEntry("transaction.balances", "70,30")
        .containsEntry("cursor.rows", "10000")
        .containsEntry("cursor.sum", "50005000")
        .containsEntry("cursor.last", "row-10000")
        .containsEntry("vector.top2", "1,4")
        .containsEntry("replica.rows", Integer.toString(PRIMARY_ROWS))
        .containsEntry("replica.sum", Integer.toString(PRIMARY_ROWS * (PRIMARY_ROWS + 1) / 2))
        .containsEntry("replica.synced", "true")
        .containsEntry("replica.written", "from-aarch64");
    assertThat(got.get("native")).startsWith("libsql4j_native 0.1.");

    // The write the aarch64 replica forwarded reached the natively running primary.
    try (Database primary = LibSql.open(SQLD.server().url())) {
      assertThat(primary.execute("SELECT v FROM arm_items WHERE id = 1000000").rows())
          .extracting(r -> r.getString(0)).containsExactly("from-aarch64");
      assertThat(primary.execute("SELECT count(*) FROM arm_items").rows().get(0).getLong(0))
          .isEqualTo(PRIMARY_ROWS + 1);
    }
  }

  /** The qemu user-mode emulator: -D{@value #QEMU_PROPERTY}, else qemu-aarch64-static or qemu-aarch64 on PATH. */
  private static String qemu() {
    String set = System.getProperty(QEMU_PROPERTY);
    if (set != null && !set.isEmpty()) {
      if (!Files.isExecutable(Paths.get(set))) {
        fail("-D" + QEMU_PROPERTY + "=" + set + " is not an executable file: " + INSTALL_HINT);
      }
      return set;
    }
    for (String dirName : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      for (String name : List.of("qemu-aarch64-static", "qemu-aarch64")) {
        Path candidate = Paths.get(dirName, name);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    return fail("neither qemu-aarch64-static nor qemu-aarch64 is on PATH: " + INSTALL_HINT);
  }

  private static String tail(String s) {
    return s.length() <= 8000 ? s : "..." + s.substring(s.length() - 8000);
  }
}
