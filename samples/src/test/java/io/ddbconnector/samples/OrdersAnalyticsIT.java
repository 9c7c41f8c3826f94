package io.ddbconnector.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.samples.common.Cli;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemChecksum;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The main sample end to end at a small size, against the test backend through {@code --endpoint}:
 * load, Spark analysis, result table, printed tables — each checked against a plain-Java computation.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class OrdersAnalyticsIT {

  static final int ITEMS = 3_000;

  @Test
  void loadsAnalysesAndWritesExactResults(Backend backend) {
    String orders = backend.createTable("orders", Orders.HASH_KEY, ScalarAttributeType.S, null, null,
        40_000, 40_000);
    String revenue = backend.createTable("orders_revenue", "region", ScalarAttributeType.S,
        "month", ScalarAttributeType.S, 40_000, 40_000);
    String[] args = ProgramRuns.args(backend, "--table", orders, "--output-table", revenue, "--load",
        "--items", Integer.toString(ITEMS), "--master", "local[2]");
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    OrdersAnalytics.Result result;
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      result = OrdersAnalytics.analyse(Cli.parse(args, OrdersAnalytics.VALUE_OPTIONS,
          SampleEnvironment.FLAG_OPTIONS), out);
    }
    String printed = buffer.toString(StandardCharsets.UTF_8);
    ExpectedOrders expected = new ExpectedOrders(Orders.DEFAULT_SEED, ITEMS);

    // The loader wrote exactly the generated orders.
    ItemChecksum.assertSameItems(expected.items, backend.scanAll(orders));

    assertEquals(ITEMS, result.ordersScanned);
    assertEquals(expected.revenueByRegionMonth(), result.revenueByRegionMonth, "revenue by region and month");
    assertEquals(expected.statusCounts(), result.ordersByStatus, "orders by status");
    Map<String, Totals> top = new LinkedHashMap<>();
    expected.topCustomers().forEach(e -> top.put(e.getKey(), e.getValue()));
    assertEquals(new ArrayList<>(top.entrySet()), new ArrayList<>(result.topCustomers.entrySet()),
        "top customers, in order");

    // The result table holds one item per region and month, exactly.
    List<Map<String, AttributeValue>> expectedRows = new ArrayList<>();
    expected.revenueByRegionMonth().forEach((region, months) -> months.forEach((month, t) -> expectedRows.add(Map.of(
        "region", AttributeValue.fromS(region), "month", AttributeValue.fromS(month),
        "revenue", AttributeValue.fromN(t.amount().toPlainString()),
        "orders", AttributeValue.fromN(Long.toString(t.orders()))))));
    assertEquals(5 * 12, expectedRows.size());
    ItemChecksum.assertSameItems(expectedRows, backend.scanAll(revenue));

    // What a user sees: the three tables, with the best customer and a grand total.
    assertTrue(printed.contains("Revenue by region and month"), printed);
    Map.Entry<String, Totals> best = expected.topCustomers().get(0);
    assertTrue(printed.matches("(?s).*\\n\\s+1\\s+" + best.getKey() + "\\s.*"), printed);
    assertTrue(printed.contains(String.format(java.util.Locale.ROOT, "%,.2f", best.getValue().amount())), printed);
    assertTrue(printed.contains("Orders by status:"), printed);
    assertTrue(printed.contains("Loading 3,000 orders"), printed);
    assertTrue(printed.contains("Timing: load 3,000 items"), printed);
  }

  @Test
  void helpAndBadOptions() {
    ProgramRuns.Outcome help = ProgramRuns.run(OrdersAnalytics::run, "--help");
    assertEquals(0, help.code, help.toString());
    assertTrue(help.out.contains("--items N"), help.toString());

    ProgramRuns.Outcome bad = ProgramRuns.run(OrdersAnalytics::run, "--items", "lots");
    assertEquals(2, bad.code, bad.toString());
    assertTrue(bad.err.contains("--items needs a whole number, got 'lots'"), bad.toString());

    ProgramRuns.Outcome typo = ProgramRuns.run(OrdersAnalytics::run, "--item", "5");
    assertEquals(2, typo.code, typo.toString());
    assertTrue(typo.err.contains("unknown option '--item' (did you mean --items?)"), typo.toString());
  }

  @Test
  void unknownTableOnAnExplicitEndpointFailsClearly(Backend backend) {
    ProgramRuns.Outcome o = ProgramRuns.run(OrdersAnalytics::run,
        ProgramRuns.args(backend, "--table", "no_such_orders_table", "--master", "local[1]"));
    assertEquals(1, o.code, o.toString());
    assertTrue(o.err.contains("'no_such_orders_table'") && o.err.contains("does not exist"), o.toString());
  }
}
