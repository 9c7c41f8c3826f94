package io.ddbconnector.testkit.proxy;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A DynamoDB Streams emulator served by a {@link ThrottlingProxy} in front of dynalite (which has no
 * Streams API). Enable it with {@link ThrottlingProxy#enableStreams()}; point the SDK's
 * {@code DynamoDbStreamsClient} (and every writer) at {@link ThrottlingProxy#endpoint()}.
 *
 * <p><b>Recording.</b> For every PutItem, UpdateItem, DeleteItem and BatchWriteItem on a table whose
 * stream is enabled, the proxy takes a lock on each item key, reads the item with a consistent GetItem
 * (BatchGetItem for a batch) before forwarding the write and again after it, whatever the answer
 * (a throttle, a failed condition, an injected fault after the write was applied, a broken
 * connection), and records what changed: INSERT (no old item), MODIFY, REMOVE (no new item). Like
 * the service, a write that changes nothing (an identical PutItem, an UpdateItem setting the same
 * values, a DeleteItem of a missing item) writes no record. Records of one key are therefore exact
 * and in the order the backend applied the writes, for every client that goes through the proxy
 * (writes sent to the backend directly are not seen). Images follow the stream's
 * {@code StreamViewType}: {@code Keys} always, {@code NewImage} for NEW_IMAGE and NEW_AND_OLD_IMAGES,
 * {@code OldImage} for OLD_IMAGE and NEW_AND_OLD_IMAGES.
 *
 * <p><b>Control plane.</b> {@code StreamSpecification} on CreateTable and UpdateTable is taken out of
 * the request before it reaches dynalite and remembered; CreateTable, UpdateTable and DescribeTable
 * answers carry {@code StreamSpecification} (while enabled), {@code LatestStreamArn} and
 * {@code LatestStreamLabel}. Enabling a stream on a table that has one enabled, or disabling it on a
 * table without one, is a {@code ValidationException}. Disabling a stream (or deleting the table)
 * closes its open shards; its records stay readable until they are trimmed. Tables created
 * elsewhere can be given a stream with {@link #enableStream}.
 *
 * <p><b>Streams API</b> ({@code DynamoDBStreams_20120810.*}): ListStreams (TableName,
 * ExclusiveStartStreamArn, Limit &le; 100), DescribeStream (ExclusiveStartShardId, Limit &le; 100,
 * ShardFilter CHILD_SHARDS), GetShardIterator (TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER,
 * AFTER_SEQUENCE_NUMBER) and GetRecords (Limit 1 to 1000, at most 1 MB of {@code SizeBytes} per
 * call), in the service's JSON shapes and error codes: {@code ResourceNotFoundException} for an
 * unknown stream or shard, {@code TrimmedDataAccessException} for a position older than the trim
 * horizon, {@code ExpiredIteratorException} for an iterator older than its lifetime,
 * {@code ValidationException} for bad arguments, {@code LimitExceededException} beyond the per-shard
 * GetRecords rate if one is set.
 *
 * <p><b>Shards.</b> A stream starts with one shard owning the whole key space (partition keys hashed
 * as the proxy's partitions are). A shard closes (gets an {@code EndingSequenceNumber}) and is
 * continued by child shard(s) whose {@code ParentShardId} names it when it reaches the configured
 * record count or age ({@link #setShardRollover}; none by default — the service rolls shards over
 * about every four hours, an observed, undocumented figure), or on demand ({@link #splitShards}: one
 * child continues the parent's part of the key space, two or more split it). A key's records go to
 * the open shard owning its hash, so all records of a key follow one line of descent and a reader that
 * finishes a parent before its children sees them in order. Sequence numbers are 21-digit strings,
 * increasing across the emulator; a shard's {@code StartingSequenceNumber} is taken when it opens.
 * {@code NextShardIterator} is absent once a closed shard has been read to its end.
 *
 * <p><b>Time.</b> Retention (24 h), iterator lifetime (15 min) and shard age run on an injectable
 * clock ({@link #setClock}, {@link #advanceClock}), so tests reach them in seconds. Records older than
 * the retention are trimmed; a closed shard disappears from DescribeStream once it has no records
 * left (its children keep naming it as their parent, as on the service).
 *
 * <p><b>Not modelled</b>: TransactWriteItems (dynalite does not implement it), PartiQL, TTL deletions
 * (no {@code userIdentity}), Kinesis Data Streams for DynamoDB, global tables and other regions'
 * replicas, the Streams read-capacity cost, the propagation delay (records are readable as soon as the
 * write returns), the service's DescribeStream rate limit (10/s), more than one consumer's share of a
 * shard's throughput, the stream's status transitions (ENABLING/DISABLING: it is ENABLED or DISABLED
 * at once), and the exact {@code SizeBytes} the service computes (here: the DynamoDB item size of keys
 * and images). GetRecords calls are limited per shard only when {@link #setGetRecordsRateLimit} is set
 * (the service documents no number for Streams; Kinesis shards allow 5 reads per second).
 */
public final class StreamsEmulator {

  /** How long the service keeps stream records. */
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
  /** How long a shard iterator can be used after it was handed out. */
  public static final Duration DEFAULT_ITERATOR_LIFETIME = Duration.ofMinutes(15);
  /** The most records one GetRecords returns. */
  public static final int MAX_RECORDS_PER_CALL = 1000;
  /** The most data one GetRecords returns (counted as the records' SizeBytes). */
  public static final long MAX_BYTES_PER_CALL = 1L << 20;
  /** The upper limit of ListStreams' and DescribeStream's Limit. */
  public static final int MAX_LIST_LIMIT = 100;
  /** The stream record format version the service currently writes. */
  public static final String EVENT_VERSION = "1.1";

  static final String TARGET_PREFIX = "DynamoDBStreams_20120810.";
  static final Set<String> CONTROL = Set.of("CreateTable", "UpdateTable", "DescribeTable", "DeleteTable");
  private static final Set<String> VIEW_TYPES = Set.of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES");
  private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final int STRIPES = 256;

  /** Sends one request of the given DynamoDB operation to the backend with the client's headers. */
  @FunctionalInterface
  interface BackendCall {
    Http.Message call(String operation, Object body) throws IOException;
  }

  /** Forwards the client's request (body as given) the way the proxy would, or null to reset. */
  @FunctionalInterface
  interface Exchange {
    Http.Message exchange(byte[] body) throws IOException;
  }

  private final URI backend;
  private final StreamsApi api = new StreamsApi(this);
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private final Map<String, List<TableStream>> byTable = new HashMap<>();
  private final Map<String, TableStream> byArn = new LinkedHashMap<>();
  private long sequence;
  private long shardCounter;
  private volatile Clock clock = Clock.systemUTC();
  private volatile Duration offset = Duration.ZERO;
  private volatile Duration retention = DEFAULT_RETENTION;
  private volatile Duration iteratorLifetime = DEFAULT_ITERATOR_LIFETIME;
  private volatile int shardMaxRecords;
  private volatile Duration shardMaxAge;
  private volatile double readsPerShardPerSecond;
  private DynamoDbClient describer;

  StreamsEmulator(URI backend) {
    this.backend = backend;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  // ---------------------------------------------------------------------------------------- configuration

  /** The clock records, iterators, trimming and shard ages are timed by (default: the system's UTC clock). */
  public void setClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Moves the emulator's time forward (or back, if negative) by {@code by}, on top of its clock. */
  public synchronized void advanceClock(Duration by) {
    offset = offset.plus(Objects.requireNonNull(by, "by"));
  }

  /** The emulator's current time. */
  public Instant now() {
    return clock.instant().plus(offset);
  }

  /** How long records are kept before they are trimmed (default {@link #DEFAULT_RETENTION}). */
  public void setRetention(Duration retention) {
    this.retention = positive(retention, "retention");
  }

  /** How long a shard iterator stays usable (default {@link #DEFAULT_ITERATOR_LIFETIME}). */
  public void setIteratorLifetime(Duration lifetime) {
    this.iteratorLifetime = positive(lifetime, "iterator lifetime");
  }

  /**
   * Closes an open shard and opens one child continuing it once it holds {@code maxRecords} records
   * (0: never) or is {@code maxAge} old (null: never). Applies to open shards at their next write or
   * read.
   */
  public void setShardRollover(int maxRecords, Duration maxAge) {
    if (maxRecords < 0) {
      throw new IllegalArgumentException("maxRecords must be >= 0 (0: no limit), was " + maxRecords);
    }
    this.shardMaxRecords = maxRecords;
    this.shardMaxAge = maxAge == null ? null : positive(maxAge, "maxAge");
  }

  /**
   * Limits GetRecords calls per shard to {@code perSecond} in any sliding second of real time (0, the
   * default: no limit); more are answered with {@code LimitExceededException}.
   */
  public void setGetRecordsRateLimit(double perSecond) {
    if (!(perSecond >= 0)) {
      throw new IllegalArgumentException("perSecond must be >= 0, was " + perSecond);
    }
    this.readsPerShardPerSecond = perSecond;
  }

  // ---------------------------------------------------------------------------------------- test API

  /**
   * Gives a table that already exists (e.g. created on the backend directly) a new enabled stream, as
   * {@code UpdateTable} with a {@code StreamSpecification} through the proxy would; returns its ARN.
   */
  public String enableStream(String table, StreamViewType viewType) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(viewType, "viewType");
    TableDescription d = describer().describeTable(r -> r.tableName(table)).table();
    List<Object> keySchema = new ArrayList<>();
    for (KeySchemaElement k : d.keySchema()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("AttributeName", k.attributeName());
      e.put("KeyType", k.keyTypeAsString());
      keySchema.add(e);
    }
    synchronized (this) {
      TableStream current = latest(table);
      if (current != null && current.enabled()) {
        throw new IllegalStateException("table " + table + " already has an enabled stream: " + current.arn);
      }
      return createStream(table, d.tableArn(), keySchema, viewType.toString()).arn;
    }
  }

  /** Disables the table's stream, as {@code UpdateTable} with {@code StreamEnabled: false} would. */
  public synchronized void disableStream(String table) {
    TableStream s = latest(table);
    if (s == null || !s.enabled()) {
      throw new IllegalStateException("table " + table + " has no enabled stream");
    }
    disable(s);
  }

  /**
   * The ARN of the table's latest stream (enabled or not, even of a deleted table of that name), or null
   * if it never had one.
   */
  public synchronized String streamArn(String table) {
    List<TableStream> l = byTable.get(table);
    return l == null || l.isEmpty() ? null : l.get(l.size() - 1).arn;
  }

  /**
   * Closes every open shard of the table's stream and opens {@code children} child shards for each
   * (1: a rollover; 2 or more: a split of its key space); returns the new shards' ids.
   */
  public synchronized List<String> splitShards(String table, int children) {
    if (children < 1) {
      throw new IllegalArgumentException("children must be >= 1, was " + children);
    }
    TableStream s = latest(table);
    if (s == null || !s.enabled()) {
      throw new IllegalStateException("table " + table + " has no enabled stream");
    }
    Instant now = now();
    maintain(s, now);
    List<String> ids = new ArrayList<>();
    for (TableStream.Shard shard : s.openShards()) {
      for (TableStream.Shard child : split(s, shard, children, now)) {
        ids.add(child.id);
      }
    }
    return List.copyOf(ids);
  }

  /**
   * Every record the table's streams still hold (all its streams, oldest first; untrimmed records
   * only), with the images the stream's view type keeps.
   */
  public synchronized List<Event> records(String table) {
    List<Event> out = new ArrayList<>();
    Instant now = now();
    for (TableStream s : byTable.getOrDefault(table, List.of())) {
      maintain(s, now);
      List<Event> ofStream = new ArrayList<>();
      for (TableStream.Shard shard : s.shards) {
        for (TableStream.StoredRecord r : shard.records) {
          ofStream.add(new Event(s, shard.id, r));
        }
      }
      ofStream.sort((a, b) -> a.sequenceNumber.compareTo(b.sequenceNumber));
      out.addAll(ofStream);
    }
    return List.copyOf(out);
  }

  /** One recorded change, as a test sees it. */
  public static final class Event {
    private final String table;
    private final String streamArn;
    private final String shardId;
    private final String sequenceNumber;
    private final String eventId;
    private final String eventName;
    private final Map<String, AttributeValue> keys;
    private final Map<String, AttributeValue> oldImage;
    private final Map<String, AttributeValue> newImage;
    private final Instant created;
    private final long sizeBytes;

    Event(TableStream s, String shardId, TableStream.StoredRecord r) {
      this.table = s.tableName;
      this.streamArn = s.arn;
      this.shardId = shardId;
      this.sequenceNumber = StreamsApi.formatSequence(r.sequence);
      this.eventId = r.eventId;
      this.eventName = r.eventName;
      this.keys = StreamItems.toSdk(r.keys);
      this.oldImage = StreamItems.toSdk(r.oldImage);
      this.newImage = StreamItems.toSdk(r.newImage);
      this.created = r.created;
      this.sizeBytes = r.sizeBytes;
    }

    public String table() {
      return table;
    }

    public String streamArn() {
      return streamArn;
    }

    public String shardId() {
      return shardId;
    }

    public String sequenceNumber() {
      return sequenceNumber;
    }

    public String eventId() {
      return eventId;
    }

    /** INSERT, MODIFY or REMOVE. */
    public String eventName() {
      return eventName;
    }

    public Map<String, AttributeValue> keys() {
      return keys;
    }

    /** The item before the write, or null (an INSERT, or a view type without old images). */
    public Map<String, AttributeValue> oldImage() {
      return oldImage;
    }

    /** The item after the write, or null (a REMOVE, or a view type without new images). */
    public Map<String, AttributeValue> newImage() {
      return newImage;
    }

    /** When the emulator recorded it (its clock); the API rounds it down to the second. */
    public Instant created() {
      return created;
    }

    public long sizeBytes() {
      return sizeBytes;
    }

    @Override
    public String toString() {
      return eventName + " " + keys + " #" + sequenceNumber + " in " + shardId;
    }
  }

  // ---------------------------------------------------------------------------------------- writes

  /** True if a write naming these tables must be observed (one of them has an enabled stream). */
  synchronized boolean observes(List<String> tables) {
    for (String t : tables) {
      TableStream s = latest(t);
      if (s != null && s.enabled()) {
        return true;
      }
    }
    return false;
  }

  /** The write of one item or batch, observed: old images read, forwarded, new images read, recorded. */
  Http.Message write(String op, byte[] body, Json.Members top, List<String> tables, BackendCall backendCall,
      Exchange forward) throws IOException {
    List<Target> targets = targets(op, body, top, tables);
    if (targets.isEmpty()) {
      return forward.exchange(body);
    }
    TreeSet<Integer> stripeIds = new TreeSet<>();
    for (Target t : targets) {
      stripeIds.add(Math.floorMod((t.table + '\u0002' + t.canonical).hashCode(), STRIPES));
    }
    List<ReentrantLock> held = new ArrayList<>(stripeIds.size());
    try {
      for (int i : stripeIds) {
        stripes[i].lock();
        held.add(stripes[i]);
      }
      Map<Target, Object> before = read(targets, backendCall);
      Http.Message response = null;
      IOException failure = null;
      try {
        response = forward.exchange(body);
      } catch (IOException e) {
        failure = e;
      }
      Map<Target, Object> after = read(targets, backendCall);
      if (before != null && after != null) {
        record(targets, before, after);
      }
      if (failure != null) {
        throw failure;
      }
      return response;
    } finally {
      for (ReentrantLock l : held) {
        l.unlock();
      }
    }
  }

  /** An item a write addresses, on a table with an enabled stream. */
  private static final class Target {
    final String table;
    final Map<String, Object> key;
    final String canonical;
    final List<String> keyAttributes;

    Target(String table, Map<String, Object> key, List<String> keyAttributes) {
      this.table = table;
      this.key = key;
      this.canonical = StreamItems.canonical(key);
      this.keyAttributes = keyAttributes;
    }
  }

  private synchronized List<Target> targets(String op, byte[] body, Json.Members top, List<String> tables) {
    List<Target> targets = new ArrayList<>();
    if (op.equals("BatchWriteItem")) {
      Object items = RequestKeys.parsed(body, top, "RequestItems");
      if (!(items instanceof Map)) {
        return targets;
      }
      Set<String> seen = new java.util.HashSet<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) items).entrySet()) {
        String table = String.valueOf(e.getKey());
        TableStream s = latest(table);
        if (s == null || !s.enabled() || !(e.getValue() instanceof List)) {
          continue;
        }
        for (Object request : (List<?>) e.getValue()) {
          Object keyOrItem = null;
          if (request instanceof Map) {
            Map<?, ?> r = (Map<?, ?>) request;
            if (r.get("PutRequest") instanceof Map) {
              keyOrItem = ((Map<?, ?>) r.get("PutRequest")).get("Item");
            } else if (r.get("DeleteRequest") instanceof Map) {
              keyOrItem = ((Map<?, ?>) r.get("DeleteRequest")).get("Key");
            }
          }
          Map<String, Object> key = StreamItems.keyOf(keyOrItem, s.keyAttributes);
          if (key != null) {
            Target t = new Target(table, key, s.keyAttributes);
            if (seen.add(table + '\u0002' + t.canonical)) {
              targets.add(t);
            }
          }
        }
      }
      return targets;
    }
    if (tables.size() != 1) {
      return targets;
    }
    TableStream s = latest(tables.get(0));
    if (s == null || !s.enabled()) {
      return targets;
    }
    Object keyOrItem = RequestKeys.parsed(body, top, op.equals("PutItem") ? "Item" : "Key");
    Map<String, Object> key = StreamItems.keyOf(keyOrItem, s.keyAttributes);
    if (key != null) {
      targets.add(new Target(tables.get(0), key, s.keyAttributes));
    }
    return targets;
  }

  /** The current items (null: absent) of the targets, read consistently; null if the backend failed. */
  private static Map<Target, Object> read(List<Target> targets, BackendCall backendCall) throws IOException {
    Map<Target, Object> items = new HashMap<>();
    if (targets.size() == 1) {
      Target t = targets.get(0);
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("TableName", t.table);
      request.put("Key", t.key);
      request.put("ConsistentRead", Boolean.TRUE);
      Map<?, ?> response = answer(backendCall.call("GetItem", request));
      if (response == null) {
        return null;
      }
      items.put(t, response.get("Item"));
      return items;
    }
    Map<String, Object> requestItems = new LinkedHashMap<>();
    for (Target t : targets) {
      @SuppressWarnings("unchecked")
      Map<String, Object> entry = (Map<String, Object>) requestItems.computeIfAbsent(t.table, k -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Keys", new ArrayList<>());
        m.put("ConsistentRead", Boolean.TRUE);
        return m;
      });
      @SuppressWarnings("unchecked")
      List<Object> keys = (List<Object>) entry.get("Keys");
      keys.add(t.key);
    }
    Map<?, ?> response = answer(backendCall.call("BatchGetItem", Map.of("RequestItems", requestItems)));
    if (response == null || !(response.get("Responses") instanceof Map)) {
      return null;
    }
    Map<?, ?> responses = (Map<?, ?>) response.get("Responses");
    Map<String, Object> found = new HashMap<>();
    for (Target t : targets) {
      Object list = responses.get(t.table);
      if (list instanceof List) {
        for (Object item : (List<?>) list) {
          Map<String, Object> key = StreamItems.keyOf(item, t.keyAttributes);
          if (key != null) {
            found.put(t.table + '\u0002' + StreamItems.canonical(key), item);
          }
        }
      }
    }
    for (Target t : targets) {
      items.put(t, found.get(t.table + '\u0002' + t.canonical));
    }
    return items;
  }

  private static Map<?, ?> answer(Http.Message response) {
    if (response == null || response.status() != 200) {
      return null;
    }
    Object parsed = Json.parse(response.body, 0, response.body.length);
    return parsed instanceof Map ? (Map<?, ?>) parsed : null;
  }

  private synchronized void record(List<Target> targets, Map<Target, Object> before, Map<Target, Object> after) {
    Instant now = now();
    for (Target t : targets) {
      TableStream s = latest(t.table);
      if (s == null || !s.enabled()) {
        continue;
      }
      Object oldItem = before.get(t);
      Object newItem = after.get(t);
      String eventName;
      if (oldItem == null && newItem == null) {
        continue;
      } else if (oldItem == null) {
        eventName = "INSERT";
      } else if (newItem == null) {
        eventName = "REMOVE";
      } else if (StreamItems.sameItem(oldItem, newItem)) {
        continue;
      } else {
        eventName = "MODIFY";
      }
      append(s, eventName, oldItem, newItem, now);
    }
  }

  private void append(TableStream s, String eventName, Object oldItem, Object newItem, Instant now) {
    maintain(s, now);
    Map<String, Object> keys = StreamItems.keyOf(newItem != null ? newItem : oldItem, s.keyAttributes);
    int position = Math.max(0, KeySpace.position(keys.get(s.keyAttributes.get(0))));
    TableStream.Shard shard = s.openShardFor(position);
    if (shard == null) {
      return;
    }
    boolean olds = s.viewType.equals("OLD_IMAGE") || s.viewType.equals("NEW_AND_OLD_IMAGES");
    boolean news = s.viewType.equals("NEW_IMAGE") || s.viewType.equals("NEW_AND_OLD_IMAGES");
    String eventId = UUID.randomUUID().toString().replace("-", "");
    shard.records.add(new TableStream.StoredRecord(++sequence, eventId, eventName, keys, olds ? oldItem : null,
        news ? newItem : null, now));
    shard.appended++;
    if (shardMaxRecords > 0 && shard.appended >= shardMaxRecords) {
      split(s, shard, 1, now);
    }
  }

  // ---------------------------------------------------------------------------------------- streams and shards

  /** The latest stream of the table as it exists now: null if it never had one or was deleted since. */
  private TableStream latest(String table) {
    List<TableStream> l = byTable.get(table);
    TableStream s = l == null || l.isEmpty() ? null : l.get(l.size() - 1);
    return s == null || s.tableDeleted ? null : s;
  }

  /** The table is gone (deleted, or replaced by a new one): its stream is disabled and no longer its latest. */
  private void retire(String table) {
    TableStream s = latest(table);
    if (s != null) {
      if (s.enabled()) {
        disable(s);
      }
      s.tableDeleted = true;
    }
  }

  private TableStream createStream(String table, String tableArn, Object keySchema, String viewType) {
    Instant now = now();
    String label = LABEL.format(now);
    String base = (tableArn != null ? tableArn : "arn:aws:dynamodb:ddblocal:000000000000:table/" + table) + "/stream/";
    while (byArn.containsKey(base + label)) {
      now = now.plusMillis(1);
      label = LABEL.format(now);
    }
    List<String> keyAttributes = new ArrayList<>();
    String hash = null;
    for (Object o : (List<?>) keySchema) {
      Map<?, ?> e = (Map<?, ?>) o;
      if ("HASH".equals(e.get("KeyType"))) {
        hash = String.valueOf(e.get("AttributeName"));
      }
    }
    keyAttributes.add(hash);
    for (Object o : (List<?>) keySchema) {
      Map<?, ?> e = (Map<?, ?>) o;
      if ("RANGE".equals(e.get("KeyType"))) {
        keyAttributes.add(String.valueOf(e.get("AttributeName")));
      }
    }
    TableStream s = new TableStream(base + label, label, table, viewType, keyAttributes, keySchema, now);
    s.shards.add(new TableStream.Shard(newShardId(now), null, ++sequence, now, 0, TableStream.POSITIONS));
    TableStream previous = latest(table);
    if (previous != null && previous.enabled()) {
      disable(previous);
    }
    byTable.computeIfAbsent(table, k -> new ArrayList<>()).add(s);
    byArn.put(s.arn, s);
    return s;
  }

  private void disable(TableStream s) {
    Instant now = now();
    maintain(s, now);
    for (TableStream.Shard shard : s.openShards()) {
      shard.close(now);
    }
    s.disabled = now;
  }

  private String newShardId(Instant now) {
    return String.format(Locale.ROOT, "shardId-%020d-%08x", now.toEpochMilli(), ++shardCounter);
  }

  /** Closes an open shard and opens its children, which share its part of the key space. */
  private List<TableStream.Shard> split(TableStream s, TableStream.Shard shard, int children, Instant now) {
    shard.close(now);
    int width = shard.to - shard.from;
    int n = Math.max(1, Math.min(children, width));
    List<TableStream.Shard> made = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int from = shard.from + (int) ((long) width * i / n);
      int to = shard.from + (int) ((long) width * (i + 1) / n);
      TableStream.Shard child = new TableStream.Shard(newShardId(now), shard.id, ++sequence, now, from, to);
      s.shards.add(child);
      made.add(child);
    }
    return made;
  }

  /** Trims records past the retention, drops emptied closed shards, rolls over shards past their age. */
  void maintain(TableStream s, Instant now) {
    Instant horizon = now.minus(retention);
    for (TableStream.Shard shard : s.shards) {
      while (!shard.records.isEmpty() && !shard.records.get(0).created.isAfter(horizon)) {
        shard.trimmedThrough = shard.records.remove(0).sequence;
      }
    }
    s.shards.removeIf(shard -> !shard.isOpen() && shard.records.isEmpty() && !shard.closed.isAfter(horizon));
    Duration maxAge = shardMaxAge;
    if (maxAge != null && s.enabled()) {
      for (TableStream.Shard shard : s.openShards()) {
        if (!shard.created.plus(maxAge).isAfter(now)) {
          split(s, shard, 1, now);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------- control plane

  /** CreateTable, UpdateTable, DescribeTable, DeleteTable: StreamSpecification kept here, answers completed. */
  synchronized Http.Message control(String op, byte[] body, String table, BackendCall backendCall,
      Exchange forward) throws IOException {
    switch (op) {
      case "CreateTable":
      case "UpdateTable":
        return createOrUpdate(op, body, table, backendCall, forward);
      case "DeleteTable": {
        Http.Message response = forward.exchange(body);
        if (response != null && response.status() == 200) {
          retire(table);
        }
        return response;
      }
      default: {
        Http.Message response = forward.exchange(body);
        return decorate(response, "Table", table);
      }
    }
  }

  private Http.Message createOrUpdate(String op, byte[] body, String table, BackendCall backendCall,
      Exchange forward) throws IOException {
    Object parsed;
    try {
      parsed = Json.parse(body, 0, body.length);
    } catch (IllegalArgumentException e) {
      return forward.exchange(body);
    }
    boolean create = op.equals("CreateTable");
    if (!(parsed instanceof Map) || !((Map<?, ?>) parsed).containsKey("StreamSpecification")) {
      Http.Message response = forward.exchange(body);
      if (create && response != null && response.status() == 200) {
        retire(table);
      }
      return create ? response : decorate(response, "TableDescription", table);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> request = (Map<String, Object>) parsed;
    Object spec = request.remove("StreamSpecification");
    Map<?, ?> s = spec instanceof Map ? (Map<?, ?>) spec : Map.of();
    Object enabled = s.get("StreamEnabled");
    Object viewType = s.get("StreamViewType");
    if (!(enabled instanceof Boolean)) {
      return validation("1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed to "
          + "satisfy constraint: Member must not be null");
    }
    boolean enable = (Boolean) enabled;
    if (enable && !VIEW_TYPES.contains(viewType)) {
      return validation("1 validation error detected: Value '" + viewType + "' at 'streamSpecification.streamViewType' "
          + "failed to satisfy constraint: Member must satisfy enum value set: " + new TreeSet<>(VIEW_TYPES));
    }
    TableStream current = latest(table);
    boolean hasEnabled = current != null && current.enabled();
    if (op.equals("UpdateTable")) {
      if (enable && hasEnabled) {
        return validation("Table already has an enabled stream: TableName: " + table);
      }
      if (!enable && !hasEnabled) {
        return validation("Table does not have a stream enabled: TableName: " + table);
      }
    } else if (!enable) {
      Http.Message response = forward.exchange(Json.writeBytes(request));
      if (response != null && response.status() == 200) {
        retire(table);
      }
      return response;
    }
    Http.Message response;
    String member;
    if (op.equals("UpdateTable") && request.size() <= 1) {
      // nothing else to change: dynalite would refuse an UpdateTable without a change
      response = backendCall.call("DescribeTable", Map.of("TableName", table));
      member = "Table";
    } else {
      response = forward.exchange(Json.writeBytes(request));
      member = "TableDescription";
    }
    Map<?, ?> answer = answer(response);
    if (answer == null || !(answer.get(member) instanceof Map)) {
      return response;
    }
    Map<?, ?> description = (Map<?, ?>) answer.get(member);
    if (create) {
      retire(table);
    }
    if (enable) {
      Object keySchema = description.get("KeySchema");
      Object tableArn = description.get("TableArn");
      if (keySchema instanceof List) {
        createStream(table, tableArn instanceof String ? (String) tableArn : null, keySchema, (String) viewType);
      }
    } else {
      disable(current);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("TableDescription", withStream(description, table));
    return StreamsApi.ok(out);
  }

  /** Adds the table's stream settings to a table description in a successful answer. */
  private Http.Message decorate(Http.Message response, String member, String table) {
    if (table == null || latest(table) == null) {
      return response;
    }
    Map<?, ?> answer = answer(response);
    if (answer == null || !(answer.get(member) instanceof Map)) {
      return response;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : answer.entrySet()) {
      out.put(String.valueOf(e.getKey()), e.getValue());
    }
    out.put(member, withStream((Map<?, ?>) answer.get(member), table));
    response.body = Json.writeBytes(out);
    if (response.header("x-amz-crc32") != null) {
      response.setHeader("x-amz-crc32", ThrottlingProxy.crc32(response.body));
    }
    return response;
  }

  private Map<String, Object> withStream(Map<?, ?> description, String table) {
    Map<String, Object> d = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : description.entrySet()) {
      d.put(String.valueOf(e.getKey()), e.getValue());
    }
    TableStream s = latest(table);
    if (s == null) {
      return d;
    }
    if (s.enabled()) {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("StreamEnabled", Boolean.TRUE);
      spec.put("StreamViewType", s.viewType);
      d.put("StreamSpecification", spec);
    }
    d.put("LatestStreamArn", s.arn);
    d.put("LatestStreamLabel", s.label);
    return d;
  }

  private static Http.Message validation(String message) {
    return ThrottlingProxy.error(400, "ValidationException", message);
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
    return d;
  }

  @SuppressWarnings("deprecation") // ApacheHttpClient (4.x) is the client the project standardises on
  // ---------------------------------------------------------------------------------------- for StreamsApi

  /** Answers one {@code DynamoDBStreams_20120810.*} request (see {@link StreamsApi}). */
  Http.Message serve(String op, byte[] body, String authorization) {
    return api.serve(op, body, authorization);
  }

  /** Every stream, oldest first (callers hold the emulator's monitor). */
  Collection<TableStream> allStreams() {
    return byArn.values();
  }

  TableStream streamByArn(String arn) {
    return byArn.get(arn);
  }

  /** The newest sequence number handed out. */
  long lastSequence() {
    return sequence;
  }

  Duration iteratorLifetime() {
    return iteratorLifetime;
  }

  double getRecordsRateLimit() {
    return readsPerShardPerSecond;
  }

  @SuppressWarnings("deprecation") // ApacheHttpClient (4.x) is the client the project standardises on
  private synchronized DynamoDbClient describer() {
    if (describer == null) {
      describer = DynamoDbClient.builder()
          .endpointOverride(backend)
          .region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
          .httpClientBuilder(ApacheHttpClient.builder().maxConnections(2))
          .build();
    }
    return describer;
  }

  synchronized void close() {
    if (describer != null) {
      describer.close();
      describer = null;
    }
  }
}
