package dev.libsql4j.http.internal;

import java.io.Closeable;
import java.io.IOException;

/**
 * A response body read as a stream of {@link CursorEntry}s, one at a time, so memory stays flat
 * whatever the row count. Malformed or truncated input is an {@link java.io.IOException}
 * ({@link HranaJson.MalformedResponseException} or the parser's own).
 */
abstract class EntrySource implements Closeable {
    /** Set by the reader when it reads them: the stream's next baton and the server's base URL. */
    protected String baton;
    protected String baseUrl;

    /** Reads the head of the body: the baton and base URL. */
    abstract void readHead() throws IOException;

    /** The stream's next baton (null when the stream was closed); may only be known at the end of the body. */
    final String baton() {
        return baton;
    }

    /** The server's {@code base_url}, or null. */
    final String baseUrl() {
        return baseUrl;
    }

    /** The next entry, or null at the end of the body. */
    abstract CursorEntry next() throws IOException;
}
