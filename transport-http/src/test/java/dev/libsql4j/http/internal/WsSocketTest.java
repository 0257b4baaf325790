package dev.libsql4j.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.libsql4j.AuthenticationException;
import dev.libsql4j.Config;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.Statement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okio.ByteString;
import org.junit.jupiter.api.Test;

/**
 * The socket's side of the handshake and of request matching, with a recording fake in place of
 * OkHttp's WebSocket: the subprotocol the server picked decides the encoding and the Hrana
 * version (hrana2 and hrana1 are fallbacks sqld 0.24 never picks when hrana3 is offered), and
 * answers are matched to requests by id in any order.
 */
class WsSocketTest {
  private static final String TOKEN = "tok-SECRET-123";

  /** Records what the socket sends. */
  private static final class Fake implements WebSocket {
    final List<Object> sent = new ArrayList<>();
    boolean cancelled;

    @Override public Request request() { return new Request.Builder().url("http://h/").build(); }
    @Override public long queueSize() { return 0; }
    @Override public boolean send(String text) { sent.add(text); return true; }
    @Override public boolean send(ByteString bytes) { sent.add(bytes); return true; }
    @Override public boolean close(int code, String reason) { return true; }
    @Override public void cancel() { cancelled = true; }
  }

  private static WsSocket socket(String url, Fake fake) {
    WsTransport t = new WsTransport(Config.builder(url).authToken(TOKEN).build());
    WsSocket s = new WsSocket(t);
    s.attach(fake);
    return s;
  }

  private static Response upgrade(String protocol) {
    Response.Builder b = new Response.Builder().request(new Request.Builder().url("http://h/").build())
        .protocol(Protocol.HTTP_1_1).code(101).message("Switching Protocols");
    if (protocol != null) {
      b.header("Sec-WebSocket-Protocol", protocol);
    }
    return b.build();
  }

  @Test
  void hrana2IsSpokenInJsonWithTheTokenInHello() throws Exception {
    Fake fake = new Fake();
    WsSocket s = socket("ws://127.0.0.1:1", fake);
    s.onOpen(fake, upgrade("hrana2"));
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.codec()).isSameAs(WsCodec.JSON);
    assertThat(fake.sent).containsExactly("{\"type\":\"hello\",\"jwt\":\"" + TOKEN + "\"}");
    assertThat(s.opened).isNotDone();
    s.onMessage(fake, "{\"type\":\"hello_ok\"}");
    assertThat(s.opened.get()).isSameAs(s);
  }

  /** OkHttp may call onOpen before newWebSocket() returns, so before attach(): the hello still goes out. */
  @Test
  void onOpenBeforeAttachStillSendsTheHello() {
    Fake fake = new Fake();
    WsSocket s = new WsSocket(new WsTransport(Config.builder("ws://127.0.0.1:1").build()));
    s.onOpen(fake, upgrade("hrana3"));
    assertThat(s.isAlive()).as("failure: %s", s.failure()).isTrue();
    assertThat(fake.sent).containsExactly("{\"type\":\"hello\",\"jwt\":null}");
  }

  @Test
  void noSubprotocolHeaderMeansHrana1() {
    Fake fake = new Fake();
    WsSocket s = socket("ws://127.0.0.1:1", fake);
    s.onOpen(fake, upgrade(null));
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.codec()).isSameAs(WsCodec.JSON);
  }

  @Test
  void hrana3ProtobufSendsBinaryFrames() {
    Fake fake = new Fake();
    WsSocket s = socket("ws://127.0.0.1:1", fake);
    s.onOpen(fake, upgrade("hrana3-protobuf"));
    assertThat(s.version()).isEqualTo(3);
    assertThat(fake.sent).hasSize(1);
    // ClientMsg{hello(1){jwt(1)}}
    ByteString hello = (ByteString) fake.sent.get(0);
    assertThat(hello.getByte(0)).isEqualTo((byte) 0x0a);
    assertThat(hello.utf8()).contains(TOKEN);
  }

  @Test
  void protobufAskedForButJsonChosenFailsTheSocket() {
    Fake fake = new Fake();
    WsSocket s = socket("ws://127.0.0.1:1?encoding=protobuf", fake);
    s.onOpen(fake, upgrade("hrana3"));
    Throwable e = catchThrowable(() -> s.opened.get());
    assertThat(e).isInstanceOf(ExecutionException.class).cause().isInstanceOf(LibSqlException.class)
        .hasMessageContaining("hrana3-protobuf");
    assertThat(s.isAlive()).isFalse();
  }

  @Test
  void helloErrorIsAnAuthenticationExceptionWithoutTheToken() {
    Fake fake = new Fake();
    WsSocket s = socket("ws://127.0.0.1:1", fake);
    s.onOpen(fake, upgrade("hrana3"));
    s.onMessage(fake, "{\"type\":\"hello_error\",\"error\":{\"message\":\"bad token " + TOKEN + "\"}}");
    Throwable e = catchThrowable(() -> s.opened.get());
    assertThat(e.getCause()).isInstanceOf(AuthenticationException.class);
    assertThat(e.getCause().getMessage()).doesNotContain(TOKEN).contains("***");
    assertThat(fake.cancelled).isTrue();
  }

  @Test
  void answersAreMatchedByRequestIdInAnyOrder() throws Exception {
    Fake fake = new Fake();
    WsSocket s = socket("ws://127.0.0.1:1", fake);
    s.onOpen(fake, upgrade("hrana3"));
    s.onMessage(fake, "{\"type\":\"hello_ok\"}");
    WsCodec.Writer w = s.writer(7);
    w.execute(Statement.of("SELECT ?", 1), -1);
    w.getAutocommit();
    List<CompletableFuture<StreamResult>> fs = s.send(w);
    assertThat(fake.sent).hasSize(3);
    String first = (String) fake.sent.get(1);
    assertThat(first).startsWith("{\"type\":\"request\",\"request_id\":" + w.ids.get(0) + ",\"request\":"
        + "{\"type\":\"execute\",\"stream_id\":7,\"stmt\":{\"sql\":\"SELECT ?\",\"args\":[{\"type\":\"integer\",\"value\":\"1\"}]");
    assertThat((String) fake.sent.get(2)).contains("\"get_autocommit\"").contains("\"stream_id\":7");
    // The second answer first.
    s.onMessage(fake, "{\"type\":\"response_ok\",\"request_id\":" + w.ids.get(1)
        + ",\"response\":{\"type\":\"get_autocommit\",\"is_autocommit\":true}}");
    assertThat(fs.get(0)).isNotDone();
    s.onMessage(fake, "{\"type\":\"response_error\",\"request_id\":" + w.ids.get(0)
        + ",\"error\":{\"message\":\"no such table: x\",\"code\":\"SQLITE_ERROR\"}}");
    assertThat(fs.get(1).get().isAutocommit).isTrue();
    assertThat(fs.get(0).get().error).isEqualTo(new HranaError("no such table: x", "SQLITE_ERROR"));
  }

  @Test
  void aDroppedSocketFailsEveryWaitingRequest() {
    Fake fake = new Fake();
    WsSocket s = socket("ws://127.0.0.1:1", fake);
    s.onOpen(fake, upgrade("hrana3"));
    WsCodec.Writer w = s.writer(1);
    w.executeSql("SELECT 1");
    List<CompletableFuture<StreamResult>> fs = s.send(w);
    s.onFailure(fake, new java.io.EOFException("gone"), null);
    assertThat(catchThrowable(() -> fs.get(0).get())).cause().isInstanceOf(java.io.EOFException.class);
    assertThat(s.isAlive()).isFalse();
  }

  @Test
  void protobufResponsesDecode() throws Exception {
    // ServerMsg{response_ok(3){request_id(1)=5, get_autocommit(13){is_autocommit(1)=true}}}
    byte[] autocommit = {0x1a, 0x06, 0x08, 0x05, 0x6a, 0x02, 0x08, 0x01};
    WsCodec.Reply r = WsCodec.PROTOBUF.decode(autocommit);
    assertThat(r.kind()).isEqualTo(WsCodec.Kind.RESPONSE_OK);
    assertThat(r.requestId()).isEqualTo(5);
    assertThat(r.result().isAutocommit).isTrue();
    // ServerMsg{response_error(4){request_id(1)=9, error(2){message(1)="no"}}}
    byte[] error = {0x22, 0x08, 0x08, 0x09, 0x12, 0x04, 0x0a, 0x02, 'n', 'o'};
    WsCodec.Reply e = WsCodec.PROTOBUF.decode(error);
    assertThat(e.kind()).isEqualTo(WsCodec.Kind.RESPONSE_ERROR);
    assertThat(e.requestId()).isEqualTo(9);
    assertThat(e.result().error.message()).isEqualTo("no");
    // JSON fetch_cursor: entries and done.
    WsCodec.Reply f = WsCodec.JSON.decode(("{\"type\":\"response_ok\",\"request_id\":3,\"response\":{\"type\":"
        + "\"fetch_cursor\",\"entries\":[{\"type\":\"step_begin\",\"step\":0,\"cols\":[{\"name\":\"a\"}]},"
        + "{\"type\":\"row\",\"row\":[{\"type\":\"integer\",\"value\":\"4\"}]}],\"done\":true}}")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(f.result().done).isTrue();
    assertThat(f.result().entries).extracting(x -> x.type).containsExactly("step_begin", "row");
  }
}
