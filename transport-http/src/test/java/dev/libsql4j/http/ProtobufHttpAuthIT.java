package dev.libsql4j.http;

/** {@link HttpAuthIT} over Hrana 3 protobuf ({@code /v3-protobuf}). */
class ProtobufHttpAuthIT extends HttpAuthIT {
  @Override
  protected String encoding() {
    return "protobuf";
  }
}
