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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An HTTP proxy in front of a DynamoDB-compatible backend (dynalite) that emulates what the backend
 * lacks, so that rates are measured under conditions close to the DynamoDB service: request latency,
 * provisioned and on-demand throughput, per-partition limits, throttling, partial batches, server
 * errors, connection resets and outages. It also measures, independently of any client, the capacity
 * units each table (and each emulated partition) really consumed per second.
 *
 * <p>It listens on 127.0.0.1 (one thread per client connection, each with its own keep-alive
 * connection to the backend) and speaks plain HTTP/1.1. Data-plane requests are GetItem, BatchGetItem,
 * Query, Scan (reads) and PutItem, UpdateItem, DeleteItem, BatchWriteItem (writes); everything else
 * passes through untouched.
 *
 * <p><b>Latency.</b> Every data-plane request waits {@link #setRequestLatency a fixed latency}
 * ({@link #DEFAULT_REQUEST_LATENCY 3 ms} by default: the service answers small requests within its
 * region in single-digit milliseconds) before it is judged and forwarded, throttled requests
 * included; {@link Faults} may add random latency on top. {@code setRequestLatency(Duration.ZERO)}
 * turns it off.
 *
 * <p><b>Metering.</b> Every data-plane request is sent to the backend with
 * {@code ReturnConsumedCapacity: TOTAL}; the reported units are metered per table. If the client did
 * not ask for consumed capacity (or asked NONE) it is removed from the response again.
 *
 * <p><b>Throughput.</b> Nothing is limited on a table until it is configured with
 * {@link #setCapacity} (provisioned), {@link #setOnDemand} or {@link #setPartitions}. A configured table
 * has a token bucket per direction, and so has each of its partitions. A bucket refills at its rate,
 * holds {@link #setBurstSeconds burst seconds} of it and starts full. A request is answered with
 * {@code ProvisionedThroughputExceededException}, without reaching the backend, when it arrives while
 * the table's bucket, or the bucket of the partition it addresses, is at or below zero; otherwise it is
 * forwarded and the units it consumed are taken from both, which may go negative (a debt repaid by the
 * refill, as the service does).
 * <ul>
 *   <li><b>Provisioned</b> ({@link #setCapacity}): the table's buckets refill at its read and write
 *       capacity.
 *   <li><b>Partitions</b>: the service caps every partition at 3,000 RCU/s and 1,000 WCU/s whatever the
 *       table's capacity ({@link #setPartitionLimits}; defaults {@link #PARTITION_READ_UNITS},
 *       {@link #PARTITION_WRITE_UNITS}). A table has the partitions {@link #setPartitions set}, or else
 *       {@code ceil(RCU / 3000 + WCU / 1000)} (the service's sizing rule by throughput, with the
 *       configured limits), at least 1 and at most {@link #MAX_PARTITIONS}; a derived count grows with the
 *       capacity but never shrinks. Partitions own equal ranges of the hashed partition key
 *       ({@link #partitionOf}), so one hot key is held to one partition's limit while keys spread over
 *       all partitions get the table's rate. GetItem, PutItem, UpdateItem, DeleteItem and Query are
 *       charged to their key's partition (Query: the equality on the partition key); a Scan page is
 *       judged by the partition it starts in and charged to the partitions its range of hashed keys
 *       covered (from its start key, or its segment's start, to its LastEvaluatedKey, or its segment's
 *       end), in proportion to the part of each it covered: so a sequential Scan reads at one
 *       partition's rate, and a parallel scan with {@code TotalSegments} = partitions reads one partition
 *       per segment. In a BatchWriteItem (BatchGetItem) the requests (keys) on an empty partition come
 *       back as UnprocessedItems (UnprocessedKeys) while the others go through; the batch's units are
 *       shared among the partitions in proportion to the items forwarded to each. The key schema is
 *       asked of the backend ({@code DescribeTable}) once per table, and only for tables of more than
 *       one partition or requests on an index.
 *   <li><b>On demand</b> ({@link #setOnDemand}): the service serves up to twice a table's previous peak
 *       at once; a new on-demand table's previous peak is taken as {@link #NEW_ON_DEMAND_PEAK_READ_UNITS
 *       6,000 RCU} / {@link #NEW_ON_DEMAND_PEAK_WRITE_UNITS 2,000 WCU} (so 12,000 / 4,000 per second at
 *       once). The table's buckets refill at twice the previous peak; a rate sustained during every second
 *       of the {@link #setOnDemandPeakWindow peak window} (30 minutes, as the service) becomes the new
 *       previous peak ({@link #onDemandPeak}). Its partitions follow the same rules as above, sized from
 *       twice the peak.
 * </ul>
 * For a batch over several tables the requests of tables whose bucket is empty come back unprocessed;
 * when nothing of a batch can go through, it fails with {@code ProvisionedThroughputExceededException}.
 *
 * <p><b>Not modelled</b>: adaptive capacity (the service lends unused capacity to a hot partition and
 * isolates hot keys), partition splits for heat or for size (10 GB), burst capacity beyond the buckets'
 * burst seconds (the service keeps up to 300 s of unused capacity per partition), global secondary
 * indexes' own capacity and their back-pressure on table writes (index reads and writes count against
 * the table, and requests on a GSI are not charged to any partition), an on-demand table's maximum
 * throughput and the account's table quotas, per-item cost rules (the backend's ConsumedCapacity is
 * taken as it is), and transactions (passed through unmetered).
 *
 * <p><b>Faults.</b> See {@link Faults}: they apply to data-plane requests only.
 *
 * <p><b>DynamoDB Streams.</b> {@link #enableStreams()} turns on a {@link StreamsEmulator} served on
 * the same endpoint: it keeps the tables' {@code StreamSpecification}s, records the changes of the
 * writes passing through, and answers the {@code DynamoDBStreams_20120810} operations.
 *
 * <p><b>Table exports.</b> {@link #enableExports} turns on an {@link ExportApi} stub answering
 * {@code ExportTableToPointInTime} and {@code DescribeExport} (counted like other operations), which writes
 * exports in the service's layout into a local directory standing for S3.
 */
public final class ThrottlingProxy implements AutoCloseable {

  /** The latency added to every data-plane request unless {@link #setRequestLatency} says otherwise. */
  public static final Duration DEFAULT_REQUEST_LATENCY = Duration.ofMillis(3);
  /** The service's read limit of one partition, in RCU per second. */
  public static final double PARTITION_READ_UNITS = 3000;
  /** The service's write limit of one partition, in WCU per second. */
  public static final double PARTITION_WRITE_UNITS = 1000;
  /** The previous read peak the service assumes for a new on-demand table (it serves twice that at once). */
  public static final double NEW_ON_DEMAND_PEAK_READ_UNITS = 6000;
  /** The previous write peak the service assumes for a new on-demand table (it serves twice that at once). */
  public static final double NEW_ON_DEMAND_PEAK_WRITE_UNITS = 2000;
  /** How long an on-demand table's traffic must be sustained to become its new previous peak. */
  public static final Duration DEFAULT_PEAK_WINDOW = Duration.ofMinutes(30);
  /** The most partitions a table can have here (hashed keys are cut on 12-bit prefixes). */
  public static final int MAX_PARTITIONS = KeySpace.MAX_PARTITIONS;

  private static final String ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";
  private static final String THROUGHPUT_EXCEEDED = "ProvisionedThroughputExceededException";
  private static final String THROUGHPUT_MESSAGE = "The level of configured provisioned throughput for the table was "
      + "exceeded. Consider increasing your provisioning level with the UpdateTable API.";
  private static final String ON_DEMAND_MESSAGE = "Throughput exceeds the current capacity of your table or index. "
      + "DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, "
      + "check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
      + "bp-partition-key-design.html";
  private static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final Set<String> READS = Set.of("GetItem", "BatchGetItem", "Query", "Scan");
  private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");
  private static final Set<String> SCHEMA_CHANGES = Set.of("CreateTable", "UpdateTable", "DeleteTable");
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
  private final KeySchemas schemas;
  private final URI backendUri;
  private volatile StreamsEmulator streams;
  private volatile ExportApi exports;
  private final Set<Socket> clientSockets = ConcurrentHashMap.newKeySet();
  private final Set<Socket> upstreamSockets = ConcurrentHashMap.newKeySet();
  private final long startNanos = System.nanoTime();
  private volatile boolean closed;
  private volatile boolean down;
  private volatile FaultState faultState = new FaultState(Faults.none());
  private volatile long requestLatencyNanos = DEFAULT_REQUEST_LATENCY.toNanos();
  private volatile TableThroughput.Settings settings = new TableThroughput.Settings(1.0, PARTITION_READ_UNITS,
      PARTITION_WRITE_UNITS, (int) DEFAULT_PEAK_WINDOW.toSeconds());
  private final ConcurrentHashMap<String, TableThroughput> models = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, TableStats> tableStats = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> requestsByOperation = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> responseBytesByOperation = new ConcurrentHashMap<>();
  private final LongAdder[] injected = new LongAdder[Faults.Kind.values().length];
  /** The access key ids and session tokens requests were signed with (tests check which credentials arrived). */
  private final Set<String> accessKeyIds = ConcurrentHashMap.newKeySet();
  private final Set<String> sessionTokens = ConcurrentHashMap.newKeySet();

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
    this.backendUri = target.getScheme() == null ? URI.create("http://" + hostHeader) : target;
    this.schemas = new KeySchemas(backendUri);
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
   * The latency added to every data-plane request before it is judged and forwarded (default
   * {@link #DEFAULT_REQUEST_LATENCY}); {@link Duration#ZERO} turns it off.
   */
  public void setRequestLatency(Duration latency) {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("the request latency must not be negative: " + latency);
    }
    this.requestLatencyNanos = latency.toNanos();
  }

  public Duration requestLatency() {
    return Duration.ofNanos(requestLatencyNanos);
  }

  /**
   * Enforces a provisioned capacity on a table, in units per second (use
   * {@link Double#POSITIVE_INFINITY} for an unlimited direction). The buckets start full; calling it
   * again changes the rates and keeps the current level (capped at the new burst). An on-demand table
   * becomes provisioned.
   */
  public void setCapacity(String table, double readUnitsPerSec, double writeUnitsPerSec) {
    Objects.requireNonNull(table, "table");
    checkRate(readUnitsPerSec);
    checkRate(writeUnitsPerSec);
    model(table).setProvisioned(readUnitsPerSec, writeUnitsPerSec);
  }

  /**
   * Puts a table in on-demand mode as a new on-demand table: its previous peak is taken as
   * {@link #NEW_ON_DEMAND_PEAK_READ_UNITS} / {@link #NEW_ON_DEMAND_PEAK_WRITE_UNITS}, so it serves
   * 12,000 RCU/s and 4,000 WCU/s at once.
   */
  public void setOnDemand(String table) {
    setOnDemand(table, NEW_ON_DEMAND_PEAK_READ_UNITS, NEW_ON_DEMAND_PEAK_WRITE_UNITS);
  }

  /**
   * Puts a table in on-demand mode with the given previous peaks (units per second): it serves up to
   * twice each at once and throttles beyond; traffic sustained for the {@link #setOnDemandPeakWindow
   * peak window} becomes the new previous peak. Calling it again restarts from the given peaks.
   */
  public void setOnDemand(String table, double previousPeakReadUnits, double previousPeakWriteUnits) {
    Objects.requireNonNull(table, "table");
    checkPositive("previous peak", previousPeakReadUnits);
    checkPositive("previous peak", previousPeakWriteUnits);
    model(table).setOnDemand(previousPeakReadUnits, previousPeakWriteUnits);
  }

  /**
   * How long every second of an on-demand table's traffic must reach a rate for that rate to become
   * the table's previous peak (default {@link #DEFAULT_PEAK_WINDOW}, whole seconds, at least one);
   * applies to existing tables as well.
   */
  public void setOnDemandPeakWindow(Duration window) {
    Objects.requireNonNull(window, "window");
    if (window.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("the peak window must be at least one second: " + window);
    }
    updateSettings(settings.withPeakWindowSeconds((int) Math.min(Integer.MAX_VALUE, window.toSeconds())));
  }

  /** An on-demand table's current previous peak, in units per second; NaN if the table is not on demand. */
  public double onDemandPeak(String table, boolean write) {
    TableThroughput m = models.get(table);
    return m == null ? Double.NaN : m.peak(write);
  }

  /**
   * Models the table as {@code partitions} partitions (1 to {@link #MAX_PARTITIONS}), or with 0 as many
   * as its capacity needs again (the default). A table with partitions but no capacity set is limited by
   * its partitions only. A new count starts with full partition buckets.
   */
  public void setPartitions(String table, int partitions) {
    Objects.requireNonNull(table, "table");
    if (partitions < 0 || partitions > MAX_PARTITIONS) {
      throw new IllegalArgumentException("partitions must be within [0, " + MAX_PARTITIONS + "], was " + partitions);
    }
    model(table).setPartitions(partitions);
  }

  /** The table's current number of partitions; 0 if nothing is configured for it. */
  public int partitions(String table) {
    TableThroughput m = models.get(table);
    return m == null ? 0 : m.partitions().count;
  }

  /**
   * The limits of every partition, in units per second (defaults {@link #PARTITION_READ_UNITS} and
   * {@link #PARTITION_WRITE_UNITS}); applies to existing tables as well. Tests lower them to reach a
   * partition's limit quickly.
   */
  public void setPartitionLimits(double readUnitsPerSec, double writeUnitsPerSec) {
    checkPositive("partition limit", readUnitsPerSec);
    checkPositive("partition limit", writeUnitsPerSec);
    updateSettings(settings.withPartitionUnits(readUnitsPerSec, writeUnitsPerSec));
  }

  /**
   * The partition (of {@code partitions}) that owns a partition key value (S, N or B) in this proxy's
   * model: for choosing keys on the same or on different partitions.
   */
  public static int partitionOf(AttributeValue partitionKey, int partitions) {
    Objects.requireNonNull(partitionKey, "partitionKey");
    if (partitions < 1 || partitions > MAX_PARTITIONS) {
      throw new IllegalArgumentException("partitions must be within [1, " + MAX_PARTITIONS + "], was " + partitions);
    }
    int position;
    if (partitionKey.s() != null) {
      position = KeySpace.position("S", partitionKey.s());
    } else if (partitionKey.n() != null) {
      position = KeySpace.position("N", partitionKey.n());
    } else if (partitionKey.b() != null) {
      position = KeySpace.position("B", Base64.getEncoder().encodeToString(partitionKey.b().asByteArray()));
    } else {
      throw new IllegalArgumentException("a partition key is a string, a number or binary: " + partitionKey);
    }
    if (position < 0) {
      throw new IllegalArgumentException("not a valid key value: " + partitionKey);
    }
    return KeySpace.partitionOf(position, partitions);
  }

  /** Stops enforcing anything on the table: capacity, on-demand mode and partitions. */
  public void removeCapacity(String table) {
    models.remove(table);
  }

  /**
   * How many seconds of their rate the buckets (tables' and partitions') hold (default 1); applies to
   * existing buckets as well.
   */
  public void setBurstSeconds(double seconds) {
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("burst seconds must be positive and finite: " + seconds);
    }
    updateSettings(settings.withBurstSeconds(seconds));
  }

  /** The current level of a table's bucket, or NaN if the table has no capacity (nor on-demand mode) set. */
  public double tokens(String table, boolean write) {
    TableThroughput m = models.get(table);
    return m == null || m.mode() == TableThroughput.Mode.UNLIMITED ? Double.NaN : m.bucket(write).level();
  }

  private TableThroughput model(String table) {
    return models.computeIfAbsent(table, k -> new TableThroughput(settings));
  }

  private synchronized void updateSettings(TableThroughput.Settings s) {
    settings = s;
    for (TableThroughput m : models.values()) {
      m.apply(s);
    }
  }

  /**
   * Turns on the {@link StreamsEmulator DynamoDB Streams emulator} (once; later calls return the same
   * one): from now on the proxy keeps {@code StreamSpecification}s, records the changes of every write
   * to a table with an enabled stream, and answers the {@code DynamoDBStreams_20120810} API.
   */
  public synchronized StreamsEmulator enableStreams() {
    if (streams == null) {
      streams = new StreamsEmulator(backendUri);
    }
    return streams;
  }

  /**
   * Turns on the {@link ExportApi stub of DynamoDB's export API} ({@code ExportTableToPointInTime},
   * {@code DescribeExport}), writing exports under {@code bucketsRoot} (once; later calls return the same one).
   */
  public synchronized ExportApi enableExports(java.nio.file.Path bucketsRoot) {
    if (exports == null) {
      exports = new ExportApi(bucketsRoot);
    }
    return exports;
  }

  /** The Streams emulator, or null if {@link #enableStreams()} was not called. */
  public StreamsEmulator streams() {
    return streams;
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

  /** The access key ids of the requests forwarded so far (from their SigV4 signatures). */
  public Set<String> accessKeyIds() {
    return Set.copyOf(accessKeyIds);
  }

  /** The session tokens ({@code X-Amz-Security-Token}) of the requests forwarded so far. */
  public Set<String> sessionTokens() {
    return Set.copyOf(sessionTokens);
  }

  /** Requests received for an operation (e.g. "Query"), whatever their outcome. */
  public long requests(String operation) {
    LongAdder a = requestsByOperation.get(operation);
    return a == null ? 0 : a.sum();
  }

  /**
   * Requests received for an operation on a table (a batch counts once for each table it names). A Scan or
   * Query is also counted under {@code "Scan:" + its Select} ({@code "Scan:COUNT"}, {@code "Scan:SPECIFIC_ATTRIBUTES"},
   * ...; {@code "Scan:DEFAULT"} when the request names none), so a test can see which kind of read was sent.
   */
  public long requests(String table, String operation) {
    TableStats s = tableStats.get(table);
    if (s == null) {
      return 0;
    }
    LongAdder a = s.requestsByOperation.get(operation);
    return a == null ? 0 : a.sum();
  }

  /**
   * Bytes of the response bodies returned to clients for an operation (e.g. "Scan"), whatever their outcome
   * (throttles and errors included): what a client received from "DynamoDB", HTTP headers left out.
   */
  public long responseBytes(String operation) {
    LongAdder a = responseBytesByOperation.get(operation);
    return a == null ? 0 : a.sum();
  }

  /** Bytes of the response bodies returned to clients for requests naming the table (a batch: each table it names). */
  public long responseBytesOfTable(String table) {
    TableStats s = tableStats.get(table);
    return s == null ? 0 : s.responseBytes.sum();
  }

  /** Capacity units the backend reported as consumed on the table, in total. */
  public double consumed(String table, boolean write) {
    TableStats s = tableStats.get(table);
    return s == null ? 0 : (write ? s.writeTotal : s.readTotal).sum();
  }

  /**
   * The table's consumption rate between its first and its last metered response: the units of every
   * response but the first, over the time between them (the first response's units were spent before
   * the span began); 0 with fewer than two responses.
   */
  public double meteredRate(String table, boolean write) {
    TableStats s = tableStats.get(table);
    if (s == null) {
      return 0;
    }
    synchronized (s) {
      int d = write ? 1 : 0;
      long span = s.lastNanos[d] - s.firstNanos[d];
      if (s.firstNanos[d] < 0 || span <= 0) {
        return 0;
      }
      return ((write ? s.writeTotal : s.readTotal).sum() - s.firstUnits[d]) / (span / 1e9);
    }
  }

  /** Seconds between the table's first and last metered response in that direction. */
  public double meteredSeconds(String table, boolean write) {
    TableStats s = tableStats.get(table);
    if (s == null) {
      return 0;
    }
    synchronized (s) {
      int d = write ? 1 : 0;
      return s.firstNanos[d] < 0 ? 0 : (s.lastNanos[d] - s.firstNanos[d]) / 1e9;
    }
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

  /**
   * Requests to the table answered with a throttle because its bucket or a partition's was empty, or
   * batches that had some of the table's requests returned unprocessed for that (injected throttles excluded).
   */
  public long throttled(String table) {
    TableStats s = tableStats.get(table);
    return s == null ? 0 : s.throttled.sum();
  }

  /**
   * Requests to the table answered with a throttle (or, in a batch, with some of their items returned
   * unprocessed) because a partition's bucket was empty; they are counted in {@link #throttled} too.
   */
  public long partitionThrottled(String table) {
    TableStats s = tableStats.get(table);
    return s == null ? 0 : s.partitionThrottled.sum();
  }

  /**
   * Units consumed on each partition of the table (key: partition), as far as the proxy could place
   * them; partitions without traffic are absent.
   */
  public SortedMap<Integer, Double> consumedByPartition(String table, boolean write) {
    TreeMap<Integer, Double> m = new TreeMap<>();
    TableStats s = tableStats.get(table);
    if (s != null) {
      (write ? s.writeByPartition : s.readByPartition).forEach((k, v) -> m.put(k, v.sum()));
    }
    return Collections.unmodifiableSortedMap(m);
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

  /** Clears every counter and measurement (capacities, partitions, faults and the time origin stay). */
  public void resetStats() {
    tableStats.clear();
    requestsByOperation.clear();
    responseBytesByOperation.clear();
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
    schemas.close();
    StreamsEmulator st = streams;
    if (st != null) {
      st.close();
    }
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

  /** Keeps the access key id of a SigV4 {@code Authorization} header and the session token (at most 100 each). */
  private void noteCredentials(Http.Message request) {
    String auth = request.header("Authorization");
    int at = auth == null ? -1 : auth.indexOf("Credential=");
    if (at >= 0 && accessKeyIds.size() < 100) {
      int end = auth.indexOf('/', at);
      accessKeyIds.add(auth.substring(at + "Credential=".length(), end < 0 ? auth.length() : end));
    }
    String token = request.header("X-Amz-Security-Token");
    if (token != null && sessionTokens.size() < 100) {
      sessionTokens.add(token);
    }
  }

  /** Returns the response for the client, or null to reset the client connection instead. */
  private Http.Message handle(Http.Message request, Upstream upstream) throws IOException {
    noteCredentials(request);
    String amzTarget = request.header("X-Amz-Target");
    if (amzTarget == null || !"POST".equals(request.first)) {
      return upstream.exchange(request, request.body);
    }
    String op = amzTarget.substring(amzTarget.lastIndexOf('.') + 1);
    StreamsEmulator st = streams;
    if (st != null && amzTarget.startsWith(StreamsEmulator.TARGET_PREFIX)) {
      count(op, List.of());
      return st.serve(op, request.body, request.header("Authorization"));
    }
    boolean isWrite = WRITES.contains(op);
    boolean dataPlane = isWrite || READS.contains(op);
    boolean batch = op.equals("BatchWriteItem") || op.equals("BatchGetItem");
    byte[] body = request.body;
    Json.Members top = Json.members(body, 0, body.length);
    List<String> tables = top == null ? List.of() : tableNames(body, top, batch);
    count(op, tables);
    if (top != null && (op.equals("Scan") || op.equals("Query"))) {
      Json.Span select = top.get("Select");
      Object v = select == null ? null : Json.parse(body, select.valueStart, select.valueEnd);
      count(op + ":" + (v instanceof String ? v : "DEFAULT"), tables);
    }
    Http.Message response = handle(request, upstream, op, isWrite, dataPlane, batch, body, top, tables);
    if (response != null) {
      long n = response.body.length;
      responseBytesByOperation.computeIfAbsent(op, k -> new LongAdder()).add(n);
      for (String t : tables) {
        stats(t).responseBytes.add(n);
      }
    }
    return response;
  }

  private Http.Message handle(Http.Message request, Upstream upstream, String op, boolean isWrite,
      boolean dataPlane, boolean batch, byte[] body, Json.Members top, List<String> tables) throws IOException {
    StreamsEmulator st = streams;
    ExportApi ex = exports;
    if (ex != null && ExportApi.OPERATIONS.contains(op)) {
      return ex.serve(op, body, backendCall(request, upstream));
    }
    if (!dataPlane) {
      if (SCHEMA_CHANGES.contains(op)) {
        tables.forEach(schemas::forget);
      }
      if (st != null && StreamsEmulator.CONTROL.contains(op) && tables.size() == 1) {
        return st.control(op, body, tables.get(0), backendCall(request, upstream), b -> upstream.exchange(request, b));
      }
      return upstream.exchange(request, body);
    }
    if (isWrite && st != null && top != null && st.observes(tables)) {
      return st.write(op, body, top, tables, backendCall(request, upstream),
          b -> dataPlane(request, upstream, op, isWrite, batch, body, top, tables));
    }
    return dataPlane(request, upstream, op, isWrite, batch, body, top, tables);
  }

  /**
   * A request to the backend with the client's headers (the signature is not checked by the backend),
   * for the Streams emulator's reads of old and new images; not delayed, limited, metered or faulted.
   */
  private StreamsEmulator.BackendCall backendCall(Http.Message request, Upstream upstream) {
    return (operation, payload) -> {
      List<String[]> headers = new ArrayList<>(request.headers.size());
      for (String[] h : request.headers) {
        String name = h[0];
        if (!name.equalsIgnoreCase("X-Amz-Target") && !name.equalsIgnoreCase("Content-Length")
            && !name.equalsIgnoreCase("Content-Encoding") && !name.equalsIgnoreCase("Expect")) {
          headers.add(new String[] {name, h[1]});
        }
      }
      headers.add(new String[] {"X-Amz-Target", "DynamoDB_20120810." + operation});
      Http.Message call = new Http.Message(false, "POST", request.second, "HTTP/1.1", headers, NO_BYTES);
      return upstream.exchange(call, Json.writeBytes(payload));
    };
  }

  /** A data-plane request: latency, faults, throughput limits, forwarding and metering. */
  private Http.Message dataPlane(Http.Message request, Upstream upstream, String op, boolean isWrite, boolean batch,
      byte[] body, Json.Members top, List<String> tables) throws IOException {
    sleepNanos(requestLatencyNanos);

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
      TableThroughput m = models.get(t);
      if (m != null && !m.bucket(isWrite).available()) {
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
      return throttle(emptyTables.get(0));
    }

    String authorization = request.header("Authorization");
    Map<String, Charge> charges = null;
    if (!batch) {
      String table = tables.get(0);
      TableThroughput m = models.get(table);
      Charge c = m == null ? null : place(op, body, top, table, m, authorization);
      if (c != null) {
        if (!c.partitions.available(c.first, isWrite)) {
          TableStats st = stats(table);
          st.throttled.increment();
          st.partitionThrottled.increment();
          return throttle(table);
        }
        charges = Map.of(table, c);
      }
    }

    List<Edit> edits = new ArrayList<>(2);
    Map<String, Object> unprocessed = null;
    boolean partial = batch && f.batchPartialRate() > 0 && fs.random.nextDouble() < f.batchPartialRate();
    Json.Span itemsSpan = batch ? top.get("RequestItems") : null;
    if (itemsSpan != null) {
      BatchPlan plan = planBatch(tables, emptyTables, isWrite, authorization);
      charges = plan.charges;
      if (plan.whole.size() == tables.size()) {
        return throttle(tables.get(0));
      }
      if (!plan.whole.isEmpty() || !plan.perItem.isEmpty() || partial) {
        Object parsed = Json.parse(body, itemsSpan.valueStart, itemsSpan.valueEnd);
        if (parsed instanceof Map) {
          @SuppressWarnings("unchecked")
          Map<String, Object> items = (Map<String, Object>) parsed;
          Map<String, Object> rest = new LinkedHashMap<>();
          for (String t : plan.whole) {
            Object entry = items.remove(t);
            if (entry != null) {
              rest.put(t, entry);
            }
          }
          for (Map.Entry<String, KeySchemas.Schema> e : plan.perItem.entrySet()) {
            Charge c = splitByPartition(e.getKey(), e.getValue(), items, rest, isWrite);
            if (c != null) {
              charges.put(e.getKey(), c);
            }
          }
          if (items.isEmpty()) {
            return throttle(tables.get(0));
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
    Http.Message answer = afterResponse(response, isWrite, tables.get(0), strip, unprocessed, charges);
    if (isWrite && f.serverErrorAfterWriteRate() > 0 && fs.random.nextDouble() < f.serverErrorAfterWriteRate()) {
      injected[Faults.Kind.SERVER_ERROR_AFTER_WRITE.ordinal()].increment();
      return error(500, "InternalServerError", "Internal server error after the write was applied (injected by "
          + "ThrottlingProxy)");
    }
    return answer;
  }

  /** The throttle the service answers for the table: its on-demand wording if the table is on demand. */
  private Http.Message throttle(String table) {
    TableThroughput m = models.get(table);
    boolean onDemand = m != null && m.mode() == TableThroughput.Mode.ON_DEMAND;
    return error(400, THROUGHPUT_EXCEEDED, onDemand ? ON_DEMAND_MESSAGE : THROUGHPUT_MESSAGE);
  }

  /**
   * Where a single-table request falls among the table's partitions, or null when that cannot be told
   * (no key in the request, unknown schema, a global secondary index).
   */
  private Charge place(String op, byte[] body, Json.Members top, String table, TableThroughput m,
      String authorization) {
    TableThroughput.Partitions parts = m.partitions();
    boolean onIndex = top.get("IndexName") != null;
    if (parts.count == 1 && !onIndex) {
      return new Charge(parts, 0, KeySpace.Shares.of(0));
    }
    KeySchemas.Schema schema = schemas.get(table, authorization);
    if (schema == null) {
      return null;
    }
    if (onIndex && schema.globalIndexes.contains(RequestKeys.parsed(body, top, "IndexName"))) {
      return null;
    }
    if (parts.count == 1) {
      return new Charge(parts, 0, KeySpace.Shares.of(0));
    }
    Object key;
    switch (op) {
      case "GetItem":
      case "UpdateItem":
      case "DeleteItem":
        key = RequestKeys.ofMember(body, top, "Key", schema.partitionKey);
        break;
      case "PutItem":
        key = RequestKeys.ofMember(body, top, "Item", schema.partitionKey);
        break;
      case "Query":
        key = RequestKeys.ofQuery(body, top, schema.partitionKey);
        break;
      case "Scan":
        return placeScan(body, top, parts, schema);
      default:
        return null;
    }
    int position = KeySpace.position(key);
    if (position < 0) {
      return null;
    }
    int p = KeySpace.partitionOf(position, parts.count);
    return new Charge(parts, p, KeySpace.Shares.of(p));
  }

  /** A Scan page reads from its start key (or its segment's start) on: judged by that partition. */
  private static Charge placeScan(byte[] body, Json.Members top, TableThroughput.Partitions parts,
      KeySchemas.Schema schema) {
    int from = 0;
    int to = KeySpace.POSITIONS;
    Object segment = RequestKeys.parsed(body, top, "Segment");
    Object total = RequestKeys.parsed(body, top, "TotalSegments");
    if (segment instanceof BigDecimal && total instanceof BigDecimal) {
      int s = ((BigDecimal) segment).intValue();
      int n = ((BigDecimal) total).intValue();
      if (n >= 1 && s >= 0 && s < n) {
        from = KeySpace.segmentStart(s, n);
        to = KeySpace.segmentStart(s + 1, n);
      }
    }
    int start = KeySpace.position(RequestKeys.ofKey(RequestKeys.parsed(body, top, "ExclusiveStartKey"),
        schema.partitionKey));
    if (start >= from && start < to) {
      from = start;
    }
    return new Charge(parts, KeySpace.partitionOf(from, parts.count), from, to, schema.partitionKey);
  }

  /** What a batch's tables need before it is forwarded. */
  private static final class BatchPlan {
    /** Tables none of whose requests go through (empty table bucket, or the single partition empty). */
    final List<String> whole = new ArrayList<>();
    /** Tables of several partitions whose requests are judged one by one. */
    final Map<String, KeySchemas.Schema> perItem = new LinkedHashMap<>();
    /** Tables (of one partition) whose whole share goes to partition 0. */
    final Map<String, Charge> charges = new HashMap<>();
  }

  private BatchPlan planBatch(List<String> tables, List<String> emptyTables, boolean isWrite,
      String authorization) {
    BatchPlan plan = new BatchPlan();
    for (String t : tables) {
      if (emptyTables != null && emptyTables.contains(t)) {
        plan.whole.add(t);
        stats(t).throttled.increment();
        continue;
      }
      TableThroughput m = models.get(t);
      if (m == null) {
        continue;
      }
      TableThroughput.Partitions parts = m.partitions();
      if (parts.count == 1) {
        if (parts.available(0, isWrite)) {
          plan.charges.put(t, new Charge(parts, 0, KeySpace.Shares.of(0)));
        } else {
          plan.whole.add(t);
          TableStats st = stats(t);
          st.throttled.increment();
          st.partitionThrottled.increment();
        }
        continue;
      }
      KeySchemas.Schema schema = schemas.get(t, authorization);
      if (schema != null) {
        plan.perItem.put(t, schema);
      }
    }
    return plan;
  }

  /**
   * Moves the table's requests (keys) that fall on an empty partition from {@code items} to
   * {@code rest}; returns how the forwarded ones are shared among the partitions.
   */
  private Charge splitByPartition(String table, KeySchemas.Schema schema, Map<String, Object> items,
      Map<String, Object> rest, boolean isWrite) {
    Object entry = items.get(table);
    List<?> requests = entry == null ? null : requestsOf(entry, isWrite);
    TableThroughput m = models.get(table);
    if (requests == null || m == null) {
      return null;
    }
    TableThroughput.Partitions parts = m.partitions();
    int[] counts = new int[parts.count];
    List<Object> kept = new ArrayList<>(requests.size());
    List<Object> refused = new ArrayList<>();
    for (Object r : requests) {
      Object key = isWrite ? RequestKeys.ofWriteRequest(r, schema.partitionKey) : RequestKeys.ofKey(r,
          schema.partitionKey);
      int position = KeySpace.position(key);
      if (position < 0) {
        kept.add(r); // not placeable: the backend judges it
        continue;
      }
      int p = KeySpace.partitionOf(position, parts.count);
      if (parts.available(p, isWrite)) {
        kept.add(r);
        counts[p]++;
      } else {
        refused.add(r);
      }
    }
    if (!refused.isEmpty()) {
      TableStats st = stats(table);
      st.throttled.increment();
      st.partitionThrottled.increment();
      Object part = withRequests(entry, refused, isWrite);
      Object before = rest.get(table);
      rest.put(table, before == null ? part : mergeTable(before, part, isWrite));
      if (kept.isEmpty()) {
        items.remove(table);
      } else {
        items.put(table, withRequests(entry, kept, isWrite));
      }
    }
    KeySpace.Shares shares = KeySpace.Shares.ofCounts(counts);
    return shares == null ? null : new Charge(parts, shares.partitions[0], shares);
  }

  private Http.Message afterResponse(Http.Message response, boolean isWrite, String defaultTable, boolean strip,
      Map<String, Object> unprocessed, Map<String, Charge> charges) {
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
      if (charges != null) {
        for (Charge c : charges.values()) {
          c.resolveScan(body, top);
        }
      }
      meter(Json.parse(body, cc.valueStart, cc.valueEnd), defaultTable, isWrite, charges);
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

  private void meter(Object consumed, String defaultTable, boolean write, Map<String, Charge> charges) {
    if (consumed instanceof List) {
      for (Object o : (List<?>) consumed) {
        meterOne(o, defaultTable, write, charges);
      }
    } else {
      meterOne(consumed, defaultTable, write, charges);
    }
  }

  private void meterOne(Object o, String defaultTable, boolean write, Map<String, Charge> charges) {
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
    long sinceStart = System.nanoTime() - startNanos;
    long second = sinceStart / 1_000_000_000L;
    TableStats s = stats(table);
    (write ? s.writeTotal : s.readTotal).add(u);
    s.metered(write, sinceStart, u);
    ConcurrentHashMap<Long, DoubleAdder> perSecond = write ? s.writePerSecond : s.readPerSecond;
    DoubleAdder a = perSecond.get(second);
    if (a == null) {
      a = perSecond.computeIfAbsent(second, k -> new DoubleAdder());
    }
    a.add(u);
    TableThroughput model = models.get(table);
    if (model == null) {
      return;
    }
    Charge c = charges == null ? null : charges.get(table);
    KeySpace.Shares shares = c == null ? null : c.shares;
    model.consume(write, u, c == null ? null : c.partitions, shares);
    if (shares != null) {
      ConcurrentHashMap<Integer, DoubleAdder> byPartition = write ? s.writeByPartition : s.readByPartition;
      for (int i = 0; i < shares.partitions.length; i++) {
        byPartition.computeIfAbsent(shares.partitions[i], k -> new DoubleAdder()).add(u * shares.fractions[i]);
      }
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

  static Http.Message error(int status, String type, String message) {
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

  static String crc32(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body, 0, body.length);
    return Long.toString(crc.getValue());
  }

  private static void checkRate(double r) {
    if (!(r >= 0)) {
      throw new IllegalArgumentException("a capacity must be >= 0 (or +Infinity), was " + r);
    }
  }

  private static void checkPositive(String what, double v) {
    if (!(v > 0)) {
      throw new IllegalArgumentException("a " + what + " must be > 0 (or +Infinity), was " + v);
    }
  }

  private static void sleepNanos(long nanos) throws InterruptedIOException {
    if (nanos <= 0) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while adding the request latency");
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

  /** Where a forwarded request's consumed units go among its table's partitions. */
  private static final class Charge {
    final TableThroughput.Partitions partitions;
    /** The partition whose bucket let the request in. */
    final int first;
    /** Each partition's share of the cost; for a Scan known only once its response is in. */
    KeySpace.Shares shares;
    private final int scanFrom;
    private final int scanTo;
    private final String scanKey;

    Charge(TableThroughput.Partitions partitions, int first, KeySpace.Shares shares) {
      this.partitions = partitions;
      this.first = first;
      this.shares = shares;
      this.scanFrom = -1;
      this.scanTo = -1;
      this.scanKey = null;
    }

    /** A Scan page reading the key positions from {@code from} on, at most to {@code to}. */
    Charge(TableThroughput.Partitions partitions, int first, int from, int to, String partitionKey) {
      this.partitions = partitions;
      this.first = first;
      this.scanFrom = from;
      this.scanTo = to;
      this.scanKey = partitionKey;
    }

    /** A Scan page read up to its LastEvaluatedKey, or to its range's end without one. */
    void resolveScan(byte[] body, Json.Members top) {
      if (scanKey == null) {
        return;
      }
      int to = scanTo;
      Json.Span last = top.get("LastEvaluatedKey");
      if (last != null) {
        int p = KeySpace.position(RequestKeys.ofKey(Json.parse(body, last.valueStart, last.valueEnd), scanKey));
        if (p >= scanFrom && p < scanTo) {
          to = p + 1;
        }
      }
      shares = KeySpace.spread(scanFrom, to, partitions.count);
    }
  }

  private static final class TableStats {
    final LongAdder throttled = new LongAdder();
    final LongAdder partitionThrottled = new LongAdder();
    final LongAdder responseBytes = new LongAdder();
    final ConcurrentHashMap<Integer, DoubleAdder> readByPartition = new ConcurrentHashMap<>();
    final ConcurrentHashMap<Integer, DoubleAdder> writeByPartition = new ConcurrentHashMap<>();
    final DoubleAdder readTotal = new DoubleAdder();
    final DoubleAdder writeTotal = new DoubleAdder();
    final ConcurrentHashMap<Long, DoubleAdder> readPerSecond = new ConcurrentHashMap<>();
    final ConcurrentHashMap<Long, DoubleAdder> writePerSecond = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, LongAdder> requestsByOperation = new ConcurrentHashMap<>();
    /** Per direction (0 read, 1 write): first and last metered response (ns since start), first units. */
    final long[] firstNanos = {-1, -1};
    final long[] lastNanos = {-1, -1};
    final double[] firstUnits = new double[2];

    synchronized void metered(boolean write, long nanos, double units) {
      int d = write ? 1 : 0;
      if (firstNanos[d] < 0) {
        firstNanos[d] = nanos;
        firstUnits[d] = units;
      }
      lastNanos[d] = Math.max(lastNanos[d], nanos);
    }
  }
}
