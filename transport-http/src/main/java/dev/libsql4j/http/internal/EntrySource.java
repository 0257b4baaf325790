package dev.libsql4j.http.internal;

import java.io.Closeable;
import java.io.IOException;

/**
 * A response body read as a stream of {@link CursorEntry}s, one at a time, so memory stays flat
 * whatever the row count. Malformed or truncated input is an {@link java.io.IOException}
 * ({@link HranaJson.MalformedResponseException} or the parser's own).
 */
interface EntrySource extends Closeable {
    /** Reads the head of the body: the baton and base URL. */
    void readHead() throws IOException;

    /** The stream's next baton (null when the stream was closed); may only be known at the end of the body. */
    String baton();

    /** The server's {@code base_url}, or null. */
    String baseUrl();

    /** The next entry, or null at the end of the body. */
    CursorEntry next() throws IOException;
}
