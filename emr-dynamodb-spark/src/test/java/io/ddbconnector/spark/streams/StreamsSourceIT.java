package io.ddbconnector.spark.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.spark.SparkTestSupport;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.proxy.StreamsEmulator;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import io.ddbconnector.types.DynamoJson;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * {@code spark.readStream.format("dynamodb-streams")} on {@code local[2]} against dynalite behind the test
 * kit's Streams emulator: a replica kept by applying each micro-batch's changes ends equal to the source table
 * across shard splits, a query failing in the middle of a batch and its restart from the checkpoint; every
 * change arrives exactly once, a key's changes in order, parents' before children's; a trimmed position fails
 * with the user's choices; a table without a stream is named.
 */
class StreamsSourceIT {

  static SparkSession spark;
  static Backend backend;
  static ThrottlingProxy proxy;
  static StreamsEmulator streams;
  static DynamoDbClient writer;

  /** What the replica's foreachBatch saw: batch id, shard, sequence number, key (JSON), event name. */
  static final List<String[]> SEEN = Collections.synchronizedList(new ArrayList<>());
  static final AtomicBoolean FAIL_NEXT_BATCH = new AtomicBoolean();
  static final AtomicInteger BATCHES = new AtomicInteger();
  static final List<String> OUT_OF_ORDER = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() {
    backend = Backend.shared();
    proxy = ThrottlingProxy.start(backend.endpoint());
    proxy.setRequestLatency(Duration.ZERO);
    streams = proxy.enableStreams();
    writer = backend.newClient(proxy.endpoint());
    spark = SparkTestSupport.session("StreamsSourceIT");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    writer.close();
    proxy.close();
  }

  private static Map<String, String> options(String table) {
    Map<String, String> o = SparkTestSupport.options(proxy.endpoint(), backend.region(), table);
    return o;
  }

  private static String table(String prefix) {
    String t = backend.createTable(prefix, "id", ScalarAttributeType.S);
    streams.enableStream(t, StreamViewType.NEW_AND_OLD_IMAGES);
    return t;
  }

  private static Map<String, AttributeValue> item(String id, int v) {
    return Map.of("id", AttributeValue.fromS(id), "v", AttributeValue.fromN(Integer.toString(v)),
        "note", AttributeValue.fromS("n" + v));
  }

  /** Puts, updates and deletes through the proxy (so the emulator records them). */
  private static void changes(String table, String prefix, int n) {
    for (int i = 0; i < n; i++) {
      String id = prefix + i;
      writer.putItem(b -> b.tableName(table).item(item(id, 0)));
    }
    for (int i = 0; i < n; i += 3) {
      int v = i;
      writer.updateItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(prefix + v)))
          .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", AttributeValue.fromN("7"))));
    }
    for (int i = 0; i < n; i += 5) {
      int v = i;
      writer.deleteItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(prefix + v))));
    }
  }

  /** Applies a batch of changes to the replica: per key, the change with the highest sequence number wins. */
  static VoidFunction2<Dataset<Row>, Long> replicaInto(String replica) {
    return (batch, id) -> {
      if (FAIL_NEXT_BATCH.getAndSet(false)) {
        throw new IllegalStateException("injected failure in batch " + id);
      }
      BATCHES.incrementAndGet();
      Map<String, Row> last = new HashMap<>();
      Map<String, BigInteger> previousOfKey = new HashMap<>();
      for (Row r : batch.collectAsList()) {
        // within a batch a key's changes come in order too (one task reads a shard and then its children)
        BigInteger seq = new BigInteger((String) r.getAs("sequenceNumber"));
        BigInteger before = previousOfKey.put(r.getAs("keys"), seq);
        if (before != null && before.compareTo(seq) > 0) {
          OUT_OF_ORDER.add(r.getAs("keys") + ": " + seq + " after " + before + " in batch " + id);
        }
        SEEN.add(new String[] {Long.toString(id), r.getAs("shardId"), r.getAs("sequenceNumber"), r.getAs("keys"),
            r.getAs("eventName")});
        String key = r.getAs("keys");
        Row prev = last.get(key);
        if (prev == null || new BigInteger((String) r.getAs("sequenceNumber"))
            .compareTo(new BigInteger((String) prev.getAs("sequenceNumber"))) > 0) {
          last.put(key, r);
        }
      }
      for (Row r : last.values()) {
        Map<String, AttributeValue> key = DynamoJson.parseItem((String) r.getAs("keys"));
        if (r.getAs("eventName").equals("REMOVE")) {
          writer.deleteItem(b -> b.tableName(replica).key(key));
        } else {
          writer.putItem(b -> b.tableName(replica).item(DynamoJson.parseItem((String) r.getAs("newImage"))));
        }
      }
    };
  }

  /** Starts the replicating query (default trigger: maxRecordsPerTrigger applies), for {@link #drain}. */
  private static StreamingQuery replicate(String source, String replica, Path checkpoint, Map<String, String> extra)
      throws Exception {
    Map<String, String> o = options(source);
    o.putAll(extra);
    return spark.readStream().format("dynamodb-streams").options(o).load().writeStream()
        .foreachBatch(replicaInto(replica)).option("checkpointLocation", checkpoint.toString()).start();
  }

  /** Waits until the query has taken everything available, then stops it; rethrows its failure. */
  private static void drain(StreamingQuery q) throws StreamingQueryException, java.util.concurrent.TimeoutException {
    try {
      q.processAllAvailable();
    } finally {
      q.stop();
    }
  }

  @Test
  void aReplicaEndsEqualToTheTableAcrossSplitsAFailureAndRestarts(@TempDir Path tmp) throws Exception {
    String source = table("src_stream");
    String replica = backend.createTable("replica", "id", ScalarAttributeType.S);
    Path cp = tmp.resolve("cp");
    SEEN.clear();
    changes(source, "a", 120);
    drain(replicate(source, replica, cp, Map.of("maxRecordsPerTrigger", "100")));
    assertTrue(BATCHES.get() >= 2, "maxRecordsPerTrigger=100 splits ~184 changes into batches: " + BATCHES.get());
    ItemChecksum.assertSameItems(backend.scanAll(source), backend.scanAll(replica));

    // the shards split mid-stream; more changes land in the children; a batch fails and the query stops
    changes(source, "b", 60);
    List<String> children = streams.splitShards(source, 2);
    assertEquals(2, children.size());
    changes(source, "a", 90); // rewrites keys that the parent shard holds changes of
    FAIL_NEXT_BATCH.set(true);
    StreamingQuery failing = replicate(source, replica, cp, Map.of("maxRecordsPerTrigger", "100"));
    StreamingQueryException e = assertThrows(StreamingQueryException.class, () -> drain(failing));
    assertTrue(String.valueOf(e.getMessage()).contains("injected failure"), e.getMessage());

    // restarted from the checkpoint: the failed batch again, then the rest
    drain(replicate(source, replica, cp, Map.of("maxRecordsPerTrigger", "100")));
    ItemChecksum.assertSameItems(backend.scanAll(source), backend.scanAll(replica));

    // every change exactly once (the failed batch's rows are not in SEEN: it threw before recording)
    List<StreamsEmulator.Event> truth = streams.records(source);
    Map<String, String[]> bySeq = new HashMap<>();
    for (String[] s : SEEN) {
      assertTrue(bySeq.put(s[2], s) == null, "sequence number " + s[2] + " seen twice");
    }
    assertEquals(truth.size(), bySeq.size(), "every change of the stream, once");
    Map<String, String> shardOfSeq = new HashMap<>();
    Map<String, String> parentOf = new HashMap<>();
    for (StreamsEmulator.Event ev : truth) {
      String[] s = bySeq.get(ev.sequenceNumber());
      assertTrue(s != null, "change " + ev + " arrived");
      assertEquals(ev.eventName(), s[4]);
      assertEquals(DynamoJson.toJson(ev.keys()), s[3]);
      shardOfSeq.put(ev.sequenceNumber(), ev.shardId());
    }
    // a key's changes in order: by sequence number, their batch ids never go down
    Map<String, List<String[]>> byKey = new HashMap<>();
    for (String[] s : SEEN) {
      byKey.computeIfAbsent(s[3], k -> new ArrayList<>()).add(s);
    }
    for (List<String[]> l : byKey.values()) {
      l.sort((x, y) -> new BigInteger(x[2]).compareTo(new BigInteger(y[2])));
      for (int i = 1; i < l.size(); i++) {
        assertTrue(Long.parseLong(l.get(i)[0]) >= Long.parseLong(l.get(i - 1)[0]), "key " + l.get(i)[3]
            + ": change " + l.get(i)[2] + " in batch " + l.get(i)[0] + " after " + l.get(i - 1)[2] + " in batch "
            + l.get(i - 1)[0]);
      }
    }
    assertEquals(List.of(), OUT_OF_ORDER, "within each batch, a key's changes in sequence order");
    // parents before children: no child record in a batch before the last batch of its parent's records
    long lastParentBatch = SEEN.stream().filter(s -> !children.contains(s[1])).mapToLong(s -> Long.parseLong(s[0]))
        .max().orElseThrow();
    long firstChildBatch = SEEN.stream().filter(s -> children.contains(s[1])).mapToLong(s -> Long.parseLong(s[0]))
        .min().orElseThrow();
    assertTrue(firstChildBatch >= lastParentBatch, "children from batch " + firstChildBatch + ", parents until "
        + lastParentBatch);
  }

  @Test
  void aTrimmedPositionFailsWithTheChoicesAndFailOnDataLossFalseGoesOn(@TempDir Path tmp) throws Exception {
    String source = table("trim_stream");
    String replica = backend.createTable("trim_replica", "id", ScalarAttributeType.S);
    Path cp = tmp.resolve("cp");
    changes(source, "t", 30);
    drain(replicate(source, replica, cp, Map.of()));
    changes(source, "u", 10); // not read yet
    streams.advanceClock(Duration.ofHours(25)); // the checkpointed position and these changes are trimmed
    changes(source, "w", 10);
    try {
      StreamingQuery q = replicate(source, replica, cp, Map.of());
      StreamingQueryException e = assertThrows(StreamingQueryException.class, () -> drain(q));
      String m = String.valueOf(e.getMessage());
      assertTrue(m.contains(source) && m.contains("24-hour retention") && m.contains("failOnDataLoss=false")
          && m.contains("TRIM_HORIZON"), m);
      drain(replicate(source, replica, cp, Map.of("failOnDataLoss", "false")));
      for (int i = 0; i < 10; i++) {
        String id = "w" + i;
        boolean deleted = i % 5 == 0;
        assertEquals(!deleted, backend.scanAll(replica).stream().anyMatch(x -> x.get("id").s().equals(id)),
            "the changes after the loss arrive: " + id);
      }
    } finally {
      streams.advanceClock(Duration.ZERO);
    }
  }

  @Test
  void aUserSchemaTypesTheImagesLikeTheBatchSource(@TempDir Path tmp) throws Exception {
    String source = table("typed_stream");
    changes(source, "y", 12);
    org.apache.spark.sql.types.StructType image = new org.apache.spark.sql.types.StructType()
        .add("id", org.apache.spark.sql.types.DataTypes.StringType)
        .add("v", org.apache.spark.sql.types.DataTypes.LongType)
        .add("note", org.apache.spark.sql.types.DataTypes.StringType);
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("eventName", org.apache.spark.sql.types.DataTypes.StringType)
        .add("sequenceNumber", org.apache.spark.sql.types.DataTypes.StringType)
        .add("keys", new org.apache.spark.sql.types.StructType().add("id", org.apache.spark.sql.types.DataTypes.StringType))
        .add("newImage", image)
        .add("oldImage", org.apache.spark.sql.types.DataTypes.StringType);
    StreamingQuery q = spark.readStream().format("dynamodb-streams").schema(schema).options(options(source)).load()
        .writeStream().format("memory").queryName("typed_changes")
        .option("checkpointLocation", tmp.resolve("cp").toString()).start();
    drain(q);
    Map<String, Row> bySeq = new HashMap<>();
    for (Row r : spark.sql("SELECT * FROM typed_changes").collectAsList()) {
      bySeq.put(r.getAs("sequenceNumber"), r);
    }
    List<StreamsEmulator.Event> truth = streams.records(source);
    assertEquals(truth.size(), bySeq.size());
    for (StreamsEmulator.Event ev : truth) {
      Row r = bySeq.get(ev.sequenceNumber());
      assertEquals(ev.eventName(), r.getAs("eventName"));
      assertEquals(ev.keys().get("id").s(), ((Row) r.getAs("keys")).getAs("id"));
      Row n = r.getAs("newImage");
      if (ev.newImage() == null || ev.newImage().isEmpty()) {
        assertEquals(null, n, "no new image for " + ev);
      } else {
        assertEquals(ev.newImage().get("id").s(), n.getAs("id"));
        assertEquals(Long.parseLong(ev.newImage().get("v").n()), (long) n.getAs("v"), "a typed bigint, exact");
        assertEquals(ev.newImage().get("note").s(), n.getAs("note"));
      }
      String old = r.getAs("oldImage");
      assertEquals(ev.oldImage() == null || ev.oldImage().isEmpty() ? null : DynamoJson.toJson(ev.oldImage()), old,
          "a string image stays DynamoDB JSON");
    }
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> spark.readStream()
        .format("dynamodb-streams").schema(new org.apache.spark.sql.types.StructType()
            .add("eventName", org.apache.spark.sql.types.DataTypes.LongType))
        .options(options(source)).load());
    assertTrue(bad.getMessage().contains("'eventName'") && bad.getMessage().contains("must be string"),
        bad.getMessage());
  }

  @Test
  void aTableWithoutAStreamIsNamedWithHowToEnableIt(@TempDir Path tmp) {
    String plain = backend.createTable("no_stream", "id", ScalarAttributeType.S);
    Exception e = assertThrows(Exception.class, () -> spark.readStream().format("dynamodb-streams")
        .options(options(plain)).load().writeStream().format("console")
        .option("checkpointLocation", tmp.resolve("cp").toString()).trigger(Trigger.AvailableNow()).start()
        .awaitTermination());
    String m = String.valueOf(e.getMessage()) + " " + e.getCause();
    assertTrue(m.contains("'" + plain + "' has no stream enabled") && m.contains("StreamEnabled=true"), m);
  }
}
