package io.ddbconnector.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.samples.common.Cli;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The MapReduce, Spark RDD and Spark SQL samples, each run against one orders table on the test backend
 * and checked exactly against a plain-Java computation over the same generated orders.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class SamplesIT {

  static final int ITEMS = 3_000;
  static final long SEED = 7;
  static String orders;
  static ExpectedOrders expected;

  @BeforeAll
  static void load(Backend backend) {
    expected = new ExpectedOrders(SEED, ITEMS);
    orders = backend.createTable("orders", Orders.HASH_KEY, ScalarAttributeType.S, null, null,
        40_000, 40_000);
    backend.putAll(orders, expected.items);
  }

  private static <T> T runQuietly(Backend backend, Set<String> options, Body<T> body, String... more)
      throws Exception {
    String[] args = ProgramRuns.args(backend, more);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      T result = body.run(Cli.parse(args, options, SampleEnvironment.FLAG_OPTIONS), out);
      printed = buffer.toString(StandardCharsets.UTF_8);
      return result;
    }
  }

  private static String printed;

  interface Body<T> {
    T run(Cli cli, PrintStream out) throws Exception;
  }

  @Test
  void mapReduceAggregatesByStatusIntoATable(Backend backend) throws Exception {
    String output = backend.createTable("by_status", "status", ScalarAttributeType.S);
    Map<String, Totals> result = runQuietly(backend, MapReduceAggregate.VALUE_OPTIONS, MapReduceAggregate::aggregate,
        "--table", orders, "--output-table", output, "--group-by", "status", "--sum", "amount");
    assertEquals(expected.byStatus(), result);

    List<Map<String, AttributeValue>> rows = new ArrayList<>();
    expected.byStatus().forEach((status, t) -> rows.add(Map.of("status", AttributeValue.fromS(status),
        "items", AttributeValue.fromN(Long.toString(t.orders())),
        "sum_amount", AttributeValue.fromN(t.amount().toPlainString()))));
    ItemChecksum.assertSameItems(rows, backend.scanAll(output));
    assertTrue(printed.contains(ITEMS + " items read") || printed.contains("3,000 items read"), printed);
  }

  @Test
  void mapReduceGroupsItemsWithoutTheAttributeTogether(Backend backend) throws Exception {
    String output = backend.createTable("by_tags", "tags", ScalarAttributeType.S);
    // tags is a string set, not a string: every order lands in the "(none)" group.
    Map<String, Totals> result = runQuietly(backend, MapReduceAggregate.VALUE_OPTIONS, MapReduceAggregate::aggregate,
        "--table", orders, "--output-table", output, "--group-by", "tags");
    BigDecimal total = expected.byStatus().values().stream().map(Totals::amount).reduce(BigDecimal.ZERO,
        BigDecimal::add);
    assertEquals(Map.of(MapReduceAggregate.NO_VALUE, new Totals(ITEMS, total)), result);
  }

  @Test
  void sparkRddCountsOrdersPerTag(Backend backend) throws Exception {
    Map<String, Totals> result = runQuietly(backend, SparkRddJob.VALUE_OPTIONS, SparkRddJob::ordersByTag,
        "--table", orders, "--master", "local[2]");
    assertEquals(expected.byTag(), new TreeMap<>(result));
    List<Long> counts = new ArrayList<>();
    result.values().forEach(t -> counts.add(t.orders()));
    List<Long> sorted = new ArrayList<>(counts);
    sorted.sort((a, b) -> Long.compare(b, a));
    assertEquals(sorted, counts, "most orders first");
    assertTrue(printed.contains("Orders per tag"), printed);
  }

  @Test
  void sparkSqlQueriesTheTableThroughTheDataSource(Backend backend) throws Exception {
    String output = backend.createTable("by_region", "region", ScalarAttributeType.S);
    int lookedUp = 1234;
    Map<String, List<Row>> results;
    // through a proxy (its --endpoint given last wins), to see the key lookup reach DynamoDB as a Query
    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint())) {
      results = runQuietly(backend, SparkSqlJob.VALUE_OPTIONS, SparkSqlJob::query,
          "--table", orders, "--master", "local[2]", "--output-table", output,
          "--order-id", Orders.orderId(lookedUp), "--endpoint", proxy.endpoint().toString());
      assertEquals(1, proxy.requests(orders, "Query"), "the order_id lookup runs one Query");
    }

    // the order looked up by its key
    Map<String, AttributeValue> order = expected.items.get(lookedUp);
    assertEquals(1, results.get("order").size(), results.get("order").toString());
    Row o = results.get("order").get(0);
    assertEquals(Orders.orderId(lookedUp), o.getString(0));
    assertEquals(order.get("customer_id").s(), o.getString(1));
    assertEquals(order.get("region").s(), o.getString(2));
    assertEquals(order.get("status").s(), o.getString(3));
    assertEquals(0, new BigDecimal(order.get("amount").n()).compareTo(o.getDecimal(4)), "amount " + o.get(4));
    assertEquals(order.get("line_items").l().size(), o.getInt(5));
    assertTrue(printed.contains("Query x1"), printed);

    Map<String, Object[]> regions = new LinkedHashMap<>();
    for (Row r : results.get("regions")) {
      regions.put(r.getString(0), new Object[] {r.getLong(1), r.getDecimal(2), r.getDecimal(3), r.getDouble(4)});
    }
    Map<String, Object[]> want = expected.regionSummary();
    assertEquals(want.keySet(), regions.keySet());
    for (String region : want.keySet()) {
      Object[] w = want.get(region);
      Object[] g = regions.get(region);
      assertEquals(w[0], g[0], region + " orders");
      assertEquals(0, ((BigDecimal) w[1]).compareTo((BigDecimal) g[1]), region + " revenue " + w[1] + " vs " + g[1]);
      assertEquals(0, ((BigDecimal) w[2]).compareTo((BigDecimal) g[2]), region + " avg " + w[2] + " vs " + g[2]);
      assertEquals(w[3], g[3], region + " avg lines");
    }

    List<Object[]> skus = expected.topSkus();
    List<Row> gotSkus = results.get("skus");
    assertEquals(skus.size(), gotSkus.size());
    for (int i = 0; i < skus.size(); i++) {
      Row r = gotSkus.get(i);
      assertEquals(skus.get(i)[0], r.getString(0), "sku #" + (i + 1));
      assertEquals(skus.get(i)[1], r.getLong(1), "units #" + (i + 1));
      assertEquals(0, ((BigDecimal) skus.get(i)[2]).compareTo(r.getDecimal(2)), "sales #" + (i + 1));
      assertEquals(skus.get(i)[3], r.getLong(3), "orders #" + (i + 1));
    }

    Map<String, Object[]> tags = expected.topTagPerRegion();
    assertEquals(tags.size(), results.get("tags").size());
    for (Row r : results.get("tags")) {
      Object[] w = tags.get(r.getString(0));
      assertEquals(w[0], r.getString(1), "top tag of " + r.getString(0));
      assertEquals(w[1], r.getLong(2), "orders with the top tag in " + r.getString(0));
    }
    assertTrue(printed.contains("|-- line_items: array"), printed);

    // the summary per region, written back through the data source
    List<Map<String, AttributeValue>> rows = new ArrayList<>();
    want.forEach((region, w) -> rows.add(Map.of("region", AttributeValue.fromS(region),
        "orders", AttributeValue.fromN(w[0].toString()),
        "revenue", AttributeValue.fromN(((BigDecimal) w[1]).toPlainString()),
        "avg_order", AttributeValue.fromN(((BigDecimal) w[2]).toPlainString()),
        "avg_lines", AttributeValue.fromN(BigDecimal.valueOf((Double) w[3]).toPlainString()))));
    ItemChecksum.assertSameItems(rows, backend.scanAll(output));
  }

  @Test
  void samplesExplainBadCommandLines(Backend backend) {
    ProgramRuns.Outcome help = ProgramRuns.run(MapReduceAggregate::run, "--help");
    assertEquals(0, help.code, help.toString());
    assertTrue(help.out.contains("--group-by ATTR"), help.toString());
    ProgramRuns.Outcome missing = ProgramRuns.run(SparkSqlJob::run, ProgramRuns.args(backend, "--table", "missing_orders"));
    assertEquals(1, missing.code, missing.toString());
    assertTrue(missing.err.contains("table 'missing_orders' does not exist"), missing.toString());
    ProgramRuns.Outcome typo = ProgramRuns.run(SparkRddJob::run, "--mastr", "local");
    assertEquals(2, typo.code, typo.toString());
    assertTrue(typo.err.contains("did you mean --master?"), typo.toString());
  }
}
