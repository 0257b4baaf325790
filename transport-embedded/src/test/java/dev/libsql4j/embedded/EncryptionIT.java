package dev.libsql4j.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.Row;
import dev.libsql4j.testkit.LeakCheckExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Encryption at rest: unreadable without the key (also for stock SQLite), clear errors, the key never shown. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EncryptionIT {

  private static final String KEY_TEXT = "correct horse battery staple";
  private static final byte[] KEY = KEY_TEXT.getBytes(StandardCharsets.UTF_8);

  @RegisterExtension final LeakCheckExtension leaks = LeakCheckExtension.tracking();

  @TempDir Path dir;

  private Database open(Path file, byte[] key) {
    return leaks.track(LibSql.open(Config.builder("file:" + file).encryptionKey(key).build()));
  }

  private static void fill(Database db) {
    try (Connection c = db.connect()) {
      c.execute("CREATE TABLE secrets(id INTEGER PRIMARY KEY, note TEXT)");
      for (int i = 1; i <= 100; i++) {
        c.execute("INSERT INTO secrets(note) VALUES (?)", "the plaintext note number " + i);
      }
    }
  }

  private static List<String> notes(Database db) {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect()) {
      for (Row r : c.execute("SELECT note FROM secrets ORDER BY id").rows()) {
        out.add(r.getString(0));
      }
    }
    return out;
  }

  @Test
  void encryptedFileIsUnreadableWithoutTheKeyAndReadableWithIt() throws Exception {
    Path file = dir.resolve("secret.db");
    Database db = open(file, KEY);
    fill(db);
    db.close();

    // Not a SQLite file to anyone without the key: no magic header, no plaintext, stock SQLite refuses it.
    assertThat(Files.size(file)).isGreaterThan(0);
    assertThat(StockSqlite.header(file)).hasSize(16).isNotEqualTo(StockSqlite.MAGIC);
    String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    assertThat(raw).doesNotContain("plaintext note").doesNotContain("secrets");
    Throwable stock = catchThrowable(() -> StockSqlite.countSchemaObjects(file));
    assertThat(stock).isInstanceOf(SQLException.class);
    assertThat(stock.getMessage()).containsAnyOf("file is not a database", "not a database", "SQLITE_NOTADB");

    // The right key reads everything back.
    Database again = open(file, KEY.clone());
    assertThat(notes(again)).hasSize(100).startsWith("the plaintext note number 1").endsWith(
        "the plaintext note number 100");
    again.close();
  }

  @Test
  void wrongKeyFailsClearlyAtOpenWithoutShowingAnyKey() {
    Path file = dir.resolve("secret.db");
    Database first = open(file, KEY);
    fill(first);
    first.close();

    byte[] wrong = "incorrect horse battery staple".getBytes(StandardCharsets.UTF_8);
    Throwable e = catchThrowable(() -> LibSql.open(Config.builder("file:" + file).encryptionKey(wrong).build()));
    assertThat(e).isInstanceOf(LibSqlException.class);
    LibSqlException le = (LibSqlException) e;
    assertThat(le.code()).isEqualTo("SQLITE_NOTADB");
    assertThat(le.getMessage())
        .contains("Cannot open file:" + file + ": wrong encryption key, or the file is not an encrypted libSQL"
            + " database")
        .doesNotContain("horse");
    assertNoKeyAnywhere(le, "horse");
    // The file is untouched: the right key still works.
    Database ok = open(file, KEY);
    assertThat(notes(ok)).hasSize(100);
    ok.close();
  }

  @Test
  void missingKeyFailsClearly() {
    Path file = dir.resolve("secret.db");
    Database db = open(file, KEY);
    fill(db);
    db.close();
    Throwable e = catchThrowable(() -> LibSql.open("file:" + file));
    assertThat(e).isInstanceOf(LibSqlException.class);
    assertThat(((LibSqlException) e).code()).isEqualTo("SQLITE_NOTADB");
    assertThat(e.getMessage()).contains("Cannot open file:" + file + ": the file is encrypted (configure its"
        + " encryptionKey) or is not a database");
  }

  @Test
  void aKeyOnAPlainFileIsRefusedAndTheFileKept() throws Exception {
    Path file = dir.resolve("plain.db");
    Database plain = leaks.track(LibSql.open("file:" + file));
    fill(plain);
    plain.close();
    assertThat(StockSqlite.hasPlainHeader(file)).isTrue();

    Throwable e = catchThrowable(() -> LibSql.open(Config.builder("file:" + file).encryptionKey(KEY).build()));
    assertThat(e).isInstanceOf(LibSqlException.class);
    assertThat(e.getMessage()).contains("wrong encryption key, or the file is not an encrypted libSQL database")
        .doesNotContain(KEY_TEXT);
    // Still a plain, readable SQLite file.
    assertThat(StockSqlite.countSchemaObjects(file)).isEqualTo(1);
  }

  @Test
  void binaryKeysWorkAndTheConfigNeverShowsThem() {
    byte[] binary = new byte[32];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (i * 37 + 11);
    }
    Path file = dir.resolve("binary.db");
    Config config = Config.builder("file:" + file).encryptionKey(binary).build();
    assertThat(config.toString()).contains("encryptionKey=***");
    Database db = leaks.track(LibSql.open(config));
    fill(db);
    db.close();
    Database again = leaks.track(LibSql.open(config));
    assertThat(notes(again)).hasSize(100);
  }

  private static void assertNoKeyAnywhere(Throwable t, String fragment) {
    for (Throwable x = t; x != null; x = x.getCause()) {
      assertThat(String.valueOf(x.getMessage())).doesNotContain(fragment);
      for (Throwable s : x.getSuppressed()) {
        assertNoKeyAnywhere(s, fragment);
      }
    }
  }
}
