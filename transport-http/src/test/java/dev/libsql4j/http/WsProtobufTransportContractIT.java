package dev.libsql4j.http;

/** The shared transport contract over Hrana 3 protobuf over WebSocket ({@code hrana3-protobuf}) against a real sqld. */
class WsProtobufTransportContractIT extends WsTransportContractIT {
  @Override
  protected String encoding() {
    return "protobuf";
  }
}
