package io.ddbconnector.spark.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.spark.SparkTestSupport;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SimpleMode$;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * LIMIT and COUNT(*) pushdown and statistics in {@code local[2]}, counted at the proxy: a LIMIT reads one
 * page per task, a count sends only {@code Select=COUNT} Scans (with or without a pushed filter) and says so
 * in the plan, a count Spark must filter reads items, and a small table is broadcast in a join.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class PushdownIT {

  static final int BIG = 20_000;
  static final int SMALL = 50;
  static SparkSession spark;
  static ThrottlingProxy proxy;
  static String big;
  static String small;
  static List<Map<String, AttributeValue>> bigItems;

  @BeforeAll
  static void start(Backend backend) {
    spark = SparkTestSupport.session("PushdownIT");
    proxy = ThrottlingProxy.start(backend.endpoint());
    big = backend.createTable("push_big", "id", ScalarAttributeType.S);
    bigItems = ItemCorpus.generated("id", BIG, 17);
    backend.putAll(big, bigItems);
    small = backend.createTable("push_small", "k", ScalarAttributeType.N);
    List<Map<String, AttributeValue>> s = new ArrayList<>();
    for (int k = 0; k < SMALL; k++) {
      s.add(Map.of("k", AttributeValue.fromN(Integer.toString(k)), "label", AttributeValue.fromS("label-" + k)));
    }
    backend.putAll(small, s);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  private static Dataset<Row> viaProxy(Backend backend, String table) {
    Map<String, String> o = SparkTestSupport.options(proxy.endpoint(), backend.region(), table);
    return spark.read().format("dynamodb").options(o).load();
  }

  private static String explain(Dataset<Row> df) {
    return df.queryExecution().explainString(SimpleMode$.MODULE$);
  }

  /** Scan requests on the big table since {@code before}: all, and those with Select=COUNT. */
  private static long[] scans(long[] before) {
    return new long[] {proxy.requests(big, "Scan") - before[0], proxy.requests(big, "Scan:COUNT") - before[1]};
  }

  private static long[] now() {
    return scans(new long[] {0, 0});
  }

  @Test
  void limitTenReadsLessThanTwoPagesPerTask(Backend backend) {
    viaProxy(backend, big).createOrReplaceTempView("big_limit");
    Dataset<Row> df = spark.sql("SELECT id, name FROM big_limit LIMIT 10");
    DynamoDBScan scan = DataFrameReadIT.scanOf(df);
    assertEquals(10, scan.plan().limit(), scan.description());
    assertTrue(explain(df).contains("limit 10 per split"), explain(df));
    int partitions = scan.planInputPartitions().length;
    explain(df);
    long[] before = now();
    List<Row> rows = df.collectAsList();
    assertEquals(10, rows.size());
    long requests = scans(before)[0];
    assertTrue(requests >= 1 && requests < 2L * partitions, requests + " Scan requests for " + partitions
        + " tasks");
    assertEquals(0, scans(before)[1]);
  }

  @Test
  void countStarSendsOnlySelectCountScans(Backend backend) {
    viaProxy(backend, big).createOrReplaceTempView("big_count");
    Dataset<Row> df = spark.sql("SELECT count(*) FROM big_count");
    DynamoDBScan scan = DataFrameReadIT.scanOf(df);
    assertTrue(scan.plan().countOnly(), scan.description());
    String explain = explain(df); // also plans the splits (which may sample a page) before the requests are counted
    assertTrue(explain.contains("COUNT pushed: Select=COUNT (billed like the full scan)"), explain);
    long[] before = now();
    assertEquals(BIG, df.collectAsList().get(0).getLong(0));
    long[] after = scans(before);
    assertTrue(after[0] >= scan.planInputPartitions().length, "at least one page per task: " + after[0]);
    assertEquals(after[0], after[1], "only Select=COUNT Scans");

    Dataset<Row> counted = viaProxy(backend, big).groupBy().count(); // what Dataset.count() runs
    assertTrue(explain(counted).contains("Select=COUNT"), explain(counted)); // planned (and sampled) here
    before = now();
    assertEquals(BIG, counted.collectAsList().get(0).getLong(0));
    after = scans(before);
    assertEquals(after[0], after[1], "only Select=COUNT Scans");
  }

  @Test
  void countWithAPushedFilterIsExactAndCounted(Backend backend) {
    String category = bigItems.get(0).get("category").s();
    long expected = bigItems.stream().filter(i -> i.get("category").s().equals(category)).count();
    viaProxy(backend, big).createOrReplaceTempView("big_filtered");
    Dataset<Row> df = spark.sql("SELECT count(*) FROM big_filtered WHERE category = '" + category + "'");
    DynamoDBScan scan = DataFrameReadIT.scanOf(df);
    assertTrue(scan.plan().countOnly(), scan.description());
    assertTrue(scan.description().contains("FilterExpression=category = '" + category + "'"), scan.description());
    // planning the splits samples one page when DescribeTable has no size yet (a new table; dynalite): do it first
    assertTrue(explain(df).contains("COUNT pushed: Select=COUNT"), explain(df));
    long[] before = now();
    assertEquals(expected, df.collectAsList().get(0).getLong(0));
    long[] after = scans(before);
    assertTrue(after[0] > 0);
    assertEquals(after[0], after[1], "only Select=COUNT Scans");
  }

  @Test
  void aCountSparkMustFilterReadsTheItems(Backend backend) {
    long expected = bigItems.stream().filter(i -> i.get("name").s().length() > 15).count();
    viaProxy(backend, big).createOrReplaceTempView("big_residual");
    Dataset<Row> df = spark.sql("SELECT count(*) FROM big_residual WHERE length(name) > 15");
    DynamoDBScan scan = DataFrameReadIT.scanOf(df);
    assertFalse(scan.plan().countOnly(), scan.description());
    assertFalse(explain(df).contains("Select=COUNT"), explain(df));
    assertTrue(expected > 0 && expected < BIG, "a selective filter: " + expected);
    long[] before = now();
    assertEquals(expected, df.collectAsList().get(0).getLong(0));
    long[] after = scans(before);
    assertTrue(after[0] > 0);
    assertEquals(0, after[1], "no Select=COUNT: the items were read");

    Dataset<Row> limited = spark.sql("SELECT name FROM big_residual WHERE length(name) > 15 LIMIT 5");
    assertFalse(DataFrameReadIT.scanOf(limited).plan().hasLimit(), "Spark filters: no limit pushed");
    List<Row> rows = limited.collectAsList();
    assertEquals(5, rows.size());
    rows.forEach(r -> assertTrue(r.getString(0).length() > 15, r.toString()));
  }

  @Test
  void theSampledSizeOfANewTableIsCloseToItsSize(Backend backend) {
    long real = bigItems.stream().mapToLong(io.ddbconnector.types.ItemSize::bytes).sum();
    Dataset<Row> all = viaProxy(backend, big);
    double estimate = all.queryExecution().optimizedPlan().stats().sizeInBytes().doubleValue();
    // one segment of 64 holds ~312 of the 20,000 items (+-6% at one sigma): a factor of 1.5 either way is wide
    assertTrue(estimate > real / 1.5 && estimate < real * 1.5, "estimate " + estimate + " for " + real + " bytes");
    double half = all.select("id").queryExecution().optimizedPlan().stats().sizeInBytes().doubleValue();
    assertTrue(half < estimate / 2, "scaled by the share of columns read: " + half + " of " + estimate);
  }

  @Test
  void aSmallTableIsBroadcastInAJoin(Backend backend) {
    Dataset<Row> dim = viaProxy(backend, small);
    BigInteger size = dim.queryExecution().optimizedPlan().stats().sizeInBytes().bigInteger();
    long threshold = spark.sessionState().conf().autoBroadcastJoinThreshold();
    assertTrue(size.compareTo(BigInteger.valueOf(threshold)) < 0, "statistics reach Spark: " + size + " bytes");
    assertTrue(size.signum() > 0);

    long rows = 3_000_000;
    Dataset<Row> facts = spark.range(0, rows).selectExpr("id", "id % 100 AS k");
    assertTrue(facts.queryExecution().optimizedPlan().stats().sizeInBytes().bigInteger()
        .compareTo(BigInteger.valueOf(threshold)) > 0, "the other side is too large to broadcast");
    Dataset<Row> joined = facts.join(dim, facts.col("k").equalTo(dim.col("k"))).groupBy("label").count();
    List<Row> counts = joined.collectAsList();
    String plan = joined.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("BroadcastHashJoin") && plan.contains("BuildRight"), plan);
    int exchange = plan.indexOf("BroadcastExchange");
    assertTrue(exchange >= 0 && plan.indexOf("DynamoDB table '" + small + "'", exchange) > exchange,
        "the DynamoDB side is broadcast: " + plan);
    Map<String, String> noSample = SparkTestSupport.options(proxy.endpoint(), backend.region(), small);
    noSample.put("dynamodb.scan.sampleSize", "false");
    BigInteger unknown = spark.read().format("dynamodb").options(noSample).load().queryExecution().optimizedPlan()
        .stats().sizeInBytes().bigInteger();
    assertTrue(unknown.compareTo(BigInteger.valueOf(threshold)) > 0,
        "no figure from DescribeTable (dynalite) and no sample: unknown, never taken for small: " + unknown);
    Map<String, Long> byLabel = new HashMap<>();
    counts.forEach(r -> byLabel.put(r.getString(0), r.getLong(1)));
    assertEquals(SMALL, byLabel.size());
    for (int k = 0; k < SMALL; k++) {
      assertEquals(rows / 100, byLabel.get("label-" + k), "label-" + k);
    }
  }
}
