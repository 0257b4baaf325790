package dev.libsql4j.http;

/** {@link SqldBehaviourIT} over Hrana 3 protobuf ({@code /v3-protobuf}). */
class ProtobufSqldBehaviourIT extends SqldBehaviourIT {
  @Override
  protected String encoding() {
    return "protobuf";
  }
}
