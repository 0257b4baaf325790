package dev.libsql4j.http;

import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.testkit.SqldExtension;
import dev.libsql4j.testkit.TransportContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared transport contract, run over Hrana/HTTP JSON against a real sqld ({@link
 * HttpProtobufTransportContractIT} runs it over protobuf). One sqld serves the whole class; each
 * test gets a new {@link Database} client and an empty schema (the contract drops every table
 * before each test).
 */
class HttpTransportContractIT extends TransportContract {

  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  @Override
  protected Database openDatabase() {
    return LibSql.open(SQLD.server().url() + "?encoding=" + encoding());
  }

  /** The wire encoding under test. */
  protected String encoding() {
    return "json";
  }

  /** commit() sends COMMIT with the stream's close: a refused COMMIT ends the transaction. */
  @Override
  protected boolean keepsTransactionAfterFailedCommit() {
    return false;
  }
}
