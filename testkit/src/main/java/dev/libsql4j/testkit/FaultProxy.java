package dev.libsql4j.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that forwards HTTP/1.1 between a client and a server (sqld) and injects
 * faults at chosen points of a request's life. It understands just enough HTTP framing
 * ({@code Content-Length} and chunked bodies) to know where each request and response starts and
 * ends, so it works with pooled keep-alive connections.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(sqld.port(), 42)) {
 *   Database db = LibSql.open(proxy.url());
 *   proxy.arm(FaultProxy.Fault.CUT_RESPONSE_MID_BODY, "INSERT INTO t");  // the next such request
 *   proxy.random(0.05);                                                   // or: 5 % of all requests
 * }
 * }</pre>
 *
 * <p>Faults:
 *
 * <ul>
 *   <li>{@link Fault#RESET_ON_ACCEPT}: a new connection is reset (RST) as soon as it is accepted;
 *       nothing reaches the server.
 *   <li>{@link Fault#RESET_MID_REQUEST}: the request head and half its body reach the server, then
 *       both sides are reset; the server never sees a whole request, so nothing runs.
 *   <li>{@link Fault#CUT_RESPONSE_MID_BODY}: the request runs; the client gets the response head and
 *       part of its body, then a reset.
 *   <li>{@link Fault#DELAY}: the request is held for {@link #delay(Duration)} before it is forwarded;
 *       it then runs normally.
 *   <li>{@link Fault#STALL}: the request runs, and the response is never forwarded: the connection
 *       stays open and silent until the client gives up (or {@link #maxStall(Duration)} passes).
 * </ul>
 *
 * <p>Bounded: it listens on 127.0.0.1 only, forwards to 127.0.0.1 only, keeps at most {@value
 * #MAX_LINKS} connections (more are reset on accept), and a stall ends after {@link
 * #maxStall(Duration)}. Random faults come from one {@link Random} seeded at start, so a run's
 * fault sequence is reproducible up to thread scheduling. Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {

  /** A point in a request's life where the proxy breaks it. */
  public enum Fault {
    /** Reset a new connection right after accepting it. */
    RESET_ON_ACCEPT,
    /** Forward the head and half the body of a request, then reset both sides. */
    RESET_MID_REQUEST,
    /** Forward the request; forward the response head and part of its body, then reset. */
    CUT_RESPONSE_MID_BODY,
    /** Hold the request for the configured delay, then forward it normally. */
    DELAY,
    /** Forward the request; never forward its response, and keep the connection silent. */
    STALL;

    /** True if the server received the whole request, so a statement in it ran. */
    public boolean reachesServer() {
      return this == CUT_RESPONSE_MID_BODY || this == DELAY || this == STALL;
    }
  }

  /** Connections kept at most; more are reset on accept. */
  public static final int MAX_LINKS = 256;

  private static final int MAX_HEAD_BYTES = 64 * 1024;
  private static final int MAX_REQUEST_BODY_BYTES = 64 * 1024 * 1024;

  private final ServerSocket listener;
  private final int targetPort;
  private final long seed;
  private final Random random;
  private final ExecutorService threads;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
  private final AtomicLong requests = new AtomicLong();
  private final AtomicInteger busy = new AtomicInteger();

  private volatile Fault armed;
  private volatile byte[] armedNeedle;
  private volatile double probability;
  private volatile double acceptProbability;
  private volatile long delayMillis = 300;
  private volatile long maxStallMillis = 30_000;
  private volatile boolean closed;
  private volatile boolean blackhole;

  private FaultProxy(ServerSocket listener, int targetPort, long seed) {
    this.listener = listener;
    this.targetPort = targetPort;
    this.seed = seed;
    this.random = new Random(seed);
    for (Fault f : Fault.values()) {
      injected.put(f, new AtomicInteger());
    }
    AtomicInteger n = new AtomicInteger();
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "libsql4j-fault-proxy-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts a proxy on a free loopback port that forwards to {@code 127.0.0.1:targetPort}.
   *
   * @param targetPort the server's port on 127.0.0.1
   * @param seed seed of the random fault sequence
   * @return the running proxy; close it when done
   */
  public static FaultProxy start(int targetPort, long seed) {
    if (targetPort <= 0 || targetPort > 65535) {
      throw new IllegalArgumentException("target port out of range: " + targetPort);
    }
    ServerSocket ss;
    try {
      ss = new ServerSocket();
      ss.setReuseAddress(true);
      ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new IllegalStateException("cannot open the fault proxy's listener on 127.0.0.1", e);
    }
    FaultProxy p = new FaultProxy(ss, targetPort, seed);
    p.threads.execute(p::acceptLoop);
    return p;
  }

  /**
   * Returns the port the proxy listens on.
   *
   * @return the port on 127.0.0.1
   */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Returns the proxy's base URL.
   *
   * @return e.g. {@code http://127.0.0.1:41235}
   */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /**
   * Returns the seed of the random fault sequence.
   *
   * @return the seed given to {@link #start}
   */
  public long seed() {
    return seed;
  }

  /**
   * Injects {@code fault} once: into the next request whose head or body contains {@code needle}
   * (any request when it is null), or, for {@link Fault#RESET_ON_ACCEPT}, into the next accepted
   * connection (whatever request it was opened for: a client with a pooled keep-alive connection
   * opens a new one only when it needs one, so give such tests a client without a pool). Replaces
   * a fault armed before and not yet used.
   *
   * @param fault the fault
   * @param needle text the request must contain (ASCII or UTF-8), or null for any request
   */
  public void arm(Fault fault, String needle) {
    armedNeedle = needle == null ? null : needle.getBytes(StandardCharsets.UTF_8);
    armed = fault;
  }

  /**
   * Tells whether the fault given to {@link #arm} has not been injected yet.
   *
   * @return true while a fault is armed
   */
  public boolean isArmed() {
    return armed != null;
  }

  /** Drops an armed fault that was not used, and turns random faults off. */
  public void calm() {
    armed = null;
    armedNeedle = null;
    probability = 0;
    acceptProbability = 0;
  }

  /**
   * Injects a random fault into each request (and a reset into each new connection) with this
   * probability; 0 turns it off. A request's fault is drawn uniformly from the faults other than
   * {@link Fault#RESET_ON_ACCEPT}, which is drawn per connection (see {@link #randomAccept}).
   *
   * @param probability from 0 to 1
   */
  public void random(double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be in [0, 1]: " + probability);
    }
    this.probability = probability;
    this.acceptProbability = probability;
  }

  /**
   * Resets each new connection with this probability while random faults are on (by default the
   * probability given to {@link #random(double)}). A client with a connection pool opens few
   * connections, so tests that want resets on accept to happen set this higher.
   *
   * @param probability from 0 to 1
   */
  public void randomAccept(double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be in [0, 1]: " + probability);
    }
    this.acceptProbability = probability;
  }

  /**
   * Sets how long {@link Fault#DELAY} holds a request (default 300 ms).
   *
   * @param delay zero or more
   */
  public void delay(Duration delay) {
    this.delayMillis = delay.toMillis();
  }

  /**
   * Sets how long a {@link Fault#STALL} lasts at most before the proxy resets the connection
   * (default 30 s). Clients normally give up first.
   *
   * @param max a positive duration
   */
  public void maxStall(Duration max) {
    this.maxStallMillis = max.toMillis();
  }

  /**
   * Returns how often a fault was injected since start (or {@link #resetCounts()}).
   *
   * @param fault the fault
   * @return the count
   */
  public int injected(Fault fault) {
    return injected.get(fault).get();
  }

  /**
   * Returns the injected counts of every fault.
   *
   * @return fault → count, in declaration order
   */
  public Map<Fault, Integer> injectedCounts() {
    Map<Fault, Integer> m = new EnumMap<>(Fault.class);
    for (Fault f : Fault.values()) {
      m.put(f, injected(f));
    }
    return m;
  }

  /**
   * Returns how many requests the proxy has seen since start.
   *
   * @return the count
   */
  public long requests() {
    return requests.get();
  }

  /** Sets every injected count to zero. */
  public void resetCounts() {
    for (AtomicInteger c : injected.values()) {
      c.set(0);
    }
  }

  /**
   * Waits until no request is in flight through the proxy, then for {@code quiet} more without a
   * new one.
   *
   * @param quiet how long nothing must happen
   * @param timeout how long to wait at most
   * @return true if the proxy went quiet in time
   */
  public boolean awaitQuiet(Duration quiet, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long seen = requests.get();
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long now = requests.get();
      if (busy.get() > 0 || now != seen) {
        seen = now;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince >= quiet.toNanos()) {
        return true;
      }
      sleep(10);
    }
    return false;
  }

  /** Closes (FIN) every connection that has no request in flight. */
  public void closeIdleConnections() {
    for (Link l : links) {
      if (!l.busy) {
        l.shutdown(false);
      }
    }
  }

  /**
   * Makes the proxy drop every byte on upgraded (WebSocket) connections, both ways, without
   * closing them: a server that stops answering, as a frozen process or a dead path would look.
   * HTTP requests are not affected.
   *
   * @param on true to drop, false to forward again
   */
  public void blackholeUpgraded(boolean on) {
    blackhole = on;
  }

  /** Resets (RST) every connection, busy or not, as a crashing server or middlebox would. */
  public void resetAllConnections() {
    for (Link l : links) {
      l.shutdown(true);
    }
  }

  /**
   * Returns how many client connections are open through the proxy.
   *
   * @return the count
   */
  public int openConnections() {
    return links.size();
  }

  /** Stops accepting, resets every connection and stops the proxy's threads. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    resetAllConnections();
    threads.shutdownNow();
  }

  @Override
  public String toString() {
    return "FaultProxy[" + url() + " -> 127.0.0.1:" + targetPort + ", seed=" + seed + ", connections="
        + links.size() + ", busy=" + busy.get() + "]";
  }

  // ------------------------------------------------------------------------------- internals

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      if (takeAcceptFault() || links.size() >= MAX_LINKS) {
        reset(client);
        continue;
      }
      Socket server = new Socket();
      try {
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
      } catch (IOException e) {
        // The server is down: the client sees its connection reset, as with no proxy it would see a refusal.
        reset(client);
        closeQuietly(server);
        continue;
      }
      Link link = new Link(client, server);
      links.add(link);
      try {
        threads.execute(link::pumpRequests);
        threads.execute(link::pumpResponses);
      } catch (RuntimeException e) {
        link.shutdown(true);
      }
    }
  }

  private boolean takeAcceptFault() {
    synchronized (this) {
      if (armed == Fault.RESET_ON_ACCEPT) {
        armed = null;
        armedNeedle = null;
        injected.get(Fault.RESET_ON_ACCEPT).incrementAndGet();
        return true;
      }
    }
    double p = probability > 0 ? acceptProbability : 0;
    if (p > 0 && randomDouble() < p) {
      injected.get(Fault.RESET_ON_ACCEPT).incrementAndGet();
      return true;
    }
    return false;
  }

  /** The fault for a request that just arrived whole, or null. Counted here, when chosen. */
  private Fault requestFault(byte[] head, byte[] body) {
    Fault f = null;
    synchronized (this) {
      Fault a = armed;
      if (a != null && a != Fault.RESET_ON_ACCEPT) {
        byte[] needle = armedNeedle;
        if (needle == null || contains(head, needle) || contains(body, needle)) {
          f = a;
          armed = null;
          armedNeedle = null;
        }
      }
    }
    double p = probability;
    if (f == null && p > 0 && randomDouble() < p) {
      // Uniform over the request-level faults; resets on accept are drawn in takeAcceptFault().
      Fault[] all = Fault.values();
      f = all[1 + randomInt(all.length - 1)];
    }
    if (f != null) {
      injected.get(f).incrementAndGet();
    }
    return f;
  }

  private double randomDouble() {
    synchronized (random) {
      return random.nextDouble();
    }
  }

  private int randomInt(int bound) {
    synchronized (random) {
      return random.nextInt(bound);
    }
  }

  static boolean contains(byte[] hay, byte[] needle) {
    if (hay == null || needle.length == 0) {
      return needle.length == 0;
    }
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** One client connection and its server connection. */
  private final class Link {
    final Socket client;
    final Socket server;
    volatile boolean busy;
    volatile Fault pending;
    private boolean busyCounted;
    private volatile boolean done;

    Link(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    private synchronized void setBusy(boolean b) {
      busy = b;
      if (b != busyCounted) {
        busyCounted = b;
        FaultProxy.this.busy.addAndGet(b ? 1 : -1);
      }
    }

    void pumpRequests() {
      try {
        InputStream in = new BufferedInputStream(client.getInputStream());
        OutputStream out = new BufferedOutputStream(server.getOutputStream());
        while (true) {
          byte[] head = readHead(in);
          if (head == null) {
            break; // the client closed the connection
          }
          if (done) {
            break;
          }
          setBusy(true);
          requests.incrementAndGet();
          Head h = Head.parse(head, true);
          byte[] body = readBody(in, h, MAX_REQUEST_BODY_BYTES);
          Fault f = requestFault(head, body);
          if (f == Fault.RESET_MID_REQUEST) {
            out.write(head);
            out.write(body, 0, body.length / 2);
            out.flush();
            shutdown(true);
            return;
          }
          if (f == Fault.DELAY) {
            sleep(delayMillis);
          }
          pending = f;
          out.write(head);
          out.write(body);
          out.flush();
          if (h.upgrade) {
            pumpRaw(in, out); // a WebSocket: frames, not HTTP messages, from here on
            break;
          }
        }
      } catch (IOException | RuntimeException e) {
        // a reset or a malformed request: the connection ends below
      }
      shutdown(false);
    }

    void pumpResponses() {
      try {
        InputStream in = new BufferedInputStream(server.getInputStream());
        OutputStream out = new BufferedOutputStream(client.getOutputStream());
        while (true) {
          byte[] head = readHead(in);
          if (head == null) {
            break; // the server closed the connection
          }
          Head h = Head.parse(head, false);
          Fault f = pending;
          pending = null;
          if (f == Fault.STALL) {
            stall();
            return;
          }
          out.write(head);
          if (f == Fault.CUT_RESPONSE_MID_BODY) {
            cut(in, out, h);
            return;
          }
          if (h.status == 101) {
            out.flush();
            setBusy(false);
            pumpRaw(in, out);
            break;
          }
          forwardBody(in, out, h);
          out.flush();
          if (h.status >= 200) {
            setBusy(false);
          }
          if (h.close) {
            break;
          }
        }
      } catch (IOException | RuntimeException e) {
        // a reset: the connection ends below
      }
      shutdown(false);
    }

    /** Copies bytes as they come (an upgraded connection); drops them while the proxy is a black hole. */
    private void pumpRaw(InputStream in, OutputStream out) throws IOException {
      byte[] buf = new byte[8192];
      int n;
      while (!done && (n = in.read(buf)) >= 0) {
        if (blackhole) {
          continue;
        }
        out.write(buf, 0, n);
        out.flush();
      }
    }

    /** Forwards nothing until the client gives up (closes) or the stall limit passes, then resets. */
    private void stall() {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxStallMillis);
      while (!done && !closed && System.nanoTime() < deadline) {
        sleep(20);
      }
      shutdown(true);
    }

    /** Forwards the response head (already written) and part of the body, then resets. */
    private void cut(InputStream in, OutputStream out, Head h) throws IOException {
      if (h.chunked) {
        // Forward whole chunks up to a random budget, then half of the next chunk's data.
        int budget = 1 + randomInt(2048);
        int sent = 0;
        while (true) {
          String line = readLine(in);
          int size = Integer.parseInt(line.split(";", 2)[0].trim(), 16);
          byte[] data = in.readNBytes(size + 2);
          byte[] lineBytes = (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
          if (size == 0 || sent + size >= budget) {
            out.write(lineBytes);
            out.write(data, 0, size / 2);
            break;
          }
          out.write(lineBytes);
          out.write(data);
          sent += size;
        }
      } else if (h.contentLength > 0) {
        byte[] body = in.readNBytes((int) Math.min(h.contentLength, Integer.MAX_VALUE));
        out.write(body, 0, body.length / 2);
      }
      out.flush();
      shutdown(true);
    }

    void shutdown(boolean rst) {
      setBusy(false); // also when already done: the request pump may have marked a late request busy
      if (done) {
        return;
      }
      done = true;
      if (rst) {
        reset(client);
        reset(server);
      } else {
        closeQuietly(client);
        closeQuietly(server);
      }
      links.remove(this);
    }
  }

  /** The framing facts of a request or response head. */
  private static final class Head {
    int status = -1;
    long contentLength = -1;
    boolean chunked;
    boolean close;
    boolean noBody;
    boolean upgrade;

    static Head parse(byte[] raw, boolean request) throws IOException {
      String text = new String(raw, StandardCharsets.ISO_8859_1);
      String[] lines = text.split("\r\n");
      Head h = new Head();
      if (!request) {
        String[] parts = lines[0].split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
          throw new IOException("not an HTTP response: " + lines[0]);
        }
        h.status = Integer.parseInt(parts[1]);
        h.noBody = h.status < 200 || h.status == 204 || h.status == 304;
      }
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        if (name.equals("content-length")) {
          h.contentLength = Long.parseLong(value);
        } else if (name.equals("transfer-encoding") && value.contains("chunked")) {
          h.chunked = true;
        } else if (name.equals("connection") && value.contains("close")) {
          h.close = true;
        } else if (name.equals("upgrade") && value.contains("websocket")) {
          h.upgrade = true;
        }
      }
      return h;
    }
  }

  /** The head up to and including the blank line, or null at a clean end of stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
    int last4 = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (buf.size() == 0) {
          return null;
        }
        throw new IOException("the stream ended inside an HTTP head");
      }
      buf.write(b);
      if (buf.size() > MAX_HEAD_BYTES) {
        throw new IOException("an HTTP head longer than " + MAX_HEAD_BYTES + " bytes");
      }
      last4 = (last4 << 8) | b;
      if (last4 == 0x0D0A0D0A) {
        return buf.toByteArray();
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(16);
    int prev = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the stream ended inside a chunk header");
      }
      if (prev == '\r' && b == '\n') {
        byte[] bytes = buf.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
      }
      buf.write(b);
      if (buf.size() > 1024) {
        throw new IOException("a chunk header longer than 1024 bytes");
      }
      prev = b;
    }
  }

  /** A whole request body, raw (chunk framing included), so it can be searched and forwarded. */
  private static byte[] readBody(InputStream in, Head h, int max) throws IOException {
    if (h.chunked) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      while (true) {
        String line = readLine(in);
        int size = Integer.parseInt(line.split(";", 2)[0].trim(), 16);
        buf.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        if (size == 0) {
          String trailer;
          while (!(trailer = readLine(in)).isEmpty()) {
            buf.write((trailer + "\r\n").getBytes(StandardCharsets.US_ASCII));
          }
          buf.write('\r');
          buf.write('\n');
          return buf.toByteArray();
        }
        buf.write(readExactly(in, size + 2));
        if (buf.size() > max) {
          throw new IOException("a request body larger than " + max + " bytes");
        }
      }
    }
    if (h.contentLength > max) {
      throw new IOException("a request body larger than " + max + " bytes");
    }
    return h.contentLength <= 0 ? new byte[0] : readExactly(in, (int) h.contentLength);
  }

  /** Forwards a response body as it arrives, chunk by chunk, flushing each. */
  private static void forwardBody(InputStream in, OutputStream out, Head h) throws IOException {
    if (h.noBody) {
      return;
    }
    if (h.chunked) {
      while (true) {
        String line = readLine(in);
        int size = Integer.parseInt(line.split(";", 2)[0].trim(), 16);
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        if (size == 0) {
          String trailer;
          while (!(trailer = readLine(in)).isEmpty()) {
            out.write((trailer + "\r\n").getBytes(StandardCharsets.US_ASCII));
          }
          out.write('\r');
          out.write('\n');
          return;
        }
        copy(in, out, size + 2L);
        out.flush();
      }
    }
    if (h.contentLength >= 0) {
      copy(in, out, h.contentLength);
      return;
    }
    // No framing: the body runs to the end of the connection.
    in.transferTo(out);
    throw new IOException("the server closed a response without framing");
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[8192];
    long left = n;
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        throw new IOException("the stream ended inside a body");
      }
      out.write(buf, 0, r);
      left -= r;
    }
  }

  private static byte[] readExactly(InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new IOException("the stream ended inside a body");
    }
    return b;
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (SocketException ignored) {
      // already closed
    }
    closeQuietly(s);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
