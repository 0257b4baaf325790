package dev.libsql4j.http.internal;

import dev.libsql4j.Row;
import dev.libsql4j.spi.RowStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A row stream over a cursor the server holds (over HTTP a streamed answer, over WebSocket a
 * Hrana cursor), with what both transports share: whether the rows ended, whether the server side
 * was let go (once), and the rows read into memory when the stream had to be freed early.
 */
abstract class ServerRowStream implements RowStream {
    boolean finished;
    boolean released;
    /** Rows already in memory; once set, {@link #next()} serves only these. */
    Iterator<Row> buffer;

    /** The next row from the server, or null at the end; called only while neither buffered nor finished. */
    abstract Row nextFromServer();

    /** Lets the server side go (the answer, the cursor, its stream and request slot); called once. */
    abstract void releaseServer();

    @Override
    public final Row next() {
        if (buffer != null) {
            return buffer.hasNext() ? buffer.next() : null;
        }
        if (finished) {
            return null;
        }
        return nextFromServer();
    }

    /** Reads the rest into memory and frees the server side, so the stream can serve other requests. */
    final void detach() {
        List<Row> rest = new ArrayList<>();
        Row r;
        while ((r = next()) != null) {
            rest.add(r);
        }
        buffer = rest.iterator();
    }

    /** Drops the cursor without reading it. */
    final void abandon() {
        finished = true;
        release();
    }

    /** Frees the server side, the first time only. */
    final void release() {
        if (released) {
            return;
        }
        released = true;
        releaseServer();
    }
}
