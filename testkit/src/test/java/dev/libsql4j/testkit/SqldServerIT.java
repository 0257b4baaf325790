package dev.libsql4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqldServerIT {

  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  @Test
  @Order(1)
  void healthAnswers200(SqldServer sqld) throws Exception {
    assertThat(sqld).isSameAs(SQLD.server());
    assertThat(sqld.url()).isEqualTo("http://127.0.0.1:" + sqld.port());
    assertThat(sqld.isAlive()).isTrue();

    HttpResponse<String> health = Hrana.get(sqld.url() + "/health");
    assertThat(health.statusCode()).isEqualTo(200);

    HttpResponse<String> version = Hrana.get(sqld.url() + "/version");
    assertThat(version.body()).contains("0.24.32");
  }

  @Test
  @Order(2)
  void pipelineSelect42(SqldServer sqld) throws Exception {
    HttpResponse<String> resp =
        Hrana.pipeline(
            sqld.url(),
            null,
            "{\"baton\":null,\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"SELECT 42\"}},"
                + "{\"type\":\"close\"}]}");
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    assertThat(resp.body()).contains("\"value\":\"42\"");
  }

  @Test
  @Order(3)
  void committedDataSurvivesKillAndRestart(SqldServer sqld) throws Exception {
    HttpResponse<String> write =
        Hrana.pipeline(
            sqld.url(),
            null,
            Hrana.executeAndClose(
                "CREATE TABLE survivor(id INTEGER PRIMARY KEY, name TEXT)",
                "INSERT INTO survivor VALUES (7, 'still here')"));
    assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
    assertThat(write.body()).doesNotContain("\"type\":\"error\"");

    int port = sqld.port();
    Path db = sqld.dbPath();
    long pid = sqld.pid();

    sqld.kill();
    assertThat(sqld.isAlive()).isFalse();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("sqld itself (pid %d) was SIGKILLed, not only its wrapper", pid)
        .isFalse();
    assertPortClosed(port);

    sqld.restart();
    assertThat(sqld.isAlive()).isTrue();
    assertThat(sqld.port()).isEqualTo(port);
    assertThat(sqld.dbPath()).isEqualTo(db);
    assertThat(sqld.pid()).isNotEqualTo(pid);

    HttpResponse<String> read =
        Hrana.pipeline(sqld.url(), null, Hrana.executeAndClose("SELECT name FROM survivor WHERE id = 7"));
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(read.body()).contains("\"value\":\"still here\"");
  }

  @Test
  @Order(4)
  void restartWhileRunningIsGraceful(SqldServer sqld) throws Exception {
    long pid = sqld.pid();
    sqld.restart();
    assertThat(sqld.pid()).isNotEqualTo(pid);
    assertThat(sqld.logTail()).contains("gracefully");
    HttpResponse<String> read =
        Hrana.pipeline(sqld.url(), null, Hrana.executeAndClose("SELECT count(*) FROM survivor"));
    assertThat(read.body()).contains("\"value\":\"1\"");
  }

  @Test
  @Order(5)
  void onlyTheHttpPortIsOpen(SqldServer sqld) throws Exception {
    // Every listening TCP socket of the sqld process must be the one HTTP port on 127.0.0.1.
    List<String> listeners = listeningSocketsOf(sqld.pid());
    assertThat(listeners).containsExactly(String.format("0100007F:%04X", sqld.port()));
  }

  @Test
  @Order(6)
  void stopClosesThePortAndDeletesTheTempDir(SqldServer sqld) throws Exception {
    int port = sqld.port();
    Path db = sqld.dbPath();
    long pid = sqld.pid();
    assertThat(db).exists();

    sqld.stop();

    assertThat(sqld.isAlive()).isFalse();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertPortClosed(port);
    assertThatThrownBy(() -> Hrana.get("http://127.0.0.1:" + port + "/health"))
        .isInstanceOf(IOException.class);
    assertThat(db).doesNotExist();
    assertThat(db.getParent()).doesNotExist();
    assertThat(sqld.logTail()).contains("shutdown gracefully");
    sqld.stop(); // idempotent; the extension calls it again after all tests
    assertThatThrownBy(sqld::restart).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void missingBinaryFailsWithInstallInstructions(@org.junit.jupiter.api.io.TempDir Path dir) {
    Path missing = dir.resolve("no-such-sqld");
    assertThatThrownBy(() -> SqldServer.start(SqldServer.Options.defaults().binary(missing)))
        .isInstanceOf(SqldException.class)
        .hasMessageContaining("bash scripts/install-sqld.sh")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void startupFailureReportsTheLogTail() {
    assertThatThrownBy(
            () ->
                SqldServer.start(
                    SqldServer.Options.defaults().extraArgs("--no-such-flag-for-sqld")))
        .isInstanceOf(SqldException.class)
        .hasMessageContaining("sqld exited")
        .hasMessageContaining("--no-such-flag-for-sqld");
  }

  @Test
  void restartWaitsWhileThePortIsTaken() throws Exception {
    try (SqldServer sqld = SqldServer.start()) {
      int port = sqld.port();
      sqld.kill();
      java.net.ServerSocket squatter =
          new java.net.ServerSocket(
              port, 1, java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
      Thread release =
          new Thread(
              () -> {
                try {
                  Thread.sleep(1500);
                  squatter.close();
                } catch (Exception ignored) {
                  // test thread
                }
              });
      release.start();
      long t0 = System.nanoTime();
      sqld.restart();
      release.join();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(1000));
      assertThat(sqld.port()).isEqualTo(port);
      assertThat(sqld.logTail()).contains("Address already in use");
      assertThat(Hrana.get(sqld.url() + "/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void sqldDiesWhenTheJvmIsKilled(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-Djava.io.tmpdir=" + tmp);
    cmd.add("-D" + SqldServer.BINARY_PROPERTY + "=" + SqldServer.locateBinary());
    cmd.add(ChildJvm.class.getName());
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    long sqldPid;
    int port;
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as("child JVM output").isNotNull().startsWith("READY ");
      String[] parts = line.split(" ");
      sqldPid = Long.parseLong(parts[1]);
      port = Integer.parseInt(parts[2]);
      assertThat(Hrana.get("http://127.0.0.1:" + port + "/health").statusCode()).isEqualTo(200);
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hooks run in the child
      child.waitFor(10, TimeUnit.SECONDS);
    }
    ProcessHandle handle = ProcessHandle.of(sqldPid).orElse(null);
    if (handle != null) {
      handle.onExit().get(10, TimeUnit.SECONDS);
    }
    assertPortClosed(port);
  }

  /** Entry point of the child JVM used by {@link #sqldDiesWhenTheJvmIsKilled}. */
  static final class ChildJvm {
    public static void main(String[] args) throws Exception {
      SqldServer s = SqldServer.start();
      System.out.println("READY " + s.pid() + " " + s.port());
      System.out.flush();
      Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
  }

  static void assertPortClosed(int port) {
    assertThatThrownBy(
            () -> {
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
              }
            })
        .as("port %d no longer answers", port)
        .isInstanceOf(ConnectException.class);
  }

  /** Local addresses ("HEXIP:HEXPORT") of the TCP sockets in LISTEN state owned by {@code pid}. */
  private static List<String> listeningSocketsOf(long pid) throws IOException {
    List<String> inodes = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds.sorted(Comparator.naturalOrder())::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException ignored) {
          // fd closed meanwhile
        }
      }
    }
    List<String> result = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path p = Path.of(table);
      if (!Files.exists(p)) {
        continue;
      }
      for (String line : Files.readAllLines(p)) {
        String[] f = line.trim().split("\\s+");
        // sl local_address rem_address st ... inode(9)
        if (f.length > 9 && "0A".equals(f[3]) && inodes.contains(f[9])) {
          result.add(f[1]);
        }
      }
    }
    return result;
  }
}
