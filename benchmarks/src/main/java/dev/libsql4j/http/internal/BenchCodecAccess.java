package dev.libsql4j.http.internal;

import dev.libsql4j.Column;
import dev.libsql4j.Result;
import dev.libsql4j.Value;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Benchmark-only door into transport-http's package-private protobuf codec (CodecBench): the two
 * calls the transport itself makes on a {@code /v3-protobuf/pipeline} answer. It lives in the
 * benchmarks module under the transport's package name (the harness runs on the class path), so
 * nothing in the shipped module changes.
 */
public final class BenchCodecAccess {
    private BenchCodecAccess() {
    }

    /**
     * What {@code conn.execute()} does with the body: {@code ProtoCodec.readPipeline} (whole
     * answer), then {@code StreamResult.toResult()} of the first result.
     */
    public static Result readPipeline(byte[] body) throws IOException {
        PipelineResponse pr = HranaCodec.PROTOBUF.readPipeline(new ByteArrayInputStream(body));
        if (pr.results.isEmpty()) {
            throw new IOException("the pipeline answer has no results");
        }
        StreamResult r = pr.results.get(0);
        if (r.error != null) {
            throw new IOException("the execute failed: " + r.error.message());
        }
        return r.toResult();
    }

    /**
     * What {@code conn.query()} does with the body: {@code ProtoCodec.pipelineEntries} (rows
     * handed out one by one as they are decoded). Returns the columns; each row goes to {@code rows}.
     */
    public static List<Column> streamPipeline(byte[] body, int expected, Consumer<Value[]> rows) throws IOException {
        List<Column> cols = new ArrayList<>();
        try (EntrySource src = HranaCodec.PROTOBUF.pipelineEntries(new ByteArrayInputStream(body), 0, expected)) {
            src.readHead();
            CursorEntry e;
            while ((e = src.next()) != null) {
                switch (e.type) {
                    case CursorEntry.STEP_BEGIN:
                        if (e.step == 0 && e.cols != null) {
                            cols = e.cols;
                        }
                        break;
                    case CursorEntry.ROW:
                        rows.accept(e.row);
                        break;
                    case CursorEntry.STEP_ERROR:
                    case CursorEntry.ERROR:
                        throw new IOException("the execute failed: " + (e.error == null ? "?" : e.error.message()));
                    default:
                        break;
                }
            }
        }
        return cols;
    }

    /** The classes of the hand-written protobuf codec, for the size comparison. */
    public static Class<?> codecClass() {
        return ProtoCodec.class;
    }
}
