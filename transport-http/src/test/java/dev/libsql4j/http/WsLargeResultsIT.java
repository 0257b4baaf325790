package dev.libsql4j.http;

/**
 * {@link LargeResultsIT} over Hrana over WebSocket (protobuf): a million-row cursor read in pages
 * ({@code fetch_cursor}) by a JVM with a 64 MB heap, sqld's response cap on a plain execute, and
 * 1 MB values.
 */
class WsLargeResultsIT extends LargeResultsIT {
  @Override
  String url() {
    return SQLD.server().url().replaceFirst("^http", "ws") + "?encoding=" + encoding();
  }

  @Override
  protected String encoding() {
    return "protobuf";
  }
}
