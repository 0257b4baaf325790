package dev.libsql4j.http;

/** The shared transport contract over Hrana 3 protobuf ({@code /v3-protobuf}) against a real sqld. */
class HttpProtobufTransportContractIT extends HttpTransportContractIT {
  @Override
  protected String encoding() {
    return "protobuf";
  }
}
