package dev.libsql4j.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import okhttp3.MediaType;

/**
 * One wire encoding of Hrana 3 over HTTP: how request bodies are written and responses read.
 * {@link #JSON} ({@code /v3}, also used for {@code /v2}) and {@link #PROTOBUF}
 * ({@code /v3-protobuf}). Stateless and thread-safe.
 */
interface HranaCodec {
    HranaCodec JSON = new JsonCodec();
    HranaCodec PROTOBUF = new ProtoCodec();

    /** {@code json} or {@code protobuf}, for messages. */
    String name();

    /** The path prefix of the Hrana 3 endpoints: {@code /v3} or {@code /v3-protobuf}. */
    String v3Prefix();

    MediaType mediaType();

    /** A pipeline request body on the stream of {@code baton} (null: a new stream). */
    RequestWriter pipeline(String baton);

    /** A cursor request body: one batch. */
    byte[] cursor(String baton, List<RequestWriter.Step> steps);

    /** Reads a whole pipeline response (small answers). */
    PipelineResponse readPipeline(InputStream in) throws IOException;

    /** A cursor response body as entries. */
    EntrySource cursorEntries(InputStream in);

    /**
     * A pipeline response body as entries, without buffering it: the {@code execute} result at
     * index {@code target} is streamed (step_begin, rows, step_end, or step_error); every other
     * result is read whole and yields a step_error entry if it failed. The number of results
     * must be {@code expected}.
     */
    EntrySource pipelineEntries(InputStream in, int target, int expected);
}
