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
}
