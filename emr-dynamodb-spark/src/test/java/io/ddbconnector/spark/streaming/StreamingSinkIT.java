package io.ddbconnector.spark.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.spark.SparkTestSupport;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@code df.writeStream.format("dynamodb")} on {@code local[2]}: micro-batches from a file source land in the
 * table exactly; a query that fails in the middle of a micro-batch and is restarted from its checkpoint ends
 * with exactly the rows of every batch (the replayed batch rewrites the same items); an aggregation in
 * {@code outputMode("update")} keeps a results table equal to a batch recomputation.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class StreamingSinkIT {

  static SparkSession spark;
  static final StructType ORDERS = new StructType().add("id", DataTypes.StringType).add("region", DataTypes.StringType)
      .add("amount", DataTypes.LongType);
  /** Makes the UDF of the failing query throw, in the executors (local mode: the same JVM). */
  static final AtomicBoolean FAIL_ON_BOOM = new AtomicBoolean();

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.session("StreamingSinkIT");
    spark.udf().register("boomCheck", (UDF1<String, String>) id -> {
      if (FAIL_ON_BOOM.get() && id.equals("o-boom")) {
        throw new IllegalStateException("injected failure in the middle of a micro-batch");
      }
      return id;
    }, DataTypes.StringType);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** Writes {@code ids} as one JSON file of orders into {@code dir} (a new file = new input for the stream). */
  private static void drop(Path dir, String name, List<String> ids) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (String id : ids) {
      int n = Math.abs(id.hashCode());
      sb.append("{\"id\":\"").append(id).append("\",\"region\":\"r").append(n % 3).append("\",\"amount\":")
          .append(n % 1000).append("}\n");
    }
    Path tmp = dir.resolveSibling(name + ".tmp");
    Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(name + ".json")); // atomic: the source never sees half a file
  }

  private static List<String> ids(String prefix, int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
  }

  private static Map<String, Map<String, AttributeValue>> byId(Backend backend, String table, String key) {
    Map<String, Map<String, AttributeValue>> m = new TreeMap<>();
    for (Map<String, AttributeValue> item : backend.scanAll(table)) {
      m.put(item.get(key).s(), item);
    }
    return m;
  }

  private static StreamingQuery run(Dataset<Row> df, Map<String, String> options, Path checkpoint, String mode) {
    try {
      return df.writeStream().format("dynamodb").options(options).outputMode(mode)
          .option("checkpointLocation", checkpoint.toString()).trigger(Trigger.AvailableNow()).start();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void microBatchesAndARestartFromTheCheckpointEndExactly(Backend backend, @TempDir Path tmp) throws Exception {
    String table = backend.createTable("stream_orders", "id", ScalarAttributeType.S);
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path checkpoint = tmp.resolve("checkpoint");
    Map<String, String> options = SparkTestSupport.writeOptions(backend, table);
    Dataset<Row> orders = spark.readStream().schema(ORDERS).option("maxFilesPerTrigger", "1").json(in.toString())
        .selectExpr("boomCheck(id) AS id", "region", "amount");

    drop(in, "a", ids("o-a", 300));
    drop(in, "b", ids("o-b", 300));
    run(orders, options, checkpoint, "append").awaitTermination();
    assertEquals(600, backend.count(table), "two micro-batches, every row once");

    // the next batch fails in the middle (one partition throws after others may have written); the query stops
    List<String> c = new java.util.ArrayList<>(ids("o-c", 400));
    c.add(200, "o-boom");
    drop(in, "c", c);
    FAIL_ON_BOOM.set(true);
    StreamingQuery failing = run(orders, options, checkpoint, "append");
    StreamingQueryException e = assertThrows(StreamingQueryException.class, failing::awaitTermination);
    assertTrue(String.valueOf(e.getCause()).contains("injected failure")
        || String.valueOf(e.getMessage()).contains("injected failure"), e.getMessage());
    long afterFailure = backend.count(table);
    assertTrue(afterFailure >= 600 && afterFailure <= 1001, "the failed batch wrote part of its rows or none: "
        + afterFailure);

    // restarted from the checkpoint: the failed batch is replayed (its rows put again), then the next one
    FAIL_ON_BOOM.set(false);
    drop(in, "d", ids("o-d", 200));
    run(orders, options, checkpoint, "append").awaitTermination();
    Map<String, Map<String, AttributeValue>> items = byId(backend, table, "id");
    assertEquals(1201, items.size(), "every row of every batch exactly once, none lost, none extra");
    for (String id : List.of("o-a0", "o-b299", "o-boom", "o-c399", "o-d199")) {
      int n = Math.abs(id.hashCode());
      assertEquals(Map.of("id", AttributeValue.fromS(id), "region", AttributeValue.fromS("r" + n % 3),
          "amount", AttributeValue.fromN(Integer.toString(n % 1000))), items.get(id));
    }
  }

  @Test
  void underInjectedThrottlesAndFaultsTheEndStateIsExact(Backend backend, @TempDir Path tmp) throws Exception {
    String table = backend.createTable("stream_faults", "id", ScalarAttributeType.S);
    Path in = Files.createDirectories(tmp.resolve("in"));
    try (io.ddbconnector.testkit.proxy.ThrottlingProxy proxy =
        io.ddbconnector.testkit.proxy.ThrottlingProxy.start(backend.endpoint())) {
      proxy.setCapacity(table, 1000, 400);
      proxy.setFaults(io.ddbconnector.testkit.proxy.Faults.none().throttleRate(0.1).serverErrorRate(0.03)
          .connectionResetRate(0.02).batchPartialRate(0.2).serverErrorAfterWriteRate(0.05).seed(7));
      Map<String, String> options = SparkTestSupport.options(proxy.endpoint(), backend.region(), table);
      options.put("writeCapacity", "400");
      drop(in, "a", ids("x-a", 250));
      drop(in, "b", ids("x-b", 250));
      Dataset<Row> orders = spark.readStream().schema(ORDERS).option("maxFilesPerTrigger", "1").json(in.toString());
      run(orders, options, tmp.resolve("cp"), "append").awaitTermination();
      assertTrue(proxy.injectedFaults(io.ddbconnector.testkit.proxy.Faults.Kind.THROTTLE) > 0
          && proxy.injectedFaults(io.ddbconnector.testkit.proxy.Faults.Kind.SERVER_ERROR_AFTER_WRITE) > 0,
          "faults were injected");
    }
    Map<String, Map<String, AttributeValue>> items = byId(backend, table, "id");
    assertEquals(500, items.size(), "every row once, none lost to a fault, none extra");
    int n = Math.abs("x-b7".hashCode());
    assertEquals(AttributeValue.fromN(Integer.toString(n % 1000)), items.get("x-b7").get("amount"));
  }

  @Test
  void foreachBatchWithTheHelperWritesEveryBatch(Backend backend, @TempDir Path tmp) throws Exception {
    String table = backend.createTable("stream_fe", "id", ScalarAttributeType.S);
    Path in = Files.createDirectories(tmp.resolve("in"));
    drop(in, "a", ids("f-a", 120));
    drop(in, "b", ids("f-b", 80));
    spark.readStream().schema(ORDERS).option("maxFilesPerTrigger", "1").json(in.toString()).writeStream()
        .foreachBatch(io.ddbconnector.spark.DynamoDBSpark.foreachBatchWriter(SparkTestSupport.writeOptions(backend,
            table)))
        .option("checkpointLocation", tmp.resolve("cp").toString()).trigger(Trigger.AvailableNow()).start()
        .awaitTermination();
    Map<String, Map<String, AttributeValue>> items = byId(backend, table, "id");
    assertEquals(200, items.size());
    assertEquals(AttributeValue.fromS("f-b79"), items.get("f-b79").get("id"));
  }

  @Test
  void anAggregationInUpdateModeKeepsTheResultsTableEqualToABatchRecomputation(Backend backend, @TempDir Path tmp)
      throws Exception {
    String results = backend.createTable("stream_revenue", "region", ScalarAttributeType.S);
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path checkpoint = tmp.resolve("checkpoint");
    Dataset<Row> revenue = spark.readStream().schema(ORDERS).option("maxFilesPerTrigger", "1").json(in.toString())
        .groupBy("region").agg(functions.sum("amount").as("revenue"), functions.count("*").as("orders"));
    Map<String, String> options = SparkTestSupport.writeOptions(backend, results);
    drop(in, "a", ids("u-a", 150));
    drop(in, "b", ids("u-b", 150));
    run(revenue, options, checkpoint, "update").awaitTermination();
    drop(in, "c", ids("u-c", 99));
    run(revenue, options, checkpoint, "update").awaitTermination();

    Map<String, long[]> expected = new HashMap<>();
    for (String id : new java.util.ArrayList<String>() {{
        addAll(ids("u-a", 150));
        addAll(ids("u-b", 150));
        addAll(ids("u-c", 99));
      }}) {
      int n = Math.abs(id.hashCode());
      long[] r = expected.computeIfAbsent("r" + n % 3, k -> new long[2]);
      r[0] += n % 1000;
      r[1]++;
    }
    Map<String, Map<String, AttributeValue>> got = byId(backend, results, "region");
    assertEquals(expected.keySet(), got.keySet());
    expected.forEach((region, r) -> {
      assertEquals(Long.toString(r[0]), got.get(region).get("revenue").n(), region);
      assertEquals(Long.toString(r[1]), got.get(region).get("orders").n(), region);
    });
  }

  static final StructType VERSIONED = new StructType().add("id", DataTypes.StringType)
      .add("version", DataTypes.LongType).add("v", DataTypes.StringType);

  /** Writes rows {@code id -> version} as one JSON file into {@code dir}, each with {@code v = tag}. */
  private static void dropVersions(Path dir, String name, Map<String, Long> versions, String tag) throws Exception {
    StringBuilder sb = new StringBuilder();
    versions.forEach((id, version) -> sb.append("{\"id\":\"").append(id).append("\",\"version\":").append(version)
        .append(",\"v\":\"").append(tag).append("\"}\n"));
    Path tmp = dir.resolveSibling(name + ".tmp");
    Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(name + ".json"));
  }

  private static Map<String, Long> versions(String prefix, int from, int to, long version) {
    Map<String, Long> m = new java.util.LinkedHashMap<>();
    for (int i = from; i < to; i++) {
      m.put(prefix + i, version);
    }
    return m;
  }

  /** The sink's figures of {@code epoch} in the query's progress, as the user reads them. */
  private static Map<String, String> sinkMetrics(StreamingQuery q, long epoch) {
    for (org.apache.spark.sql.streaming.StreamingQueryProgress p : q.recentProgress()) {
      if (p.batchId() == epoch) {
        return p.sink().metrics();
      }
    }
    throw new AssertionError("no progress of epoch " + epoch + " in " + java.util.Arrays.toString(q.recentProgress()));
  }

  /**
   * A versioned upsert stream ({@code write.condition.versionAttribute=version}): a later micro-batch that
   * carries older versions of some keys has those rejected (the newer stored ones stay) and its newer ones
   * written; the rejections show in the query's progress ({@code sink().metrics()}) and the epoch's log line.
   * A micro-batch that fails in the middle and is replayed from the checkpoint meets the items its failed run
   * wrote: the replay counts them as rejected (docs/failures.md#conditional-writes), the table ends right.
   */
  @Test
  void aVersionedStreamRejectsOlderVersionsAndCountsAReplaysOwnWrites(Backend backend, @TempDir Path tmp)
      throws Exception {
    String table = backend.createTable("stream_versions", "id", ScalarAttributeType.S);
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path checkpoint = tmp.resolve("checkpoint");
    Map<String, String> options = SparkTestSupport.writeOptions(backend, table);
    options.put("write.condition.versionAttribute", "version");
    Dataset<Row> rows = spark.readStream().schema(VERSIONED).option("maxFilesPerTrigger", "1").json(in.toString())
        .selectExpr("boomCheck(id) AS id", "version", "v");

    dropVersions(in, "a", versions("s", 0, 100, 2), "a");
    Map<String, Long> b = versions("s", 0, 50, 1); // older than what epoch 0 wrote: rejected
    b.putAll(versions("s", 50, 100, 3)); // newer: written
    b.putAll(versions("s", 100, 120, 1)); // new keys: written
    dropVersions(in, "b", b, "b");
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    StreamingQuery first;
    try (io.ddbconnector.testkit.LogCapture c = io.ddbconnector.testkit.LogCapture.start(lines::add)) {
      first = run(rows, options, checkpoint, "append");
      first.awaitTermination();
    }
    Map<String, Map<String, AttributeValue>> items = byId(backend, table, "id");
    assertEquals(120, items.size());
    for (int i = 0; i < 120; i++) {
      String expected = i < 50 ? "a@2" : i < 100 ? "b@3" : "b@1";
      Map<String, AttributeValue> item = items.get("s" + i);
      assertEquals(expected, item.get("v").s() + "@" + item.get("version").n(), "s" + i);
    }
    assertEquals(Map.of("epoch", "0", "dynamodbItemsWritten", "100", "dynamodbItemsRejected", "0"),
        sinkMetrics(first, 0));
    assertEquals(Map.of("epoch", "1", "dynamodbItemsWritten", "70", "dynamodbItemsRejected", "50"),
        sinkMetrics(first, 1), "the query's progress shows the older versions rejected");
    assertTrue(lines.stream().anyMatch(l -> l.contains("Wrote 70 items to DynamoDB table '" + table + "' (epoch 1);"
        + " 50 items rejected by the write condition")), lines.stream().filter(l -> l.contains("Wrote")).toList()
        .toString());

    // epoch 2 fails in the middle; what its failed run wrote is met by the replay
    Map<String, Long> c = versions("c", 0, 300, 1);
    c.put("o-boom", 1L);
    c.putAll(versions("c", 300, 400, 1));
    dropVersions(in, "c", c, "c");
    FAIL_ON_BOOM.set(true);
    StreamingQuery failing = run(rows, options, checkpoint, "append");
    assertThrows(StreamingQueryException.class, failing::awaitTermination);
    long writtenByTheFailedRun = backend.count(table) - 120;
    assertTrue(writtenByTheFailedRun > 0 && writtenByTheFailedRun <= 300, "the failed run wrote some of the rows"
        + " before the failing one: " + writtenByTheFailedRun);

    FAIL_ON_BOOM.set(false);
    StreamingQuery replay = run(rows, options, checkpoint, "append");
    replay.awaitTermination();
    assertEquals(521, backend.count(table), "every row of the replayed epoch once");
    Map<String, String> m = sinkMetrics(replay, 2);
    long written = Long.parseLong(m.get("dynamodbItemsWritten"));
    long rejected = Long.parseLong(m.get("dynamodbItemsRejected"));
    assertEquals(401, written + rejected, "each row of the replay is written or rejected: " + m);
    assertTrue(rejected >= writtenByTheFailedRun, "the replay counts the failed run's own writes as rejected: "
        + rejected + " rejected, " + writtenByTheFailedRun + " written by the failed run");
    assertEquals("c@1", items(backend, table, "c299"));
  }

  private static String items(Backend backend, String table, String id) {
    Map<String, AttributeValue> item = byId(backend, table, "id").get(id);
    return item.get("v").s() + "@" + item.get("version").n();
  }
}
