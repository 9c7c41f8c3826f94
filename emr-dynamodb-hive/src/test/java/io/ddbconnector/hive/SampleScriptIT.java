package io.ddbconnector.hive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemChecksum;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.hadoop.hive.ql.session.SessionState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Runs the user-facing sample script {@code samples/hive/orders.hql} unchanged, statement by statement, in
 * an embedded Hive against the test backend, the way the README tells users to run it
 * ({@code hive --hiveconf dynamodb.endpoint=... --hivevar orders_table=... --hivevar result_table=... -f}):
 * the connector settings are session settings, the table names Hive variables that Hive itself substitutes.
 * Then checks every query result, and the DynamoDB table its INSERT wrote, against figures computed here in
 * plain Java from the generated orders.
 *
 * <p>The orders have the shape of the samples' data set ({@code io.ddbconnector.samples.Orders}: 5 regions,
 * 5 statuses, nested line items, a tags string set absent when empty) but are generated here: the samples
 * module is not on this classpath. The test lives in this module because the samples' classpath (Spark's
 * shaded Hadoop) cannot host an embedded Hive. It starts its own Hive: the harness has no cross-class
 * sharing, and a second Hive in the same JVM costs less than the first.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class SampleScriptIT {

  static final int ORDERS = 500;
  static final long SEED = 2024;
  static final int CUSTOMERS = 150;
  /** The script's dimension table, restated: the test must not trust the script for expected values. */
  static final Map<String, String> REGION_NAMES = Map.of("us-east", "US East", "us-west", "US West",
      "eu-west", "Europe West", "ap-southeast", "Asia Pacific Southeast", "sa-east", "South America East");
  static final List<String> REGIONS = List.of("us-east", "eu-west", "us-west", "ap-southeast", "sa-east");
  static final int[] REGION_WEIGHTS = {30, 25, 20, 15, 10};
  static final List<String> STATUSES = List.of("PLACED", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED");
  static final int[] STATUS_WEIGHTS = {8, 12, 65, 10, 5};
  static final List<String> TAGS = List.of("gift", "express", "first-order", "promo", "bulk", "fragile");
  static final double[] TAG_PROBABILITY = {0.12, 0.25, 0.08, 0.18, 0.05, 0.07};

  @TempDir
  static Path dir;
  static EmbeddedHive hive;
  static Backend backend;
  static String ordersTable;
  static String resultTable;
  static List<Map<String, AttributeValue>> orders;
  /** What each SELECT of the script returned, in script order. */
  static final List<List<List<String>>> results = new ArrayList<>();

  @BeforeAll
  static void runScript(Backend b) throws Exception {
    backend = b;
    ordersTable = backend.createTable("hive_sample_orders", "order_id", ScalarAttributeType.S);
    resultTable = backend.createTable("hive_sample_by_region_status", "region", ScalarAttributeType.S,
        "status", ScalarAttributeType.S);
    orders = generateOrders(ORDERS, SEED);
    backend.putAll(ordersTable, orders);

    hive = new EmbeddedHive(dir);
    // --hiveconf ...: session-wide connector settings
    hive.set("dynamodb.endpoint", backend.endpoint().toString());
    hive.set("dynamodb.region", backend.region());
    hive.set("dynamodb.awsAccessKeyId", "dummy");
    hive.set("dynamodb.awsSecretAccessKey", "dummy");
    // --hivevar ...: substituted by Hive's own ${hivevar:...} handling
    SessionState.get().getHiveVariables().put("orders_table", ordersTable);
    SessionState.get().getHiveVariables().put("result_table", resultTable);

    for (String statement : statements(Files.readString(script(), StandardCharsets.UTF_8))) {
      if (statement.regionMatches(true, 0, "SELECT", 0, 6)) {
        results.add(hive.query(statement));
      } else {
        hive.execute(statement);
      }
    }
    assertEquals(3, results.size(), "the script's queries (read-back, revenue by month, units per tag)");
  }

  @AfterAll
  static void stop() throws Exception {
    if (hive != null) {
      hive.close();
    }
  }

  static Path script() {
    String root = System.getProperty("ddb.project.root");
    Path path = (root == null ? Path.of("..") : Path.of(root)).resolve("samples/hive/orders.hql");
    assertTrue(Files.isRegularFile(path), "no sample script at " + path.toAbsolutePath()
        + " (surefire sets ddb.project.root to the repository root)");
    return path;
  }

  // ------------------------------------------------------------------------------------------ checks

  @Test
  void insertWroteOneItemPerRegionAndStatus() {
    Map<List<String>, Totals> groups = new TreeMap<>((x, y) -> x.toString().compareTo(y.toString()));
    for (Map<String, AttributeValue> o : orders) {
      groups.computeIfAbsent(List.of(o.get("region").s(), o.get("status").s()), k -> new Totals())
          .add(amount(o));
    }
    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    groups.forEach((k, t) -> expected.add(Map.of("region", AttributeValue.fromS(k.get(0)),
        "status", AttributeValue.fromS(k.get(1)), "region_name", AttributeValue.fromS(REGION_NAMES.get(k.get(0))),
        "orders", AttributeValue.fromN(Long.toString(t.count)), "amount", AttributeValue.fromN(t.sum.toPlainString()))));
    assertEquals(REGIONS.size() * STATUSES.size(), expected.size(), "the data covers every region and status");
    ItemChecksum.assertSameItems(expected, backend.scanAll(resultTable), "region", "status");
  }

  @Test
  void readBackQueryReturnsTheInsertedTotals() {
    Map<List<String>, Totals> groups = new TreeMap<>((x, y) -> {
      int c = x.get(0).compareTo(y.get(0));
      return c != 0 ? c : x.get(1).compareTo(y.get(1));
    });
    for (Map<String, AttributeValue> o : orders) {
      groups.computeIfAbsent(List.of(REGION_NAMES.get(o.get("region").s()), o.get("status").s()),
          k -> new Totals()).add(amount(o));
    }
    List<List<String>> expected = new ArrayList<>();
    groups.forEach((k, t) -> expected.add(List.of(k.get(0), k.get(1), Long.toString(t.count), money(t.sum))));
    assertEquals(expected, normalised(results.get(0), 3));
  }

  @Test
  void revenueByMonthExcludesCancelledAndReturnedOrders() {
    Map<String, Totals> months = new TreeMap<>();
    for (Map<String, AttributeValue> o : orders) {
      String status = o.get("status").s();
      if (!status.equals("CANCELLED") && !status.equals("RETURNED")) {
        months.computeIfAbsent(o.get("created_at").s().substring(0, 7), k -> new Totals()).add(amount(o));
      }
    }
    List<List<String>> expected = new ArrayList<>();
    months.forEach((m, t) -> expected.add(List.of(m, money(t.sum), Long.toString(t.count))));
    assertEquals(12, expected.size(), "orders in every month of 2024");
    assertEquals(expected, normalised(results.get(1), 1));
  }

  @Test
  void unitsPerTagExplodeTheSetAndTheLineItems() {
    Map<String, Long> units = new TreeMap<>();
    for (Map<String, AttributeValue> o : orders) {
      if (o.containsKey("tags")) {
        long qty = o.get("line_items").l().stream().mapToLong(li -> Long.parseLong(li.m().get("qty").n())).sum();
        for (String tag : o.get("tags").ss()) {
          units.merge(tag, qty, Long::sum);
        }
      }
    }
    assertEquals(TAGS.size(), units.size(), "every tag occurs");
    List<List<String>> rows = results.get(2);
    Map<String, Long> actual = new TreeMap<>();
    long previous = Long.MAX_VALUE;
    for (List<String> row : rows) {
      assertEquals(2, row.size(), row.toString());
      long u = Long.parseLong(row.get(1));
      assertTrue(u <= previous, "ORDER BY units DESC: " + rows);
      previous = u;
      assertEquals(null, actual.put(row.get(0), u), "one row per tag: " + rows);
    }
    assertEquals(units, actual);
  }

  // ------------------------------------------------------------------------------------------ helpers

  /** Running count and exact sum of amounts. */
  static final class Totals {
    long count;
    BigDecimal sum = BigDecimal.ZERO.setScale(2);

    void add(BigDecimal amount) {
      count++;
      sum = sum.add(amount);
    }
  }

  static BigDecimal amount(Map<String, AttributeValue> order) {
    return new BigDecimal(order.get("amount").n());
  }

  static String money(BigDecimal v) {
    return v.setScale(2).toPlainString();
  }

  /**
   * The rows with the decimal column {@code column} rewritten with two decimals: exact (setScale throws
   * rather than round), and independent of whether Hive prints trailing zeros.
   */
  static List<List<String>> normalised(List<List<String>> rows, int column) {
    List<List<String>> out = new ArrayList<>();
    for (List<String> row : rows) {
      List<String> copy = new ArrayList<>(row);
      copy.set(column, money(new BigDecimal(row.get(column))));
      out.add(copy);
    }
    return out;
  }

  /**
   * Splits a HiveQL script into statements the way the Hive CLI does: {@code ;} ends a statement unless it
   * is inside a quoted string, and {@code --} starts a comment to the end of the line outside quotes.
   */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < script.length(); i++) {
      char c = script.charAt(i);
      if (quote != 0) {
        current.append(c);
        if (c == '\\' && i + 1 < script.length()) {
          current.append(script.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
        current.append(c);
      } else if (c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
        while (i < script.length() && script.charAt(i) != '\n') {
          i++;
        }
        current.append('\n');
      } else if (c == ';') {
        add(out, current);
      } else {
        current.append(c);
      }
    }
    add(out, current);
    return out;
  }

  private static void add(List<String> out, StringBuilder statement) {
    String s = statement.toString().strip();
    if (!s.isEmpty()) {
      out.add(s);
    }
    statement.setLength(0);
  }

  /**
   * Orders shaped like the samples' data set: {@code order_id} {@code ord-00000042}, {@code customer_id},
   * {@code region} (fixed per customer), {@code status}, {@code amount} = the exact sum of qty × unit_price
   * (N with two decimals), {@code created_at} an ISO-8601 instant of 2024, {@code line_items} a list of maps
   * {sku, qty, unit_price}, {@code tags} a string set, absent when an order has none.
   */
  static List<Map<String, AttributeValue>> generateOrders(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String[] customerRegion = new String[CUSTOMERS];
    for (int c = 0; c < CUSTOMERS; c++) {
      customerRegion[c] = REGIONS.get(weighted(random.nextInt(100), REGION_WEIGHTS));
    }
    long yearStart = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
    long yearSeconds = Instant.parse("2025-01-01T00:00:00Z").getEpochSecond() - yearStart;
    List<Map<String, AttributeValue>> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int customer = random.nextInt(CUSTOMERS);
      String region = customerRegion[customer];
      Map<String, AttributeValue> item = new LinkedHashMap<>();
      item.put("order_id", AttributeValue.fromS(String.format(Locale.ROOT, "ord-%08d", i)));
      item.put("customer_id", AttributeValue.fromS(String.format(Locale.ROOT, "cust-%05d", customer)));
      item.put("region", AttributeValue.fromS(region));
      item.put("status", AttributeValue.fromS(STATUSES.get(weighted(random.nextInt(100), STATUS_WEIGHTS))));
      List<AttributeValue> lines = new ArrayList<>();
      long cents = 0;
      for (int l = 1 + random.nextInt(4); l > 0; l--) {
        int sku = random.nextInt(500);
        int qty = random.nextInt(10) < 7 ? 1 : 2 + random.nextInt(2);
        long unitCents = 299 + (sku * 7_919L) % 24_701; // 2.99 to 249.99, fixed per SKU
        cents += qty * unitCents;
        Map<String, AttributeValue> line = new LinkedHashMap<>();
        line.put("sku", AttributeValue.fromS(String.format(Locale.ROOT, "SKU-%04d", sku)));
        line.put("qty", AttributeValue.fromN(Integer.toString(qty)));
        line.put("unit_price", AttributeValue.fromN(BigDecimal.valueOf(unitCents, 2).toPlainString()));
        lines.add(AttributeValue.fromM(line));
      }
      item.put("amount", AttributeValue.fromN(BigDecimal.valueOf(cents, 2).toPlainString()));
      item.put("created_at", AttributeValue.fromS(Instant.ofEpochSecond(
          yearStart + random.nextLong(yearSeconds)).toString()));
      item.put("line_items", AttributeValue.fromL(lines));
      List<String> tags = new ArrayList<>();
      for (int t = 0; t < TAGS.size(); t++) {
        if (random.nextDouble() < TAG_PROBABILITY[t] + (t == REGIONS.indexOf(region) ? 0.25 : 0)) {
          tags.add(TAGS.get(t));
        }
      }
      if (!tags.isEmpty()) {
        item.put("tags", AttributeValue.fromSs(tags));
      }
      out.add(item);
    }
    return out;
  }

  private static int weighted(int roll, int[] weights) {
    for (int i = 0, acc = 0; i < weights.length; i++) {
      acc += weights[i];
      if (roll < acc) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
