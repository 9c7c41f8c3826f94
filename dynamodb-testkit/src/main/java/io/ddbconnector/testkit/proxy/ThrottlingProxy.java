package io.ddbconnector.testkit.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32;

/**
 * An HTTP proxy in front of a DynamoDB-compatible backend (dynalite) that emulates what the backend
 * lacks: provisioned-throughput enforcement, throttling, partial batches, server errors, connection
 * resets, latency and outages. It also measures, independently of any client, the capacity units
 * each table really consumed per second.
 *
 * <p>It listens on 127.0.0.1 (one thread per client connection, each with its own keep-alive
 * connection to the backend) and speaks plain HTTP/1.1.
 *
 * <p><b>Capacity.</b> Every data-plane request (GetItem, BatchGetItem, Query, Scan: reads; PutItem,
 * UpdateItem, DeleteItem, BatchWriteItem: writes) is sent to the backend with
 * {@code ReturnConsumedCapacity: TOTAL}; the reported units are metered per table. If the client did
 * not ask for consumed capacity (or asked NONE) it is removed from the response again. A table given a
 * capacity with {@link #setCapacity} has a token bucket per direction that refills at the configured
 * rate, holds {@link #setBurstSeconds burst seconds} of capacity and starts full. A request arriving
 * while the bucket is at or below zero is answered with {@code ProvisionedThroughputExceededException}
 * without reaching the backend; otherwise it is forwarded and the units it consumed are taken from
 * the bucket, which may go negative (a debt repaid by the refill, as the service does). For a batch
 * over several tables only the empty tables' requests are returned as unprocessed, unless all are.
 *
 * <p><b>Faults.</b> See {@link Faults}: they apply to data-plane requests only.
 */
public final class ThrottlingProxy implements AutoCloseable {

  private static final String ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";
  private static final String THROUGHPUT_EXCEEDED = "ProvisionedThroughputExceededException";
  private static final String THROUGHPUT_MESSAGE = "The level of configured provisioned throughput for the table was "
      + "exceeded. Consider increasing your provisioning level with the UpdateTable API.";
  private static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final Set<String> READS = Set.of("GetItem", "BatchGetItem", "Query", "Scan");
  private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");
  private static final byte[] NO_BYTES = new byte[0];
  /** Reopen a backend connection idle this long (Node closes idle keep-alive connections after 5 s). */
  private static final long UPSTREAM_IDLE_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final int UPSTREAM_CONNECT_TIMEOUT_MS = 5_000;
  private static final int UPSTREAM_READ_TIMEOUT_MS = 300_000;

  private final InetSocketAddress targetAddress;
  private final String hostHeader;
  private final ServerSocket server;
  private final URI endpoint;
  private final Thread acceptor;
  private final ExecutorService workers;
  private final Set<Socket> clientSockets = ConcurrentHashMap.newKeySet();
  private final Set<Socket> upstreamSockets = ConcurrentHashMap.newKeySet();
  private final long startNanos = System.nanoTime();
  private volatile boolean closed;
  private volatile boolean down;
  private volatile FaultState faultState = new FaultState(Faults.none());
  private volatile double burstSeconds = 1.0;
  private final ConcurrentHashMap<String, Capacity> capacities = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, TableStats> tableStats = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> requestsByOperation = new ConcurrentHashMap<>();
  private final LongAdder[] injected = new LongAdder[Faults.Kind.values().length];

  private ThrottlingProxy(URI target) throws IOException {
    Objects.requireNonNull(target, "target");
    if (target.getScheme() != null && !"http".equalsIgnoreCase(target.getScheme())) {
      throw new IllegalArgumentException("only http:// targets are supported: " + target);
    }
    if (target.getHost() == null) {
      throw new IllegalArgumentException("target has no host: " + target);
    }
    int port = target.getPort() < 0 ? 80 : target.getPort();
    this.targetAddress = new InetSocketAddress(target.getHost(), port);
    this.hostHeader = target.getHost() + ":" + port;
    for (int i = 0; i < injected.length; i++) {
      injected[i] = new LongAdder();
    }
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    int localPort = server.getLocalPort();
    this.endpoint = URI.create("http://127.0.0.1:" + localPort);
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "throttling-proxy-" + localPort + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.acceptor = new Thread(this::acceptLoop, "throttling-proxy-" + localPort + "-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a proxy on a free loopback port forwarding to {@code target} (e.g. {@code http://127.0.0.1:8000}). */
  public static ThrottlingProxy start(URI target) {
    try {
      return new ThrottlingProxy(target);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the proxy: " + e, e);
    }
  }

  /** Where clients connect: {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return endpoint;
  }

  // ---------------------------------------------------------------------------------------- configuration

  /**
   * Enforces a provisioned capacity on a table, in units per second (use
   * {@link Double#POSITIVE_INFINITY} for an unlimited direction). The buckets start full; calling it
   * again changes the rates and keeps the current level (capped at the new burst).
   */
  public void setCapacity(String table, double readUnitsPerSec, double writeUnitsPerSec) {
    Objects.requireNonNull(table, "table");
    checkRate(readUnitsPerSec);
    checkRate(writeUnitsPerSec);
    double burst = burstSeconds;
    capacities.compute(table, (k, old) -> {
      if (old == null) {
        return new Capacity(new Bucket(readUnitsPerSec, burst), new Bucket(writeUnitsPerSec, burst));
      }
      old.read.configure(readUnitsPerSec, burst);
      old.write.configure(writeUnitsPerSec, burst);
      return old;
    });
  }

  /** Stops enforcing a capacity on the table. */
  public void removeCapacity(String table) {
    capacities.remove(table);
  }

  /** How many seconds of capacity a bucket holds (default 1); applies to existing buckets as well. */
  public void setBurstSeconds(double seconds) {
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("burst seconds must be positive and finite: " + seconds);
    }
    this.burstSeconds = seconds;
    for (Capacity c : capacities.values()) {
      c.read.configure(Double.NaN, seconds);
      c.write.configure(Double.NaN, seconds);
    }
  }

  /** The current level of a table's bucket, or NaN if the table has no capacity set. */
  public double tokens(String table, boolean write) {
    Capacity c = capacities.get(table);
    return c == null ? Double.NaN : c.bucket(write).level();
  }

  /** Replaces the injected faults (and restarts their random sequence from the seed). */
  public void setFaults(Faults faults) {
    this.faultState = new FaultState(Objects.requireNonNull(faults, "faults"));
  }

  public Faults faults() {
    return faultState.faults;
  }

  /**
   * Emulates a dead backend: while down, every connection (open or new) is reset at once and no
   * request is answered. Setting it back to false serves new connections again.
   */
  public void setDown(boolean down) {
    this.down = down;
    if (down) {
      for (Socket s : clientSockets) {
        reset(s);
      }
    }
  }

  public boolean isDown() {
    return down;
  }

  // ---------------------------------------------------------------------------------------- measurements

  /** Requests received for an operation (e.g. "Query"), whatever their outcome. */
  public long requests(String operation) {
    LongAdder a = requestsByOperation.get(operation);
    return a == null ? 0 : a.sum();
  }

  /** Requests received for an operation on a table (a batch counts once for each table it names). */
  public long requests(String table, String operation) {
    TableStats s = tableStats.get(table);
    if (s == null) {
      return 0;
    }
    LongAdder a = s.requestsByOperation.get(operation);
    return a == null ? 0 : a.sum();
  }

  /** Capacity units the backend reported as consumed on the table, in total. */
  public double consumed(String table, boolean write) {
    TableStats s = tableStats.get(table);
    return s == null ? 0 : (write ? s.writeTotal : s.readTotal).sum();
  }

  /** Consumed units per second since the proxy started (key: whole seconds since start); seconds without traffic are absent. */
  public SortedMap<Long, Double> consumedPerSecond(String table, boolean write) {
    TreeMap<Long, Double> m = new TreeMap<>();
    TableStats s = tableStats.get(table);
    if (s != null) {
      (write ? s.writePerSecond : s.readPerSecond).forEach((k, v) -> m.put(k, v.sum()));
    }
    return Collections.unmodifiableSortedMap(m);
  }

  /**
   * Consumed units per second between the first and the last second with traffic, after dropping
   * {@code trimFraction} (0 to &lt;0.5) of that span at both ends; 0 without traffic.
   */
  public double steadyRate(String table, boolean write, double trimFraction) {
    if (!(trimFraction >= 0 && trimFraction < 0.5)) {
      throw new IllegalArgumentException("trimFraction must be in [0, 0.5): " + trimFraction);
    }
    SortedMap<Long, Double> m = consumedPerSecond(table, write);
    if (m.isEmpty()) {
      return 0;
    }
    long first = m.firstKey();
    long last = m.lastKey();
    long span = last - first + 1;
    long trim = (long) Math.floor(span * trimFraction);
    long lo = first + trim;
    long hi = last - trim;
    double sum = 0;
    for (double v : m.subMap(lo, hi + 1).values()) {
      sum += v;
    }
    return sum / (hi - lo + 1);
  }

  /** Requests to the table answered with a throttle because its bucket was empty (injected ones excluded). */
  public long throttled(String table) {
    TableStats s = tableStats.get(table);
    return s == null ? 0 : s.throttled.sum();
  }

  /** Faults injected so far, all kinds together. */
  public long injectedFaults() {
    long n = 0;
    for (LongAdder a : injected) {
      n += a.sum();
    }
    return n;
  }

  /** Faults of one kind injected so far. */
  public long injectedFaults(Faults.Kind kind) {
    return injected[kind.ordinal()].sum();
  }

  /** Clears every counter and measurement (capacities, faults and the time origin stay). */
  public void resetStats() {
    tableStats.clear();
    requestsByOperation.clear();
    for (LongAdder a : injected) {
      a.reset();
    }
  }

  /** Stops listening, drops every connection and ends every thread of the proxy. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(server);
    for (Socket s : clientSockets) {
      closeQuietly(s);
    }
    for (Socket s : upstreamSockets) {
      closeQuietly(s);
    }
    workers.shutdownNow();
    try {
      acceptor.join(10_000);
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        for (Socket s : clientSockets) {
          closeQuietly(s);
        }
        for (Socket s : upstreamSockets) {
          closeQuietly(s);
        }
        workers.awaitTermination(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "ThrottlingProxy[" + endpoint + " -> " + hostHeader + (down ? ", down" : "") + "]";
  }

  // ---------------------------------------------------------------------------------------- connections

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        pause();
        continue;
      }
      if (down || closed) {
        reset(s);
        continue;
      }
      clientSockets.add(s);
      if (down || closed) {
        clientSockets.remove(s);
        reset(s);
        continue;
      }
      try {
        workers.execute(() -> serve(s));
      } catch (RejectedExecutionException e) {
        clientSockets.remove(s);
        reset(s);
      }
    }
  }

  private void serve(Socket client) {
    Upstream upstream = new Upstream();
    try {
      client.setTcpNoDelay(true);
      Http.In in = new Http.In(client.getInputStream());
      OutputStream out = client.getOutputStream();
      while (!closed) {
        if (down) {
          reset(client);
          return;
        }
        Http.Message request = Http.readRequest(in, out);
        if (request == null) {
          return;
        }
        Http.Message response;
        try {
          response = handle(request, upstream);
        } catch (IOException e) {
          // the backend is unreachable or broke off: the client sees what it would have seen from it
          response = null;
        } catch (RuntimeException e) {
          System.err.println("ThrottlingProxy: failed to handle a request: " + e);
          response = error(500, "InternalServerError", "ThrottlingProxy failed: " + e);
        }
        if (response == null || down) {
          reset(client);
          return;
        }
        boolean close = request.closes() || closed;
        respond(out, response, close);
        if (close) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the client went away or sent something that is not HTTP
    } finally {
      upstream.close();
      clientSockets.remove(client);
      closeQuietly(client);
    }
  }

  private static void respond(OutputStream out, Http.Message response, boolean close) throws IOException {
    List<String[]> headers = new ArrayList<>(response.headers.size() + 2);
    for (String[] h : response.headers) {
      if (!Http.hopByHop(h[0])) {
        headers.add(h);
      }
    }
    headers.add(new String[] {"Content-Length", Integer.toString(response.body.length)});
    if (close) {
      headers.add(new String[] {"Connection", "close"});
    }
    Http.write(out, "HTTP/1.1 " + response.second + " " + response.third, headers, response.body);
  }

  /** One keep-alive connection to the backend, owned by one client connection's thread. */
  private final class Upstream {
    private Socket socket;
    private Http.In in;
    private OutputStream out;
    private long lastUsed;

    Http.Message exchange(Http.Message request, byte[] body) throws IOException {
      List<String[]> headers = new ArrayList<>(request.headers.size() + 2);
      headers.add(new String[] {"Host", hostHeader});
      for (String[] h : request.headers) {
        String name = h[0];
        if (!Http.hopByHop(name) && !name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Accept-Encoding")) {
          headers.add(h);
        }
      }
      String method = request.first;
      if (body.length > 0 || !(method.equals("GET") || method.equals("HEAD") || method.equals("DELETE")
          || method.equals("OPTIONS"))) {
        headers.add(new String[] {"Content-Length", Integer.toString(body.length)});
      }
      String startLine = method + " " + request.second + " HTTP/1.1";
      boolean reused = socket != null;
      if (reused && System.nanoTime() - lastUsed > UPSTREAM_IDLE_NANOS) {
        close();
        reused = false;
      }
      while (true) {
        if (socket == null) {
          open();
        }
        long before = in.consumed();
        try {
          Http.write(out, startLine, headers, body);
          Http.Message response = Http.readResponse(in, method.equals("HEAD"));
          if (response == null) {
            throw new EOFException("the backend closed the connection");
          }
          lastUsed = System.nanoTime();
          if (response.closes()) {
            close();
          }
          return response;
        } catch (IOException e) {
          boolean nothingBack = in.consumed() == before;
          close();
          if (reused && nothingBack && !closed && !(e instanceof InterruptedIOException)) {
            reused = false; // a stale keep-alive connection: retry once on a fresh one
            continue;
          }
          throw e;
        }
      }
    }

    private void open() throws IOException {
      if (closed) {
        throw new IOException("proxy closed");
      }
      Socket s = new Socket();
      upstreamSockets.add(s);
      try {
        s.setTcpNoDelay(true);
        s.connect(targetAddress, UPSTREAM_CONNECT_TIMEOUT_MS);
        s.setSoTimeout(UPSTREAM_READ_TIMEOUT_MS);
        in = new Http.In(s.getInputStream());
        out = s.getOutputStream();
        socket = s;
      } catch (IOException e) {
        upstreamSockets.remove(s);
        closeQuietly(s);
        throw e;
      }
    }

    void close() {
      if (socket != null) {
        upstreamSockets.remove(socket);
        closeQuietly(socket);
        socket = null;
      }
    }
  }

  // ---------------------------------------------------------------------------------------- request handling

  /** Returns the response for the client, or null to reset the client connection instead. */
  private Http.Message handle(Http.Message request, Upstream upstream) throws IOException {
    String amzTarget = request.header("X-Amz-Target");
    if (amzTarget == null || !"POST".equals(request.first)) {
      return upstream.exchange(request, request.body);
    }
    String op = amzTarget.substring(amzTarget.lastIndexOf('.') + 1);
    boolean isWrite = WRITES.contains(op);
    boolean dataPlane = isWrite || READS.contains(op);
    boolean batch = op.equals("BatchWriteItem") || op.equals("BatchGetItem");
    byte[] body = request.body;
    Json.Members top = Json.members(body, 0, body.length);
    List<String> tables = top == null ? List.of() : tableNames(body, top, batch);
    count(op, tables);
    if (!dataPlane) {
      return upstream.exchange(request, body);
    }

    FaultState fs = faultState;
    Faults f = fs.faults;
    if (!f.isNone()) {
      fs.sleepLatency();
      double u = fs.random.nextDouble();
      if (u < f.throttleRate()) {
        injected[Faults.Kind.THROTTLE.ordinal()].increment();
        return error(400, THROUGHPUT_EXCEEDED, THROUGHPUT_MESSAGE);
      }
      u -= f.throttleRate();
      if (u < f.serverErrorRate()) {
        injected[Faults.Kind.SERVER_ERROR.ordinal()].increment();
        return error(500, "InternalServerError", "Internal server error (injected by ThrottlingProxy)");
      }
      u -= f.serverErrorRate();
      if (u < f.connectionResetRate()) {
        injected[Faults.Kind.CONNECTION_RESET.ordinal()].increment();
        return null;
      }
    }
    if (top == null || tables.isEmpty()) {
      return upstream.exchange(request, body); // malformed: let the backend answer
    }

    List<String> emptyTables = null;
    for (String t : tables) {
      Capacity c = capacities.get(t);
      if (c != null && !c.bucket(isWrite).available()) {
        if (emptyTables == null) {
          emptyTables = new ArrayList<>(tables.size());
        }
        emptyTables.add(t);
      }
    }
    if (emptyTables != null && (!batch || emptyTables.size() == tables.size())) {
      for (String t : emptyTables) {
        stats(t).throttled.increment();
      }
      return error(400, THROUGHPUT_EXCEEDED, THROUGHPUT_MESSAGE);
    }

    List<Edit> edits = new ArrayList<>(2);
    Map<String, Object> unprocessed = null;
    boolean partial = batch && f.batchPartialRate() > 0 && fs.random.nextDouble() < f.batchPartialRate();
    Json.Span itemsSpan = batch ? top.get("RequestItems") : null;
    if (itemsSpan != null && (emptyTables != null || partial)) {
      Object parsed = Json.parse(body, itemsSpan.valueStart, itemsSpan.valueEnd);
      if (parsed instanceof Map) {
        @SuppressWarnings("unchecked")
        Map<String, Object> items = (Map<String, Object>) parsed;
        Map<String, Object> rest = new LinkedHashMap<>();
        if (emptyTables != null) {
          for (String t : emptyTables) {
            rest.put(t, items.remove(t));
            stats(t).throttled.increment();
          }
        }
        if (partial && splitBatch(items, rest, isWrite, fs.random)) {
          injected[Faults.Kind.PARTIAL_BATCH.ordinal()].increment();
        }
        if (!rest.isEmpty()) {
          unprocessed = rest;
          edits.add(new Edit(itemsSpan.valueStart, itemsSpan.valueEnd, Json.writeBytes(items)));
        }
      }
    }

    Json.Span rcc = top.get("ReturnConsumedCapacity");
    boolean strip = false;
    if (rcc == null) {
      String member = "\"ReturnConsumedCapacity\":\"TOTAL\"" + (top.size() > 0 ? "," : "");
      edits.add(new Edit(top.objectStart + 1, top.objectStart + 1, member.getBytes(StandardCharsets.UTF_8)));
      strip = true;
    } else if ("NONE".equals(Json.parse(body, rcc.valueStart, rcc.valueEnd))) {
      edits.add(new Edit(rcc.valueStart, rcc.valueEnd, "\"TOTAL\"".getBytes(StandardCharsets.UTF_8)));
      strip = true;
    }

    Http.Message response = upstream.exchange(request, edits.isEmpty() ? body : Edit.apply(body, edits));
    return afterResponse(response, isWrite, tables.get(0), strip, unprocessed);
  }

  private Http.Message afterResponse(Http.Message response, boolean isWrite, String defaultTable, boolean strip,
      Map<String, Object> unprocessed) {
    if (response.status() != 200) {
      return response;
    }
    String encoding = response.header("Content-Encoding");
    if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
      return response;
    }
    byte[] body = response.body;
    Json.Members top = Json.members(body, 0, body.length);
    if (top == null) {
      return response;
    }
    List<Edit> edits = new ArrayList<>(2);
    int remaining = top.size();
    Json.Span cc = top.get("ConsumedCapacity");
    if (cc != null) {
      meter(Json.parse(body, cc.valueStart, cc.valueEnd), defaultTable, isWrite);
      if (strip) {
        int[] r = top.removalRange(cc);
        edits.add(new Edit(r[0], r[1], NO_BYTES));
        remaining--;
      }
    }
    if (unprocessed != null) {
      String key = isWrite ? "UnprocessedItems" : "UnprocessedKeys";
      Json.Span existing = top.get(key);
      if (existing != null) {
        Object merged = mergeUnprocessed(Json.parse(body, existing.valueStart, existing.valueEnd), unprocessed,
            isWrite);
        edits.add(new Edit(existing.valueStart, existing.valueEnd, Json.writeBytes(merged)));
      } else {
        StringBuilder sb = new StringBuilder();
        Json.writeString(key, sb);
        sb.append(':');
        Json.write(unprocessed, sb);
        if (remaining > 0) {
          sb.append(',');
        }
        edits.add(new Edit(top.objectStart + 1, top.objectStart + 1, sb.toString().getBytes(StandardCharsets.UTF_8)));
      }
    }
    if (!edits.isEmpty()) {
      response.body = Edit.apply(body, edits);
      if (response.header("x-amz-crc32") != null) {
        response.setHeader("x-amz-crc32", crc32(response.body));
      }
    }
    return response;
  }

  private static List<String> tableNames(byte[] body, Json.Members top, boolean batch) {
    Json.Span s = top.get(batch ? "RequestItems" : "TableName");
    if (s == null) {
      return List.of();
    }
    if (!batch) {
      Object v = Json.parse(body, s.valueStart, s.valueEnd);
      return v instanceof String ? List.of((String) v) : List.of();
    }
    Json.Members items = Json.members(body, s.valueStart, s.valueEnd);
    if (items == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>(items.size());
    for (Json.Span t : items.spans) {
      names.add(t.name);
    }
    return names;
  }

  private void count(String op, List<String> tables) {
    requestsByOperation.computeIfAbsent(op, k -> new LongAdder()).increment();
    for (String t : tables) {
      stats(t).requestsByOperation.computeIfAbsent(op, k -> new LongAdder()).increment();
    }
  }

  private TableStats stats(String table) {
    TableStats s = tableStats.get(table);
    return s != null ? s : tableStats.computeIfAbsent(table, k -> new TableStats());
  }

  private void meter(Object consumed, String defaultTable, boolean write) {
    if (consumed instanceof List) {
      for (Object o : (List<?>) consumed) {
        meterOne(o, defaultTable, write);
      }
    } else {
      meterOne(consumed, defaultTable, write);
    }
  }

  private void meterOne(Object o, String defaultTable, boolean write) {
    if (!(o instanceof Map)) {
      return;
    }
    Map<?, ?> m = (Map<?, ?>) o;
    Object units = m.get("CapacityUnits");
    if (!(units instanceof BigDecimal)) {
      return;
    }
    Object name = m.get("TableName");
    String table = name instanceof String ? (String) name : defaultTable;
    double u = ((BigDecimal) units).doubleValue();
    long second = (System.nanoTime() - startNanos) / 1_000_000_000L;
    TableStats s = stats(table);
    (write ? s.writeTotal : s.readTotal).add(u);
    ConcurrentHashMap<Long, DoubleAdder> perSecond = write ? s.writePerSecond : s.readPerSecond;
    DoubleAdder a = perSecond.get(second);
    if (a == null) {
      a = perSecond.computeIfAbsent(second, k -> new DoubleAdder());
    }
    a.add(u);
    Capacity c = capacities.get(table);
    if (c != null) {
      c.bucket(write).consume(u);
    }
  }

  /**
   * Moves a random part of a batch's requests from {@code items} to {@code rest}, keeping a random
   * non-empty proper subset. Returns false (and changes nothing) if the batch has fewer than two
   * requests or is not shaped as expected.
   */
  private static boolean splitBatch(Map<String, Object> items, Map<String, Object> rest, boolean write,
      Random random) {
    List<String> owners = new ArrayList<>();
    List<Object> requests = new ArrayList<>();
    for (Map.Entry<String, Object> e : items.entrySet()) {
      List<?> list = requestsOf(e.getValue(), write);
      if (list == null) {
        return false;
      }
      for (Object r : list) {
        owners.add(e.getKey());
        requests.add(r);
      }
    }
    int n = requests.size();
    if (n < 2) {
      return false;
    }
    int keep = 1 + random.nextInt(n - 1);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    boolean[] kept = new boolean[n];
    for (int i = 0; i < keep; i++) {
      int j = i + random.nextInt(n - i);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
      kept[order[i]] = true;
    }
    Map<String, List<Object>> keptByTable = new LinkedHashMap<>();
    Map<String, List<Object>> restByTable = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      (kept[i] ? keptByTable : restByTable).computeIfAbsent(owners.get(i), k -> new ArrayList<>()).add(requests.get(i));
    }
    Map<String, Object> original = new LinkedHashMap<>(items);
    items.clear();
    for (Map.Entry<String, List<Object>> e : keptByTable.entrySet()) {
      items.put(e.getKey(), withRequests(original.get(e.getKey()), e.getValue(), write));
    }
    for (Map.Entry<String, List<Object>> e : restByTable.entrySet()) {
      Object part = withRequests(original.get(e.getKey()), e.getValue(), write);
      Object before = rest.get(e.getKey());
      rest.put(e.getKey(), before == null ? part : mergeTable(before, part, write));
    }
    return true;
  }

  /** The list of write requests (BatchWriteItem) or keys (BatchGetItem) of one table's entry. */
  private static List<?> requestsOf(Object tableEntry, boolean write) {
    if (write) {
      return tableEntry instanceof List ? (List<?>) tableEntry : null;
    }
    if (tableEntry instanceof Map) {
      Object keys = ((Map<?, ?>) tableEntry).get("Keys");
      return keys instanceof List ? (List<?>) keys : null;
    }
    return null;
  }

  /** A copy of one table's entry with its requests (or keys) replaced. */
  private static Object withRequests(Object tableEntry, List<Object> requests, boolean write) {
    if (write) {
      return requests;
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) tableEntry).entrySet()) {
      copy.put(String.valueOf(e.getKey()), e.getValue());
    }
    copy.put("Keys", requests);
    return copy;
  }

  private static Object mergeTable(Object a, Object b, boolean write) {
    List<?> ra = requestsOf(a, write);
    List<?> rb = requestsOf(b, write);
    if (ra == null || rb == null) {
      return b;
    }
    List<Object> all = new ArrayList<>(ra.size() + rb.size());
    all.addAll(ra);
    all.addAll(rb);
    return withRequests(a, all, write);
  }

  private static Object mergeUnprocessed(Object existing, Map<String, Object> ours, boolean write) {
    if (!(existing instanceof Map)) {
      return ours;
    }
    Map<String, Object> merged = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) existing).entrySet()) {
      merged.put(String.valueOf(e.getKey()), e.getValue());
    }
    for (Map.Entry<String, Object> e : ours.entrySet()) {
      Object before = merged.get(e.getKey());
      merged.put(e.getKey(), before == null ? e.getValue() : mergeTable(before, e.getValue(), write));
    }
    return merged;
  }

  private static Http.Message error(int status, String type, String message) {
    StringBuilder sb = new StringBuilder(96 + message.length());
    sb.append("{\"__type\":");
    Json.writeString(ERROR_PREFIX + type, sb);
    sb.append(",\"message\":");
    Json.writeString(message, sb);
    sb.append('}');
    byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
    List<String[]> headers = new ArrayList<>(4);
    headers.add(new String[] {"x-amzn-RequestId", UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT)});
    headers.add(new String[] {"x-amz-crc32", crc32(body)});
    headers.add(new String[] {"Content-Type", JSON_CONTENT_TYPE});
    return new Http.Message(true, "HTTP/1.1", Integer.toString(status),
        status == 400 ? "Bad Request" : "Internal Server Error", headers, body);
  }

  private static String crc32(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body, 0, body.length);
    return Long.toString(crc.getValue());
  }

  private static void checkRate(double r) {
    if (!(r >= 0)) {
      throw new IllegalArgumentException("a capacity must be >= 0 (or +Infinity), was " + r);
    }
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (IOException ignored) {
      // already closed
    }
    closeQuietly(s);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // nothing to do
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------------------------------- state holders

  /** A replacement of body bytes [start, end) by {@code bytes} (start == end inserts). */
  private static final class Edit {
    final int start;
    final int end;
    final byte[] bytes;

    Edit(int start, int end, byte[] bytes) {
      this.start = start;
      this.end = end;
      this.bytes = bytes;
    }

    static byte[] apply(byte[] body, List<Edit> edits) {
      List<Edit> sorted = new ArrayList<>(edits);
      sorted.sort(Comparator.<Edit>comparingInt(e -> e.start).thenComparingInt(e -> e.end));
      int size = body.length;
      for (Edit e : sorted) {
        size += e.bytes.length - (e.end - e.start);
      }
      byte[] out = new byte[size];
      int cursor = 0;
      int o = 0;
      for (Edit e : sorted) {
        if (e.start < cursor) {
          throw new IllegalStateException("overlapping edits");
        }
        System.arraycopy(body, cursor, out, o, e.start - cursor);
        o += e.start - cursor;
        System.arraycopy(e.bytes, 0, out, o, e.bytes.length);
        o += e.bytes.length;
        cursor = e.end;
      }
      System.arraycopy(body, cursor, out, o, body.length - cursor);
      return out;
    }
  }

  private static final class FaultState {
    final Faults faults;
    final Random random;
    final long minNanos;
    final long spanNanos;

    FaultState(Faults faults) {
      this.faults = faults;
      this.random = faults.seed().isPresent() ? new Random(faults.seed().getAsLong()) : new Random();
      this.minNanos = faults.latencyMin().toNanos();
      this.spanNanos = faults.latencyMax().toNanos() - minNanos;
    }

    void sleepLatency() throws InterruptedIOException {
      if (minNanos == 0 && spanNanos == 0) {
        return;
      }
      long nanos = minNanos + (spanNanos > 0 ? (long) (random.nextDouble() * spanNanos) : 0);
      try {
        TimeUnit.NANOSECONDS.sleep(nanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while injecting latency");
      }
    }
  }

  private static final class Capacity {
    final Bucket read;
    final Bucket write;

    Capacity(Bucket read, Bucket write) {
      this.read = read;
      this.write = write;
    }

    Bucket bucket(boolean isWrite) {
      return isWrite ? write : read;
    }
  }

  /** A token bucket that may go into debt. */
  private static final class Bucket {
    private double rate;
    private double burstSeconds;
    private double tokens;
    private long last;

    Bucket(double rate, double burstSeconds) {
      this.rate = rate;
      this.burstSeconds = burstSeconds;
      this.tokens = capacity();
      this.last = System.nanoTime();
    }

    private double capacity() {
      return rate * burstSeconds;
    }

    /** Changes the rate (NaN: keep) and the burst; the level is kept, capped at the new burst. */
    synchronized void configure(double newRate, double newBurstSeconds) {
      refill(System.nanoTime());
      if (!Double.isNaN(newRate)) {
        rate = newRate;
      }
      burstSeconds = newBurstSeconds;
      tokens = Math.min(tokens, capacity());
    }

    synchronized boolean available() {
      if (rate == Double.POSITIVE_INFINITY) {
        return true;
      }
      refill(System.nanoTime());
      return tokens > 0;
    }

    synchronized void consume(double units) {
      if (rate == Double.POSITIVE_INFINITY) {
        return;
      }
      refill(System.nanoTime());
      tokens -= units;
    }

    synchronized double level() {
      refill(System.nanoTime());
      return tokens;
    }

    private void refill(long now) {
      long elapsed = now - last;
      last = now;
      if (rate == Double.POSITIVE_INFINITY) {
        tokens = Double.POSITIVE_INFINITY;
      } else if (elapsed > 0) {
        tokens = Math.min(capacity(), tokens + rate * (elapsed / 1e9));
      }
    }
  }

  private static final class TableStats {
    final LongAdder throttled = new LongAdder();
    final DoubleAdder readTotal = new DoubleAdder();
    final DoubleAdder writeTotal = new DoubleAdder();
    final ConcurrentHashMap<Long, DoubleAdder> readPerSecond = new ConcurrentHashMap<>();
    final ConcurrentHashMap<Long, DoubleAdder> writePerSecond = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, LongAdder> requestsByOperation = new ConcurrentHashMap<>();
  }
}
