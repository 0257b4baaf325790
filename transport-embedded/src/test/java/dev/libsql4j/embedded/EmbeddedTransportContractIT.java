package dev.libsql4j.embedded;

import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.testkit.TransportContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared transport contract over the embedded transport: one temporary database file for the
 * class; each test gets a new {@link Database} over it (the contract wipes the schema first).
 */
class EmbeddedTransportContractIT extends TransportContract {

  @TempDir static Path dir;

  @Override
  protected Database openDatabase() {
    return LibSql.open("file:" + dir.resolve("contract.db"));
  }
}
