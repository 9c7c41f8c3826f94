package io.ddbconnector.spark.datasource;

import static io.ddbconnector.spark.SparkTestSupport.writeOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.spark.SparkTestSupport;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.LogCapture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** DataFrame writes with a write condition in {@code local[2]}: rejected rows in the SQL metric and the log line. */
@ExtendWith(DynamoDBBackendExtension.class)
class ConditionalWriteSparkIT {

  static SparkSession spark;
  static final List<QueryExecution> WRITES = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.session("ConditionalWriteSparkIT");
    spark.listenerManager().register(new QueryExecutionListener() {
      @Override
      public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
        WRITES.add(qe);
      }

      @Override
      public void onFailure(String funcName, QueryExecution qe, Exception exception) { }
    });
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("id", DataTypes.StringType, false),
      DataTypes.createStructField("version", DataTypes.LongType, false),
      DataTypes.createStructField("v", DataTypes.StringType, true)));

  /** The sum of a SQL metric over the plan's nodes. */
  private static long metric(SparkPlan plan, String name) {
    long n = 0;
    scala.Option<SQLMetric> m = plan.metrics().get(name);
    if (m.isDefined()) {
      n += m.get().value();
    }
    for (SparkPlan child : scala.jdk.javaapi.CollectionConverters.asJava(plan.children())) {
      n += metric(child, name);
    }
    return n;
  }

  @Test
  void rejectedRowsAreCountedInTheMetricAndTheJobLine(Backend backend, @org.junit.jupiter.api.io.TempDir
      java.nio.file.Path tmp) throws Exception {
    String table = backend.createTable("sp_cond", "id", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> stored = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      stored.add(Map.of("id", AttributeValue.fromS("k" + i), "version", AttributeValue.fromN("5"),
          "v", AttributeValue.fromS("stored")));
    }
    backend.putAll(table, stored);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      // k0..k99 exist at version 5: the even ones come newer (written), the odd ones older (rejected)
      long version = i < 100 ? (i % 2 == 0 ? 6 : 4) : 1;
      rows.add(RowFactory.create("k" + i, version, "row"));
    }
    Map<String, String> o = writeOptions(backend, table);
    o.put("write.condition.versionAttribute", "version");
    o.put("write.rejected.path", tmp.resolve("rejected").toUri().toString());
    List<String> lines = new CopyOnWriteArrayList<>();
    WRITES.clear();
    try (LogCapture c = LogCapture.start(lines::add)) {
      spark.createDataFrame(rows, SCHEMA).repartition(3).write().format("dynamodb").options(o).mode("append").save();
    }
    Map<String, String> v = new HashMap<>();
    backend.scanAll(table).forEach(i -> v.put(i.get("id").s(), i.get("v").s() + "@" + i.get("version").n()));
    assertEquals(300, v.size());
    for (int i = 0; i < 100; i++) {
      assertEquals(i % 2 == 0 ? "row@6" : "stored@5", v.get("k" + i), "k" + i);
    }
    List<String> job = lines.stream().filter(l -> l.contains("Wrote 250 items to DynamoDB table '" + table + "'"))
        .toList();
    assertEquals(1, job.size(), "the job's line: " + lines.stream().filter(l -> l.contains("Wrote")).toList());
    assertTrue(job.get(0).contains("; 50 items rejected by the write condition"), job.get(0));

    List<String> recorded = new ArrayList<>();
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(tmp.resolve("rejected"))) {
      for (java.nio.file.Path f : files.filter(f -> f.getFileName().toString().startsWith("rejected-")).toList()) {
        for (String l : java.nio.file.Files.readAllLines(f)) {
          Map<String, AttributeValue> item = io.ddbconnector.types.DynamoJson.parseItem(l);
          assertEquals("4", item.get("version").n(), l);
          recorded.add(item.get("id").s());
        }
      }
    }
    assertEquals(50, recorded.size(), "the rejected rows' items: " + recorded);
    assertEquals(50, new java.util.HashSet<>(recorded).size());

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (WRITES.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(1, WRITES.size(), "the write's query execution");
    SparkPlan plan = WRITES.get(0).executedPlan();
    assertEquals(50, metric(plan, "dynamodbItemsRejected"), plan.toString());
    assertEquals(250, metric(plan, "dynamodbItemsWritten"), plan.toString());
  }

  /**
   * {@code DynamoDBSpark.writeItems(rdd, options)} (saveAsHadoopDataset through the {@code mapred} output
   * format) with {@code write.condition=attribute_not_exists(id)}: the items the table holds stay as they were,
   * the others are written, the job's line in the driver's log says how many were rejected, and
   * {@code write.rejected.path} holds exactly the rejected items.
   */
  @Test
  void anRddWriteWithAConditionKeepsStoredItemsAndReportsTheRejected(Backend backend,
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    String table = backend.createTable("sp_cond_rdd", "id", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> stored = new ArrayList<>();
    for (int i = 0; i < 200; i += 4) {
      stored.add(Map.of("id", AttributeValue.fromS("k" + i), "v", AttributeValue.fromS("stored")));
    }
    backend.putAll(table, stored);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      items.add(Map.of("id", AttributeValue.fromS("k" + i), "v", AttributeValue.fromS("rdd")));
    }
    Map<String, String> o = writeOptions(backend, table);
    o.put("write.condition", "attribute_not_exists(id)");
    o.put("write.rejected.path", tmp.resolve("rejected").toUri().toString());
    List<String> lines = new CopyOnWriteArrayList<>();
    org.apache.spark.api.java.JavaSparkContext jsc =
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());
    try (LogCapture c = LogCapture.start(lines::add)) {
      io.ddbconnector.spark.DynamoDBSpark.writeItems(jsc.parallelize(items, 3), o);
    }

    Map<String, String> v = new HashMap<>();
    backend.scanAll(table).forEach(i -> v.put(i.get("id").s(), i.get("v").s()));
    assertEquals(200, v.size());
    for (int i = 0; i < 200; i++) {
      assertEquals(i % 4 == 0 ? "stored" : "rdd", v.get("k" + i), "k" + i);
    }
    List<String> job = lines.stream().filter(l -> l.contains("Conditional write job to DynamoDB table '" + table
        + "' done")).toList();
    assertEquals(1, job.size(), "the job's line: " + lines.stream().filter(l -> l.contains(table)).toList());
    assertTrue(job.get(0).contains("(150 items written, 50 rejected by the condition)"), job.get(0));

    List<String> recorded = new ArrayList<>();
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(tmp.resolve("rejected"))) {
      for (java.nio.file.Path f : files.filter(f -> f.getFileName().toString().startsWith("rejected-")).toList()) {
        for (String l : java.nio.file.Files.readAllLines(f)) {
          Map<String, AttributeValue> item = io.ddbconnector.types.DynamoJson.parseItem(l);
          assertEquals("rdd", item.get("v").s(), "the item as it was sent: " + l);
          recorded.add(item.get("id").s());
        }
      }
    }
    assertEquals(50, recorded.size(), "the rejected items: " + recorded);
    Set<String> expected = new java.util.HashSet<>();
    stored.forEach(i -> expected.add(i.get("id").s()));
    assertEquals(expected, new java.util.HashSet<>(recorded));
  }
}
