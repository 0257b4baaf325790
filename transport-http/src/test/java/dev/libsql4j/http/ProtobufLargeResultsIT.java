package dev.libsql4j.http;

/** {@link LargeResultsIT} over Hrana 3 protobuf ({@code /v3-protobuf}). */
class ProtobufLargeResultsIT extends LargeResultsIT {
  @Override
  protected String encoding() {
    return "protobuf";
  }
}
