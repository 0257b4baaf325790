package dev.libsql4j.http;

import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.testkit.SqldExtension;
import dev.libsql4j.testkit.TransportContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared transport contract over Hrana 3 over WebSocket (JSON, subprotocol {@code hrana3})
 * against a real sqld; {@link WsProtobufTransportContractIT} runs it over {@code hrana3-protobuf}.
 */
class WsTransportContractIT extends TransportContract {

  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  @Override
  protected Database openDatabase() {
    return LibSql.open(SQLD.server().url().replaceFirst("^http", "ws") + "?encoding=" + encoding());
  }

  /** The wire encoding under test. */
  protected String encoding() {
    return "json";
  }

  /** COMMIT is a plain statement on a stream that lives on: a refused COMMIT keeps the transaction, as SQLite does. */
  @Override
  protected boolean keepsTransactionAfterFailedCommit() {
    return true;
  }
}
