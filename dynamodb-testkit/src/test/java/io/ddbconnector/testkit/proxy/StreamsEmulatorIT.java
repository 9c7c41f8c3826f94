package io.ddbconnector.testkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.Backend;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardFilterType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The Streams emulator against the real dynalite, through the proxy, with the SDK's own
 * {@link DynamoDbStreamsClient} and {@link DynamoDbClient} (no retries, so every answer is seen).
 */
class StreamsEmulatorIT {

  private static final String PK = "pk";
  private static final String SK = "sk";
  private static Backend backend;
  private static ThrottlingProxy proxy;
  private static StreamsEmulator streams;
  private static DynamoDbClient client;
  private static DynamoDbClient otherClient;
  private static DynamoDbStreamsClient streamsClient;
  private static final List<String> tables = new ArrayList<>();

  @BeforeAll
  static void start() {
    backend = Backend.shared();
    proxy = ThrottlingProxy.start(backend.endpoint());
    proxy.setRequestLatency(Duration.ZERO);
    streams = proxy.enableStreams();
    client = ThrottlingProxyIT.noRetryClient(proxy.endpoint());
    otherClient = ThrottlingProxyIT.noRetryClient(proxy.endpoint());
    streamsClient = streamsClient(proxy.endpoint());
  }

  @AfterAll
  static void stop() {
    for (String t : tables) {
      backend.deleteTable(t);
    }
    streamsClient.close();
    otherClient.close();
    client.close();
    proxy.close();
  }

  @AfterEach
  void resetSettings() {
    proxy.setFaults(Faults.none());
    streams.setShardRollover(0, null);
    streams.setGetRecordsRateLimit(0);
  }

  @SuppressWarnings("deprecation") // ApacheHttpClient (4.x) is the client the project standardises on
  static DynamoDbStreamsClient streamsClient(URI endpoint) {
    return DynamoDbStreamsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
        .httpClientBuilder(ApacheHttpClient.builder())
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** A table with a string partition key and a number sort key, created through the proxy. */
  private static String createTable(String prefix, StreamViewType viewType) {
    String table = backend.uniqueTableName(prefix);
    createNamed(table, viewType);
    return table;
  }

  private static void createNamed(String table, StreamViewType viewType) {
    client.createTable(b -> {
      b.tableName(table)
          .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
              KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
          .attributeDefinitions(
              AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
              AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.N).build())
          .billingMode(BillingMode.PAY_PER_REQUEST);
      if (viewType != null) {
        b.streamSpecification(s -> s.streamEnabled(true).streamViewType(viewType));
      }
    });
    tables.add(table);
    awaitStatus(table, TableStatus.ACTIVE);
  }

  /** Polls every 20 ms (the SDK's waiters wait 20 s between polls); null status: until the table is gone. */
  private static void awaitStatus(String table, TableStatus status) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (client.describeTable(r -> r.tableName(table)).table().tableStatus() == status) {
          return;
        }
      } catch (ResourceNotFoundException gone) {
        if (status == null) {
          return;
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("table " + table + " not " + (status == null ? "gone" : status) + " after 10 s");
  }

  private static Map<String, AttributeValue> key(String pk, int sk) {
    return Map.of(PK, AttributeValue.fromS(pk), SK, AttributeValue.fromN(Integer.toString(sk)));
  }

  private static Map<String, AttributeValue> item(String pk, int sk, String value) {
    Map<String, AttributeValue> m = new HashMap<>(key(pk, sk));
    m.put("v", AttributeValue.fromS(value));
    return m;
  }

  private static List<Shard> shards(String arn) {
    return streamsClient.describeStream(r -> r.streamArn(arn)).streamDescription().shards();
  }

  private static String iterator(String arn, String shardId, ShardIteratorType type, String sequence) {
    return streamsClient.getShardIterator(r -> r.streamArn(arn).shardId(shardId).shardIteratorType(type)
        .sequenceNumber(sequence)).shardIterator();
  }

  /** Every record of a shard from the iterator on, following NextShardIterator while records come. */
  private static List<Record> readAll(String shardIterator) {
    List<Record> all = new ArrayList<>();
    String it = shardIterator;
    while (it != null) {
      String current = it;
      GetRecordsResponse r = streamsClient.getRecords(g -> g.shardIterator(current));
      all.addAll(r.records());
      if (r.records().isEmpty()) {
        break;
      }
      it = r.nextShardIterator();
    }
    return all;
  }

  /** Every record of the stream, reading each parent before its children (shards are listed parents first). */
  private static List<Record> readStream(String arn) {
    List<Record> all = new ArrayList<>();
    for (Shard s : shards(arn)) {
      all.addAll(readAll(iterator(arn, s.shardId(), ShardIteratorType.TRIM_HORIZON, null)));
    }
    return all;
  }

  private static List<String> names(List<Record> records) {
    List<String> out = new ArrayList<>();
    for (Record r : records) {
      out.add(r.eventNameAsString());
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------- tests

  @ParameterizedTest
  @EnumSource(value = StreamViewType.class, names = {"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"})
  void eventsAndImagesFollowTheViewType(StreamViewType viewType) {
    String table = createTable("streams_view", viewType);
    TableDescription d = client.describeTable(r -> r.tableName(table)).table();
    assertEquals(viewType, d.streamSpecification().streamViewType());
    assertTrue(d.streamSpecification().streamEnabled());
    String arn = d.latestStreamArn();
    assertEquals(streams.streamArn(table), arn);
    assertTrue(arn.startsWith(d.tableArn() + "/stream/"), arn);
    assertEquals(d.latestStreamLabel(), arn.substring(arn.lastIndexOf('/') + 1));

    Instant before = streams.now().minusSeconds(1);
    client.putItem(r -> r.tableName(table).item(item("a", 1, "one")));            // INSERT
    client.putItem(r -> r.tableName(table).item(item("a", 1, "one")));            // identical: no record
    client.updateItem(r -> r.tableName(table).key(key("a", 1))                     // MODIFY
        .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", AttributeValue.fromS("two"))));
    client.updateItem(r -> r.tableName(table).key(key("a", 1))                     // same value: no record
        .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", AttributeValue.fromS("two"))));
    client.deleteItem(r -> r.tableName(table).key(key("a", 1)));                   // REMOVE
    client.deleteItem(r -> r.tableName(table).key(key("a", 1)));                   // missing: no record

    List<Record> records = readStream(arn);
    assertEquals(List.of("INSERT", "MODIFY", "REMOVE"), names(records));
    boolean news = viewType == StreamViewType.NEW_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES;
    boolean olds = viewType == StreamViewType.OLD_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES;
    List<Map<String, AttributeValue>> expectedNew = new ArrayList<>();
    expectedNew.add(item("a", 1, "one"));
    expectedNew.add(item("a", 1, "two"));
    expectedNew.add(null);
    List<Map<String, AttributeValue>> expectedOld = new ArrayList<>();
    expectedOld.add(null);
    expectedOld.add(item("a", 1, "one"));
    expectedOld.add(item("a", 1, "two"));
    String previous = "";
    for (int i = 0; i < records.size(); i++) {
      Record r = records.get(i);
      assertEquals("aws:dynamodb", r.eventSource());
      assertEquals("eu-west-1", r.awsRegion(), "the region the GetRecords request was signed for");
      assertEquals(StreamsEmulator.EVENT_VERSION, r.eventVersion());
      assertEquals(32, r.eventID().length());
      assertEquals(viewType, r.dynamodb().streamViewType());
      assertEquals(key("a", 1), r.dynamodb().keys());
      assertEquals(news ? expectedNew.get(i) : null, r.dynamodb().hasNewImage() ? r.dynamodb().newImage() : null,
          "new image of record " + i);
      assertEquals(olds ? expectedOld.get(i) : null, r.dynamodb().hasOldImage() ? r.dynamodb().oldImage() : null,
          "old image of record " + i);
      assertTrue(r.dynamodb().sizeBytes() > 0);
      Instant created = r.dynamodb().approximateCreationDateTime();
      assertFalse(created.isBefore(before) || created.isAfter(streams.now()), created.toString());
      String seq = r.dynamodb().sequenceNumber();
      assertTrue(seq.matches("[0-9]{21}"), seq);
      assertTrue(seq.compareTo(previous) > 0, "sequence numbers increase");
      previous = seq;
    }
    assertEquals(names(records), streams.records(table).stream().map(StreamsEmulator.Event::eventName).toList());
  }

  @Test
  void perKeyOrderAcrossClientsAndBatches() throws Exception {
    String table = createTable("streams_order", StreamViewType.NEW_AND_OLD_IMAGES);
    int keys = 4;
    int updatesPerClient = 25;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (DynamoDbClient c : List.of(client, otherClient, client, otherClient)) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < updatesPerClient; i++) {
            for (int k = 0; k < keys; k++) {
              int key = k;
              c.updateItem(r -> r.tableName(table).key(key("k" + key, 0)).updateExpression("ADD n :one")
                  .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
            }
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<WriteRequest> batch = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item("batch", i, "b")).build()).build());
    }
    otherClient.batchWriteItem(r -> r.requestItems(Map.of(table, batch)));

    List<Record> records = readStream(streams.streamArn(table));
    Map<String, Integer> last = new HashMap<>();
    int batchInserts = 0;
    for (Record r : records) {
      String pk = r.dynamodb().keys().get(PK).s();
      if (pk.equals("batch")) {
        assertEquals("INSERT", r.eventNameAsString());
        assertEquals("b", r.dynamodb().newImage().get("v").s());
        batchInserts++;
        continue;
      }
      int n = Integer.parseInt(r.dynamodb().newImage().get("n").n());
      int expected = last.getOrDefault(pk, 0) + 1;
      assertEquals(expected, n, "updates of " + pk + " in order, none lost");
      assertEquals(n == 1 ? "INSERT" : "MODIFY", r.eventNameAsString());
      if (n > 1) {
        assertEquals(Integer.toString(n - 1), r.dynamodb().oldImage().get("n").n());
      }
      last.put(pk, n);
    }
    assertEquals(25, batchInserts);
    for (int k = 0; k < keys; k++) {
      assertEquals(4 * updatesPerClient, last.get("k" + k));
    }
  }

  @Test
  void aWriteAppliedButAnsweredWithAFaultIsRecorded() {
    String table = createTable("streams_fault", StreamViewType.NEW_IMAGE);
    proxy.setFaults(Faults.none().serverErrorAfterWriteRate(1.0));
    DynamoDbException e = assertThrows(DynamoDbException.class,
        () -> client.putItem(r -> r.tableName(table).item(item("f", 1, "applied"))));
    assertEquals(500, e.statusCode());
    proxy.setFaults(Faults.none());
    assertEquals(1, proxy.injectedFaults(Faults.Kind.SERVER_ERROR_AFTER_WRITE));
    assertEquals(item("f", 1, "applied"), client.getItem(r -> r.tableName(table).key(key("f", 1))).item());
    List<Record> records = readStream(streams.streamArn(table));
    assertEquals(List.of("INSERT"), names(records));
    assertEquals(item("f", 1, "applied"), records.get(0).dynamodb().newImage());
  }

  @Test
  void iteratorTypes() {
    String table = createTable("streams_iterators", StreamViewType.KEYS_ONLY);
    String arn = streams.streamArn(table);
    for (int i = 1; i <= 3; i++) {
      int sk = i;
      client.putItem(r -> r.tableName(table).item(item("i", sk, "x")));
    }
    String shard = shards(arn).get(0).shardId();
    List<Record> all = readAll(iterator(arn, shard, ShardIteratorType.TRIM_HORIZON, null));
    assertEquals(3, all.size());
    String second = all.get(1).dynamodb().sequenceNumber();

    List<Record> at = readAll(iterator(arn, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, second));
    assertEquals(List.of(all.get(1), all.get(2)), at);
    List<Record> after = readAll(iterator(arn, shard, ShardIteratorType.AFTER_SEQUENCE_NUMBER, second));
    assertEquals(List.of(all.get(2)), after);

    String latest = iterator(arn, shard, ShardIteratorType.LATEST, null);
    GetRecordsResponse empty = streamsClient.getRecords(r -> r.shardIterator(latest));
    assertTrue(empty.records().isEmpty());
    assertNotNull(empty.nextShardIterator(), "an open shard always has a next iterator");
    client.putItem(r -> r.tableName(table).item(item("i", 4, "x")));
    List<Record> fresh = readAll(empty.nextShardIterator());
    assertEquals(1, fresh.size());
    assertEquals("4", fresh.get(0).dynamodb().keys().get(SK).n());

    GetRecordsResponse one = streamsClient.getRecords(r -> r.shardIterator(iterator(arn, shard,
        ShardIteratorType.TRIM_HORIZON, null)).limit(1));
    assertEquals(List.of(all.get(0)), one.records());
    DynamoDbException tooMany = assertThrows(DynamoDbException.class, () -> streamsClient.getRecords(r -> r
        .shardIterator(one.nextShardIterator()).limit(1001)));
    assertEquals("ValidationException", tooMany.awsErrorDetails().errorCode());
    DynamoDbException badSequence = assertThrows(DynamoDbException.class,
        () -> iterator(arn, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, "999999999999999999999"));
    assertEquals("ValidationException", badSequence.awsErrorDetails().errorCode());
  }

  @Test
  void shardsSplitAndCloseWithParentIds() {
    String table = createTable("streams_split", StreamViewType.NEW_IMAGE);
    String arn = streams.streamArn(table);
    for (int i = 0; i < 3; i++) {
      int sk = i;
      client.putItem(r -> r.tableName(table).item(item("p" + sk, 0, "before")));
    }
    String parent = shards(arn).get(0).shardId();
    List<String> children = streams.splitShards(table, 2);
    assertEquals(2, children.size());
    for (int i = 0; i < 20; i++) {
      int sk = i;
      client.putItem(r -> r.tableName(table).item(item("c" + sk, 0, "after")));
    }
    List<Shard> shards = shards(arn);
    assertEquals(3, shards.size());
    Shard closed = shards.get(0);
    assertEquals(parent, closed.shardId());
    assertNotNull(closed.sequenceNumberRange().endingSequenceNumber(), "the parent is closed");
    for (Shard child : shards.subList(1, 3)) {
      assertEquals(parent, child.parentShardId());
      assertNull(child.sequenceNumberRange().endingSequenceNumber(), "the children are open");
      assertTrue(child.sequenceNumberRange().startingSequenceNumber()
          .compareTo(closed.sequenceNumberRange().endingSequenceNumber()) > 0);
    }
    StreamDescription onlyChildren = streamsClient.describeStream(r -> r.streamArn(arn)
        .shardFilter(f -> f.type(ShardFilterType.CHILD_SHARDS).shardId(parent))).streamDescription();
    assertEquals(children, onlyChildren.shards().stream().map(Shard::shardId).toList());

    GetRecordsResponse parentRecords = streamsClient.getRecords(r -> r.shardIterator(iterator(arn, parent,
        ShardIteratorType.TRIM_HORIZON, null)));
    assertEquals(3, parentRecords.records().size());
    assertNull(parentRecords.nextShardIterator(), "a closed shard read to its end has no next iterator");
    String lastOfParent = parentRecords.records().get(2).dynamodb().sequenceNumber();
    assertEquals(closed.sequenceNumberRange().endingSequenceNumber(), lastOfParent);
    int inChildren = 0;
    for (String child : children) {
      List<Record> records = readAll(iterator(arn, child, ShardIteratorType.TRIM_HORIZON, null));
      assertFalse(records.isEmpty(), "the split spreads keys over both children");
      for (Record r : records) {
        assertEquals("after", r.dynamodb().newImage().get("v").s());
        assertTrue(r.dynamodb().sequenceNumber().compareTo(lastOfParent) > 0);
      }
      inChildren += records.size();
    }
    assertEquals(20, inChildren);

    // rollover by record count: a chain of shards, each closed after 2 records
    String counted = createTable("streams_rollover", StreamViewType.KEYS_ONLY);
    streams.setShardRollover(2, null);
    for (int i = 0; i < 5; i++) {
      int sk = i;
      client.putItem(r -> r.tableName(counted).item(item("same", sk, "x")));
    }
    List<Shard> chain = shards(streams.streamArn(counted));
    assertEquals(3, chain.size());
    assertEquals(chain.get(0).shardId(), chain.get(1).parentShardId());
    assertEquals(chain.get(1).shardId(), chain.get(2).parentShardId());
    assertEquals(5, readStream(streams.streamArn(counted)).size());
    String countedArn = streams.streamArn(counted);
    StreamDescription page = streamsClient.describeStream(r -> r.streamArn(countedArn).limit(2)).streamDescription();
    assertEquals(chain.subList(0, 2), page.shards());
    assertEquals(chain.get(1).shardId(), page.lastEvaluatedShardId());
    StreamDescription rest = streamsClient.describeStream(r -> r.streamArn(countedArn)
        .exclusiveStartShardId(page.lastEvaluatedShardId())).streamDescription();
    assertEquals(chain.subList(2, 3), rest.shards());
    assertNull(rest.lastEvaluatedShardId());

    // rollover by age, on the emulator's clock
    streams.setShardRollover(0, Duration.ofHours(4));
    streams.advanceClock(Duration.ofHours(4));
    List<Shard> aged = shards(countedArn);
    assertEquals(4, aged.size());
    assertNotNull(aged.get(2).sequenceNumberRange().endingSequenceNumber());
    assertEquals(aged.get(2).shardId(), aged.get(3).parentShardId());
  }

  @Test
  void getRecordsReturnsAtMostOneMegabyte() {
    String table = createTable("streams_megabyte", StreamViewType.NEW_IMAGE);
    String big = "x".repeat(380_000);
    for (int i = 0; i < 3; i++) {
      int sk = i;
      client.putItem(r -> r.tableName(table).item(item("big", sk, big)));
    }
    String arn = streams.streamArn(table);
    GetRecordsResponse first = streamsClient.getRecords(r -> r.shardIterator(iterator(arn,
        shards(arn).get(0).shardId(), ShardIteratorType.TRIM_HORIZON, null)));
    assertEquals(2, first.records().size());
    assertTrue(first.records().get(0).dynamodb().sizeBytes() > 380_000);
    GetRecordsResponse second = streamsClient.getRecords(r -> r.shardIterator(first.nextShardIterator()));
    assertEquals(1, second.records().size());
    assertEquals("2", second.records().get(0).dynamodb().keys().get(SK).n());
  }

  @Test
  void trimmedRecordsAndExpiredIterators() {
    String table = createTable("streams_time", StreamViewType.KEYS_ONLY);
    String arn = streams.streamArn(table);
    client.putItem(r -> r.tableName(table).item(item("t", 1, "x")));
    String shard = shards(arn).get(0).shardId();
    String first = iterator(arn, shard, ShardIteratorType.TRIM_HORIZON, null);
    streams.advanceClock(Duration.ofMinutes(16));
    assertThrows(ExpiredIteratorException.class, () -> streamsClient.getRecords(r -> r.shardIterator(first)));

    // an iterator taken before its record is trimmed, used after
    streams.advanceClock(Duration.ofHours(23).plusMinutes(43));
    String stale = iterator(arn, shard, ShardIteratorType.TRIM_HORIZON, null);
    String sequence = streamsClient.getRecords(r -> r.shardIterator(stale)).records().get(0).dynamodb()
        .sequenceNumber();
    streams.advanceClock(Duration.ofMinutes(2));
    assertThrows(TrimmedDataAccessException.class, () -> streamsClient.getRecords(r -> r.shardIterator(stale)));
    assertThrows(TrimmedDataAccessException.class,
        () -> iterator(arn, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, sequence));
    // TRIM_HORIZON now starts after the trimmed record
    GetRecordsResponse fromHorizon = streamsClient.getRecords(r -> r.shardIterator(iterator(arn, shard,
        ShardIteratorType.TRIM_HORIZON, null)));
    assertTrue(fromHorizon.records().isEmpty());
    assertTrue(streams.records(table).isEmpty());
  }

  @Test
  void aTableWithoutAStream() {
    String table = createTable("streams_none", null);
    TableDescription d = client.describeTable(r -> r.tableName(table)).table();
    assertNull(d.latestStreamArn());
    assertNull(d.streamSpecification());
    assertTrue(streamsClient.listStreams(r -> r.tableName(table)).streams().isEmpty());
    String made = d.tableArn() + "/stream/2026-01-01T00:00:00.000";
    assertThrows(ResourceNotFoundException.class, () -> streamsClient.describeStream(r -> r.streamArn(made)));
    assertThrows(ResourceNotFoundException.class, () -> streamsClient.getShardIterator(r -> r.streamArn(made)
        .shardId("shardId-00000000000000000000-00000000").shardIteratorType(ShardIteratorType.LATEST)));
    client.putItem(r -> r.tableName(table).item(item("n", 1, "unrecorded")));

    // enabled later with UpdateTable, refused twice, disabled
    TableDescription enabled = client.updateTable(r -> r.tableName(table)
        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE))).tableDescription();
    String arn = enabled.latestStreamArn();
    assertNotNull(arn);
    assertEquals(StreamViewType.NEW_IMAGE, enabled.streamSpecification().streamViewType());
    DynamoDbException twice = assertThrows(DynamoDbException.class, () -> client.updateTable(r -> r.tableName(table)
        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE))));
    assertEquals("ValidationException", twice.awsErrorDetails().errorCode());
    client.putItem(r -> r.tableName(table).item(item("n", 2, "recorded")));
    assertEquals(arn, streamsClient.listStreams(r -> r.tableName(table)).streams().get(0).streamArn());
    client.updateTable(r -> r.tableName(table).streamSpecification(s -> s.streamEnabled(false)));
    client.putItem(r -> r.tableName(table).item(item("n", 3, "after disabling")));
    StreamDescription disabled = streamsClient.describeStream(r -> r.streamArn(arn)).streamDescription();
    assertEquals(StreamStatus.DISABLED, disabled.streamStatus());
    assertNotNull(disabled.shards().get(0).sequenceNumberRange().endingSequenceNumber());
    List<Record> records = readStream(arn);
    assertEquals(1, records.size());
    assertEquals("recorded", records.get(0).dynamodb().newImage().get("v").s());
    assertNull(client.describeTable(r -> r.tableName(table)).table().streamSpecification());
    assertEquals(arn, client.describeTable(r -> r.tableName(table)).table().latestStreamArn());
  }

  @Test
  void aTableCreatedElsewhereGetsAStreamAndARecreatedTableStartsWithoutOne() {
    String table = backend.createTable("streams_direct", PK, ScalarAttributeType.S);
    tables.add(table);
    String arn = streams.enableStream(table, StreamViewType.NEW_AND_OLD_IMAGES);
    assertEquals(arn, client.describeTable(r -> r.tableName(table)).table().latestStreamArn());
    client.putItem(r -> r.tableName(table).item(Map.of(PK, AttributeValue.fromS("d"), "v", AttributeValue.fromN("1"))));
    List<Record> records = readStream(arn);
    assertEquals(1, records.size());
    assertEquals(Map.of(PK, AttributeValue.fromS("d")), records.get(0).dynamodb().keys());

    client.deleteTable(r -> r.tableName(table));
    awaitStatus(table, null);
    assertEquals(StreamStatus.DISABLED, streamsClient.describeStream(r -> r.streamArn(arn)).streamDescription()
        .streamStatus());
    assertEquals(records, readStream(arn), "a deleted table's stream stays readable until it is trimmed");
    createNamed(table, null);
    TableDescription recreated = client.describeTable(r -> r.tableName(table)).table();
    assertNull(recreated.latestStreamArn());
    assertNull(recreated.streamSpecification());
    assertEquals(List.of(arn), streamsClient.listStreams(r -> r.tableName(table)).streams().stream()
        .map(s -> s.streamArn()).toList());
  }

  @Test
  void getRecordsCallsPerShardCanBeLimited() throws InterruptedException {
    String table = createTable("streams_rate", StreamViewType.KEYS_ONLY);
    String arn = streams.streamArn(table);
    String shard = shards(arn).get(0).shardId();
    String it = iterator(arn, shard, ShardIteratorType.TRIM_HORIZON, null);
    streams.setGetRecordsRateLimit(1);
    streamsClient.getRecords(r -> r.shardIterator(it));
    assertThrows(LimitExceededException.class, () -> streamsClient.getRecords(r -> r.shardIterator(it)));
    Thread.sleep(1100);
    assertTrue(streamsClient.getRecords(r -> r.shardIterator(it)).records().isEmpty(), "served again a second later");
  }
}
