package dev.libsql4j.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.libsql4j.Statement;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Hrana over WebSocket messages in one encoding: JSON in text frames ({@code hrana3},
 * {@code hrana2}, {@code hrana1}) or protobuf in binary frames ({@code hrana3-protobuf}). The
 * statements, batches and results inside are written and read by the HTTP codec's own code
 * ({@link HranaJson}, {@link ProtoRequestWriter}, {@link ProtoCodec}); only the envelope
 * ({@code hello}, {@code request}, {@code response_ok}, ...) is WebSocket's. Stateless.
 */
abstract class WsCodec {
    static final WsCodec JSON = new Json();
    static final WsCodec PROTOBUF = new Proto();

    /** What a server message is. */
    enum Kind { HELLO_OK, HELLO_ERROR, RESPONSE_OK, RESPONSE_ERROR }

    /** One decoded server message; {@code result.error} holds the error of the error kinds. */
    record Reply(Kind kind, int requestId, StreamResult result) {
    }

    /** {@code json} or {@code protobuf}, for messages. */
    abstract String name();

    /** True if frames are binary (protobuf), false for text (JSON). */
    abstract boolean binary();

    /** The {@code hello} message carrying the token (or none). */
    abstract byte[] hello(String jwt);

    /** A writer of requests on stream {@code streamId}, numbered by {@code requestIds}. */
    abstract Writer writer(int streamId, IntSupplier requestIds);

    /** Decodes one frame. */
    abstract Reply decode(byte[] frame) throws IOException;

    /**
     * Requests for one stream, each a frame of its own, in the order written. The {@link
     * RequestWriter} methods give the index of the request; {@link #close()} is
     * {@code close_stream}.
     */
    abstract static class Writer extends RequestWriter {
        final int streamId;
        private final IntSupplier requestIds;
        final List<byte[]> frames = new ArrayList<>(4);
        final List<Integer> ids = new ArrayList<>(4);
        private long bytes;

        Writer(int streamId, IntSupplier requestIds) {
            this.streamId = streamId;
            this.requestIds = requestIds;
        }

        /** The next request id, noted in {@link #ids}. */
        final int nextId() {
            int id = requestIds.getAsInt();
            ids.add(id);
            return id;
        }

        final int added(byte[] frame) {
            frames.add(frame);
            bytes += frame.length;
            return count++;
        }

        /** The bytes of every frame written so far (the messages' payloads). */
        final long bytes() {
            return bytes;
        }

        abstract int openStream();

        abstract int openCursor(int cursorId, List<Step> steps);

        abstract int fetchCursor(int cursorId, int maxCount);

        abstract int closeCursor(int cursorId);

        @Override
        final byte[] finish() {
            throw new UnsupportedOperationException("WebSocket requests are sent frame by frame");
        }
    }

    // ------------------------------------------------------------------ JSON

    private static final class Json extends WsCodec {
        @Override
        String name() {
            return "json";
        }

        @Override
        boolean binary() {
            return false;
        }

        @Override
        byte[] hello(String jwt) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
            try (JsonGenerator g = HranaJson.FACTORY.createGenerator(buf)) {
                g.writeStartObject();
                g.writeStringField("type", "hello");
                if (jwt == null) {
                    g.writeNullField("jwt");
                } else {
                    g.writeStringField("jwt", jwt);
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return buf.toByteArray();
        }

        @Override
        Writer writer(int streamId, IntSupplier requestIds) {
            return new JsonWriter(streamId, requestIds);
        }

        @Override
        Reply decode(byte[] frame) throws IOException {
            try (JsonParser p = HranaJson.FACTORY.createParser(frame)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw HranaJson.malformed(p, "a server message object");
                }
                String type = null;
                int id = -1;
                StreamResult r = new StreamResult();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken t = p.nextToken();
                    switch (f) {
                        case "type":
                            type = p.getText();
                            break;
                        case "request_id":
                            id = (int) HranaJson.readLong(p, "request_id");
                            break;
                        case "response":
                            if (t == JsonToken.START_OBJECT) {
                                HranaJson.readObject(p, r);
                            } else {
                                p.skipChildren();
                            }
                            break;
                        case "error":
                            r.error = HranaJson.readError(p);
                            break;
                        default:
                            p.skipChildren();
                    }
                }
                if (type == null) {
                    throw new HranaJson.MalformedResponseException("a server message has no type");
                }
                switch (type) {
                    case "hello_ok":
                        return new Reply(Kind.HELLO_OK, -1, r);
                    case "hello_error":
                        return new Reply(Kind.HELLO_ERROR, -1, withError(r));
                    case "response_ok":
                        return new Reply(Kind.RESPONSE_OK, id, r);
                    case "response_error":
                        return new Reply(Kind.RESPONSE_ERROR, id, withError(r));
                    default:
                        throw new HranaJson.MalformedResponseException("unknown server message type '" + type + "'");
                }
            }
        }
    }

    private static StreamResult withError(StreamResult r) {
        if (r.error == null) {
            r.error = new HranaError("(no message)", null);
        }
        return r;
    }

    private static final class JsonWriter extends Writer {
        JsonWriter(int streamId, IntSupplier requestIds) {
            super(streamId, requestIds);
        }

        /** Writes the envelope and the request's {@code type} (and {@code stream_id}); {@code body} adds the rest. */
        private int request(String type, boolean onStream, JsonBody body) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
            try (JsonGenerator g = HranaJson.FACTORY.createGenerator(buf)) {
                g.writeStartObject();
                g.writeStringField("type", "request");
                g.writeNumberField("request_id", nextId());
                g.writeObjectFieldStart("request");
                g.writeStringField("type", type);
                if (onStream) {
                    g.writeNumberField("stream_id", streamId);
                }
                if (body != null) {
                    body.write(g);
                }
                g.writeEndObject();
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return added(buf.toByteArray());
        }

        @Override
        int execute(Statement s, int sqlId) {
            return request("execute", true, g -> {
                g.writeFieldName("stmt");
                HranaJson.writeStmt(g, s, sqlId, true);
            });
        }

        @Override
        int executeSql(String sql) {
            return request("execute", true, g -> {
                g.writeFieldName("stmt");
                HranaJson.writeSqlStmt(g, sql, false);
            });
        }

        @Override
        int batch(List<Step> steps) {
            return request("batch", true, g -> {
                g.writeFieldName("batch");
                JsonRequestWriter.writeBatch(g, steps);
            });
        }

        @Override
        int sequence(String sql) {
            return request("sequence", true, g -> g.writeStringField("sql", sql));
        }

        @Override
        int describe(String sql) {
            return request("describe", true, g -> g.writeStringField("sql", sql));
        }

        @Override
        int storeSql(int id, String sql) {
            return request("store_sql", false, g -> {
                g.writeNumberField("sql_id", id);
                g.writeStringField("sql", sql);
            });
        }

        @Override
        int closeSql(int id) {
            return request("close_sql", false, g -> g.writeNumberField("sql_id", id));
        }

        @Override
        int getAutocommit() {
            return request("get_autocommit", true, null);
        }

        @Override
        int close() {
            return request("close_stream", true, null);
        }

        @Override
        int openStream() {
            return request("open_stream", true, null);
        }

        @Override
        int openCursor(int cursorId, List<Step> steps) {
            return request("open_cursor", true, g -> {
                g.writeNumberField("cursor_id", cursorId);
                g.writeFieldName("batch");
                JsonRequestWriter.writeBatch(g, steps);
            });
        }

        @Override
        int fetchCursor(int cursorId, int maxCount) {
            return request("fetch_cursor", false, g -> {
                g.writeNumberField("cursor_id", cursorId);
                g.writeNumberField("max_count", maxCount);
            });
        }

        @Override
        int closeCursor(int cursorId) {
            return request("close_cursor", false, g -> g.writeNumberField("cursor_id", cursorId));
        }
    }

    /** The fields of a JSON request after its type. */
    private interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    // ------------------------------------------------------------------ protobuf

    /** Field numbers of {@code hrana.ws}: {@code ClientMsg}, {@code RequestMsg} and {@code ServerMsg}. */
    private static final class Proto extends WsCodec {
        @Override
        String name() {
            return "protobuf";
        }

        @Override
        boolean binary() {
            return true;
        }

        @Override
        byte[] hello(String jwt) {
            ProtoOutput o = new ProtoOutput();
            o.begin(1); // ClientMsg.hello
            if (jwt != null) {
                o.stringField(1, jwt);
            }
            o.end();
            return o.toByteArray();
        }

        @Override
        Writer writer(int streamId, IntSupplier requestIds) {
            return new ProtoWriter(streamId, requestIds);
        }

        /** {@code ServerMsg}: hello_ok 1, hello_error 2 ({@code error} 1), response_ok 3, response_error 4 ({@code request_id} 1, {@code error} 2). */
        @Override
        Reply decode(byte[] frame) throws IOException {
            ProtoInput in = new ProtoInput(new ByteArrayInputStream(frame));
            Reply reply = null;
            int tag;
            while ((tag = in.readTag()) >= 0) {
                int f = tag >>> 3;
                if (f < 1 || f > 4) {
                    in.skip(tag);
                    continue;
                }
                ProtoInput.expectWireType(tag, ProtoOutput.LEN, "a server message");
                long outer = in.pushMessage();
                StreamResult r = new StreamResult();
                int id = -1;
                int t;
                while ((t = in.readTag()) >= 0) {
                    int g = t >>> 3;
                    if (f == 2 && g == 1 || f == 4 && g == 2) {
                        ProtoInput.expectWireType(t, ProtoOutput.LEN, "an error");
                        long o = in.pushMessage();
                        r.error = ProtoCodec.readError(in);
                        in.pop(o);
                    } else if ((f == 3 || f == 4) && g == 1) {
                        ProtoInput.expectWireType(t, ProtoOutput.VARINT, "request_id");
                        id = (int) in.readVarint();
                    } else if (f == 3 && g >= 2 && g <= 13) {
                        ProtoInput.expectWireType(t, ProtoOutput.LEN, "a response");
                        long o = in.pushMessage();
                        readResponse(in, g, r);
                        in.pop(o);
                    } else {
                        in.skip(t);
                    }
                }
                in.pop(outer);
                Kind kind = Kind.values()[f - 1];
                reply = new Reply(kind, id, kind == Kind.HELLO_ERROR || kind == Kind.RESPONSE_ERROR ? withError(r) : r);
            }
            if (reply == null) {
                throw new HranaJson.MalformedResponseException("an empty server message");
            }
            return reply;
        }

        /** The oneof of {@code ResponseOkMsg}: execute 4, batch 5, fetch_cursor 8, describe 10, get_autocommit 13; the rest are empty. */
        private static void readResponse(ProtoInput in, int field, StreamResult r) throws IOException {
            switch (field) {
                case 4:
                    r.type = "execute";
                    ProtoCodec.readWrapped(in, r, 1);
                    return;
                case 5:
                    r.type = "batch";
                    ProtoCodec.readWrapped(in, r, 3);
                    return;
                case 10:
                    r.type = "describe";
                    ProtoCodec.readWrapped(in, r, 5);
                    return;
                case 13:
                    r.type = "get_autocommit";
                    r.isAutocommit = false;
                    break;
                case 8:
                    r.type = "fetch_cursor";
                    r.entries = new ArrayList<>();
                    break;
                default:
                    return;
            }
            int t;
            while ((t = in.readTag()) >= 0) {
                int g = t >>> 3;
                if (field == 13 && g == 1) {
                    ProtoInput.expectWireType(t, ProtoOutput.VARINT, "is_autocommit");
                    r.isAutocommit = in.readVarint() != 0;
                } else if (field == 8 && g == 1) {
                    ProtoInput.expectWireType(t, ProtoOutput.LEN, "a cursor entry");
                    long o = in.pushMessage();
                    r.entries.add(ProtoCodec.readCursorEntry(in));
                    in.pop(o);
                } else if (field == 8 && g == 2) {
                    ProtoInput.expectWireType(t, ProtoOutput.VARINT, "done");
                    r.done = in.readVarint() != 0;
                } else {
                    in.skip(t);
                }
            }
        }
    }

    /** {@code ClientMsg.request} (2) holding a {@code RequestMsg}: request_id 1, then the request's oneof field. */
    private static final class ProtoWriter extends Writer {
        private static final int OPEN_STREAM = 2;
        private static final int CLOSE_STREAM = 3;
        private static final int EXECUTE = 4;
        private static final int BATCH = 5;
        private static final int OPEN_CURSOR = 6;
        private static final int CLOSE_CURSOR = 7;
        private static final int FETCH_CURSOR = 8;
        private static final int SEQUENCE = 9;
        private static final int DESCRIBE = 10;
        private static final int STORE_SQL = 11;
        private static final int CLOSE_SQL = 12;
        private static final int GET_AUTOCOMMIT = 13;

        private ProtoOutput o;

        ProtoWriter(int streamId, IntSupplier requestIds) {
            super(streamId, requestIds);
        }

        /** Starts a request whose first field is the stream id (when {@code onStream}). */
        private ProtoOutput begin(int field, boolean onStream) {
            o = new ProtoOutput();
            o.begin(2);
            o.int32Field(1, nextId());
            o.begin(field);
            if (onStream) {
                o.int32Field(1, streamId);
            }
            return o;
        }

        private int end() {
            o.end();
            o.end();
            return added(o.toByteArray());
        }

        @Override
        int execute(Statement s, int sqlId) {
            ProtoRequestWriter.writeStmt(begin(EXECUTE, true), 2, s, sqlId);
            return end();
        }

        @Override
        int executeSql(String sql) {
            ProtoRequestWriter.writeSqlStmt(begin(EXECUTE, true), 2, sql);
            return end();
        }

        @Override
        int batch(List<Step> steps) {
            ProtoRequestWriter.writeBatch(begin(BATCH, true), 2, steps);
            return end();
        }

        @Override
        int sequence(String sql) {
            begin(SEQUENCE, true).stringField(2, sql);
            return end();
        }

        @Override
        int describe(String sql) {
            begin(DESCRIBE, true).stringField(2, sql);
            return end();
        }

        @Override
        int storeSql(int id, String sql) {
            begin(STORE_SQL, false).int32Field(1, id);
            o.stringField(2, sql);
            return end();
        }

        @Override
        int closeSql(int id) {
            begin(CLOSE_SQL, false).int32Field(1, id);
            return end();
        }

        @Override
        int getAutocommit() {
            begin(GET_AUTOCOMMIT, true);
            return end();
        }

        @Override
        int close() {
            begin(CLOSE_STREAM, true);
            return end();
        }

        @Override
        int openStream() {
            begin(OPEN_STREAM, true);
            return end();
        }

        @Override
        int openCursor(int cursorId, List<Step> steps) {
            begin(OPEN_CURSOR, true).int32Field(2, cursorId);
            ProtoRequestWriter.writeBatch(o, 3, steps);
            return end();
        }

        @Override
        int fetchCursor(int cursorId, int maxCount) {
            begin(FETCH_CURSOR, false).int32Field(1, cursorId);
            o.uint64Field(2, maxCount);
            return end();
        }

        @Override
        int closeCursor(int cursorId) {
            begin(CLOSE_CURSOR, false).int32Field(1, cursorId);
            return end();
        }
    }

    /** A JSON frame as text, for {@code WebSocket.send(String)}. */
    static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }
}
