package io.ddbconnector.hive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.FakeCredentials;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.RecordGrep;
import io.ddbconnector.testkit.proxy.StsStub;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Hive 4.1.0 in this JVM against the test backend: CREATE EXTERNAL TABLE over DynamoDB tables, SELECT,
 * aggregation, joins, pushdown (checked by the requests and capacity a throttling proxy sees), INSERT, and
 * the CREATE TABLE error cases. One embedded Hive for the class (starting it dominates the run time); every
 * Hive table reaches the backend through the proxy.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class DynamoDBHiveIT {

  static final String HANDLER = DynamoDBStorageHandler.class.getName();
  static final int CUSTOMERS = 20;
  static final int ORDERS_PER_CUSTOMER = 15;
  static final String[] STATUSES = {"NEW", "SHIPPED", "DONE"};
  static final String[] COUNTRIES = {"FR", "DE", "JP", "US"};

  @TempDir
  static Path dir;
  static EmbeddedHive hive;
  static ThrottlingProxy proxy;
  static Backend backend;
  static String typesTable;
  static String customersTable;
  static String ordersTable;
  static List<Map<String, AttributeValue>> orders;

  @BeforeAll
  static void start(Backend b) throws Exception {
    backend = b;
    proxy = ThrottlingProxy.start(backend.endpoint());
    hive = new EmbeddedHive(dir);
    // credentials are session settings: the handler refuses them as table properties
    hive.set("dynamodb.awsAccessKeyId", "dummy");
    hive.set("dynamodb.awsSecretAccessKey", "dummy");

    typesTable = backend.createTable("hive_types", "id", ScalarAttributeType.S);
    backend.putAll(typesTable, TypesFixture.items());
    hive.execute(TypesFixture.ddl("types", typesTable, props(), true, false));

    customersTable = backend.createTable("hive_customers", "customer", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> customers = new ArrayList<>();
    for (int c = 0; c < CUSTOMERS; c++) {
      customers.add(Map.of("customer", s(customer(c)), "name", s("Customer " + c),
          "country", s(COUNTRIES[c % COUNTRIES.length])));
    }
    backend.putAll(customersTable, customers);
    hive.execute("CREATE EXTERNAL TABLE customers (customer string, name string, country string) STORED BY '"
        + HANDLER + "' TBLPROPERTIES (" + props() + ", 'dynamodb.table.name'='" + customersTable + "')");

    ordersTable = createOrdersTable("hive_orders");
    orders = new ArrayList<>();
    for (int c = 0; c < CUSTOMERS; c++) {
      for (int o = 1; o <= ORDERS_PER_CUSTOMER; o++) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("customer", s(customer(c)));
        item.put("orderId", n(o));
        item.put("status", s(STATUSES[(c + o) % STATUSES.length]));
        item.put("amount", n((c * 37 + o * 101) % 1000));
        item.put("note", s("order " + o + " of " + customer(c) + " " + "x".repeat(200)));
        orders.add(item);
      }
    }
    backend.putAll(ordersTable, orders);
    hive.execute(ordersDdl("orders", ordersTable, ""));
  }

  @AfterAll
  static void stop() throws Exception {
    if (hive != null) {
      hive.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  static String createOrdersTable(String prefix) {
    return backend.createTable(prefix, "customer", ScalarAttributeType.S, "orderId", ScalarAttributeType.N,
        t -> t.attributeDefinitions(
                AttributeDefinition.builder().attributeName("customer").attributeType(ScalarAttributeType.S).build(),
                AttributeDefinition.builder().attributeName("orderId").attributeType(ScalarAttributeType.N).build(),
                AttributeDefinition.builder().attributeName("status").attributeType(ScalarAttributeType.S).build(),
                AttributeDefinition.builder().attributeName("amount").attributeType(ScalarAttributeType.N).build())
            .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by_status")
                .keySchema(key("status", KeyType.HASH), key("amount", KeyType.RANGE))
                .projection(p -> p.projectionType(ProjectionType.ALL))
                .provisionedThroughput(p -> p.readCapacityUnits(1000L).writeCapacityUnits(1000L)).build())
            .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("by_amount")
                .keySchema(key("customer", KeyType.HASH), key("amount", KeyType.RANGE))
                .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build()));
  }

  static String ordersDdl(String hiveName, String table, String extraProps) {
    return "CREATE EXTERNAL TABLE " + hiveName + " (customer string, order_id bigint, status string, amount int, "
        + "note string) STORED BY '" + HANDLER + "' TBLPROPERTIES (" + props() + ", 'dynamodb.table.name'='" + table
        + "', 'dynamodb.column.mapping'='order_id:orderId'" + extraProps + ")";
  }

  /** Connection properties of every test table: through the proxy (dummy credentials are session settings). */
  static String props() {
    return "'dynamodb.endpoint'='" + proxy.endpoint() + "', 'dynamodb.region'='" + backend.region() + "'";
  }

  static String customer(int c) {
    return String.format("c%02d", c);
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  static List<List<String>> sorted(List<List<String>> rows) {
    List<List<String>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(Object::toString));
    return copy;
  }

  // ------------------------------------------------------------------------------------------ reading

  @Test
  void selectStarReturnsEveryTypeExactly() {
    List<List<String>> rows = sorted(hive.query("SELECT * FROM types"));
    assertEquals(TypesFixture.expectedRows(), rows);
  }

  @Test
  void binaryAndNestedColumnsReadExactly() {
    List<List<String>> rows = sorted(hive.query(
        "SELECT id, hex(bin), size(tags), nums[1], lst[1], attrs['k2'], addr.zip, item['unmapped'] FROM types"));
    assertEquals(List.of(
        List.of("t1", "0001FF", "2", "20", "y", "2", "75001", "NULL"),
        List.of("t2", "NULL", "-1", "NULL", "NULL", "NULL", "NULL", "NULL"),
        List.of("t3", "NULL", "-1", "NULL", "NULL", "NULL", "NULL", "{\"s\":\"kept\"}"),
        List.of("t4", "NULL", "-1", "NULL", "NULL", "NULL", "NULL", "NULL")), rows);
  }

  @Test
  void countGroupByAndFilters() {
    assertEquals(List.of(List.of(Integer.toString(orders.size()))), hive.query("SELECT count(*) FROM orders"));

    Map<String, long[]> byStatus = new TreeMap<>();
    for (Map<String, AttributeValue> o : orders) {
      long[] agg = byStatus.computeIfAbsent(o.get("status").s(), k -> new long[2]);
      agg[0]++;
      agg[1] += Long.parseLong(o.get("amount").n());
    }
    List<List<String>> expected = new ArrayList<>();
    byStatus.forEach((k, v) -> expected.add(List.of(k, Long.toString(v[0]), Long.toString(v[1]))));
    assertEquals(expected,
        hive.query("SELECT status, count(*), sum(amount) FROM orders GROUP BY status ORDER BY status"));

    long big = orders.stream().filter(o -> Long.parseLong(o.get("amount").n()) > 900).count();
    assertEquals(List.of(List.of(Long.toString(big))), hive.query("SELECT count(*) FROM orders WHERE amount > 900"));
  }

  @Test
  void joinOfTwoDynamoDBTables() {
    Map<String, Long> totals = new TreeMap<>();
    for (Map<String, AttributeValue> o : orders) {
      totals.merge(o.get("customer").s(), Long.parseLong(o.get("amount").n()), Long::sum);
    }
    List<List<String>> expected = new ArrayList<>();
    totals.forEach((c, t) -> expected.add(List.of(c, "Customer " + Integer.parseInt(c.substring(1)), Long.toString(t))));
    assertEquals(expected, hive.query("SELECT o.customer, c.name, sum(o.amount) FROM orders o JOIN customers c "
        + "ON o.customer = c.customer GROUP BY o.customer, c.name ORDER BY o.customer"));
  }

  @Test
  void joinWithANativeHiveTable() {
    hive.execute("CREATE TABLE regions (country string, region string) STORED AS TEXTFILE");
    hive.execute("INSERT INTO regions VALUES ('FR', 'Europe'), ('DE', 'Europe'), ('JP', 'Asia')");
    // US has no region: the inner join drops its customers
    assertEquals(List.of(List.of("Asia", "5"), List.of("Europe", "10")),
        hive.query("SELECT r.region, count(*) FROM customers c JOIN regions r ON c.country = r.country "
            + "GROUP BY r.region ORDER BY r.region"));
  }

  // ------------------------------------------------------------------------------------------ pushdown

  @Test
  void hashKeyEqualityQueriesOnlyTheMatchingItems() {
    String plan = hive.query("EXPLAIN SELECT order_id, amount FROM orders WHERE customer = 'c07'").toString();
    assertTrue(plan.contains("filterExpr: (customer = 'c07')"), plan);
    proxy.resetStats();
    List<List<String>> rows = hive.query("SELECT order_id, amount FROM orders WHERE customer = 'c07'");
    assertEquals(ORDERS_PER_CUSTOMER, rows.size());
    assertTrue(proxy.requests(ordersTable, "Query") > 0, "a Query was sent");
    assertEquals(0, proxy.requests(ordersTable, "Scan"), "no Scan was sent");
    double queried = proxy.consumed(ordersTable, false);

    proxy.resetStats();
    assertEquals(List.of(List.of(Integer.toString(orders.size()))), hive.query("SELECT count(*) FROM orders"));
    assertTrue(proxy.requests(ordersTable, "Scan") > 0);
    double scanned = proxy.consumed(ordersTable, false);
    assertTrue(queried > 0 && queried * 5 < scanned,
        "the Query read only the customer's items: " + queried + " units vs " + scanned + " for a scan");
  }

  @Test
  void rangeKeyConditionNarrowsTheQuery() {
    proxy.resetStats();
    assertEquals(List.of(List.of("3"), List.of("4"), List.of("5")), sorted(hive.query(
        "SELECT order_id FROM orders WHERE customer = 'c07' AND order_id BETWEEN 3 AND 5")));
    assertTrue(proxy.requests(ordersTable, "Query") > 0);
    assertEquals(0, proxy.requests(ordersTable, "Scan"));
    assertTrue(proxy.consumed(ordersTable, false) <= 1.0, "3 small items cost at most one unit");
  }

  @Test
  void hashKeyInIssuesOneQueryPerValue() {
    proxy.resetStats();
    List<List<String>> rows = hive.query(
        "SELECT customer, order_id FROM orders WHERE customer IN ('c01', 'c02', 'c03')");
    assertEquals(3 * ORDERS_PER_CUSTOMER, rows.size());
    assertTrue(rows.stream().allMatch(r -> r.get(0).matches("c0[123]")));
    assertTrue(proxy.requests(ordersTable, "Query") >= 3, "one Query per value");
    assertEquals(0, proxy.requests(ordersTable, "Scan"));
  }

  @Test
  void globalSecondaryIndexServesItsHashKey() {
    long shipped = orders.stream().filter(o -> o.get("status").s().equals("SHIPPED")).count();
    proxy.resetStats();
    List<List<String>> rows = hive.query("SELECT customer, order_id, status FROM orders WHERE status = 'SHIPPED'");
    assertEquals(shipped, rows.size());
    assertTrue(rows.stream().allMatch(r -> r.get(2).equals("SHIPPED")));
    assertTrue(proxy.requests(ordersTable, "Query") > 0, "the GSI was queried");
    assertEquals(0, proxy.requests(ordersTable, "Scan"));
  }

  @Test
  void localSecondaryIndexAndResidualFilterGiveExactResults() {
    List<List<String>> expected = orders.stream()
        .filter(o -> o.get("customer").s().equals("c03") && Long.parseLong(o.get("amount").n()) > 500)
        .map(o -> List.of(o.get("orderId").n())).sorted(Comparator.comparing(Object::toString))
        .collect(Collectors.toList());
    proxy.resetStats();
    assertEquals(expected, sorted(hive.query("SELECT order_id FROM orders WHERE customer = 'c03' AND amount > 500")));
    assertEquals(0, proxy.requests(ordersTable, "Scan"));
    // a predicate DynamoDB cannot evaluate stays with Hive
    assertEquals(List.of(List.of("c07", "14"), List.of("c07", "7")),
        sorted(hive.query("SELECT customer, order_id FROM orders WHERE customer = 'c07' AND order_id % 7 = 0")));
  }

  @Test
  void selfJoinWithDifferentPredicatesPerSideIsExact() {
    // a common (shuffle) join reads the table once for both aliases: neither side's predicate may narrow the read
    Map<String, Long> newOrders = new HashMap<>();
    for (Map<String, AttributeValue> o : orders) {
      if (o.get("status").s().equals("NEW")) {
        newOrders.merge(o.get("customer").s(), 1L, Long::sum);
      }
    }
    long expected = newOrders.values().stream().mapToLong(Long::longValue).sum(); // order 1 of a x NEW orders of b
    hive.set("hive.auto.convert.join", "false");
    try {
      assertEquals(List.of(List.of(Long.toString(expected))), hive.query("SELECT count(*) FROM orders a JOIN orders b "
          + "ON a.customer = b.customer WHERE a.order_id = 1 AND b.status = 'NEW'"));
      assertEquals(List.of(List.of(Long.toString(newOrders.getOrDefault("c01", 0L)))), hive.query(
          "SELECT count(*) FROM orders a JOIN orders b ON a.customer = b.customer "
              + "WHERE a.customer = 'c01' AND a.order_id = 1 AND b.status = 'NEW'"));
    } finally {
      hive.set("hive.auto.convert.join", "true");
    }
  }

  @Test
  void pushdownCanBeTurnedOff() {
    hive.execute(ordersDdl("orders_nopush", ordersTable, ", 'dynamodb.filter.pushdown'='false'"));
    proxy.resetStats();
    assertEquals(ORDERS_PER_CUSTOMER, hive.query("SELECT * FROM orders_nopush WHERE customer = 'c07'").size());
    assertEquals(0, proxy.requests(ordersTable, "Query"));
    assertTrue(proxy.requests(ordersTable, "Scan") > 0);
  }

  // ------------------------------------------------------------------------------------------ writing

  @Test
  void insertIntoSelectCopiesExactly() {
    String copy = createOrdersTable("hive_orders_copy");
    hive.execute(ordersDdl("orders_copy", copy, ""));
    String coordination = io.ddbconnector.conf.ConnectorOptions.COORDINATION_TABLE.defaultValue();
    long groupsEnded = proxy.requests(coordination, "DeleteItem");
    hive.execute("INSERT INTO orders_copy SELECT * FROM orders");
    ItemChecksum.assertSameItems(backend.scanAll(ordersTable), backend.scanAll(copy), "customer", "orderId");
    // the statement's scan and its writers each shared their budget live (under the plan's identity and
    // the MapReduce job's id): each group's last task deleted the group's coordination item
    assertTrue(proxy.requests(coordination, "DeleteItem") - groupsEnded >= 2,
        "the INSERT's readers and writers both coordinated their budget");
    assertEquals(List.of(List.of(Integer.toString(orders.size()))), hive.query("SELECT count(*) FROM orders_copy"));
  }

  @Test
  void everyTypeRoundTripsThroughInsert() {
    String whole = backend.createTable("hive_types_copy", "id", ScalarAttributeType.S);
    hive.execute(TypesFixture.ddl("types_copy", whole, props(), true, false));
    hive.execute("INSERT INTO types_copy SELECT * FROM types");
    ItemChecksum.assertSameItems(backend.scanAll(typesTable), backend.scanAll(whole), "id");

    String mapped = backend.createTable("hive_types_mapped", "id", ScalarAttributeType.S);
    hive.execute(TypesFixture.ddl("types_mapped", mapped, props(), false, true));
    hive.execute("INSERT INTO types_mapped SELECT id, name, big, i, s, t, d, f, price, flag, bin, dt, day_n, ts, "
        + "ts_n, tags, nums, lst, attrs, addr FROM types");
    ItemChecksum.assertSameItems(TypesFixture.expectedMappedCopy(), backend.scanAll(mapped), "id");
  }

  /**
   * A write condition as a table property: the INSERT writes the rows it accepts, one PutItem each, and counts the
   * others as rejected in the statement's job line.
   */
  @Test
  void insertWithAConditionWritesOnlyNewItemsAndCountsTheRejected(@TempDir Path tmp) throws Exception {
    String target = createOrdersTable("hive_orders_cond");
    List<Map<String, AttributeValue>> existing = new ArrayList<>();
    orders.stream().filter(o -> o.get("customer").s().equals("c01")).forEach(o -> {
      Map<String, AttributeValue> old = new LinkedHashMap<>(o);
      old.put("status", s("OLD"));
      existing.add(old);
    });
    backend.putAll(target, existing);
    Path rejected = tmp.resolve("rejected");
    hive.execute(ordersDdl("orders_cond", target, ", 'dynamodb.write.condition'='attribute_not_exists(customer)',"
        + " 'dynamodb.write.rejected.path'='" + rejected.toUri() + "'"));
    long puts = proxy.requests(target, "PutItem");
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (AutoCloseable log = hive.logTo(lines::add)) {
      hive.execute("INSERT INTO orders_cond SELECT * FROM orders WHERE customer < 'c04'");
    }
    long selected = orders.stream().filter(o -> o.get("customer").s().compareTo("c04") < 0).count();
    assertEquals(selected, proxy.requests(target, "PutItem") - puts, "one PutItem per row");
    assertEquals(0, proxy.requests(target, "BatchWriteItem"));
    List<Map<String, AttributeValue>> expected = new ArrayList<>(existing); // kept as they were
    orders.stream().filter(o -> o.get("customer").s().compareTo("c04") < 0 && !o.get("customer").s().equals("c01"))
        .forEach(expected::add);
    ItemChecksum.assertSameItems(expected, backend.scanAll(target), "customer", "orderId");
    String line = String.format(java.util.Locale.ROOT, "(%,d items written, %,d rejected by the condition)",
        selected - existing.size(), existing.size());
    assertEquals(1, lines.stream().filter(l -> l.contains(line)).count(), line + " in: " + lines.stream()
        .filter(l -> l.contains("onditional")).collect(Collectors.toList()));
    // the rejected rows' items, as the INSERT sent them (with the selected status, not the stored one)
    List<Map<String, AttributeValue>> recorded = new ArrayList<>();
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(rejected)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("rejected-")).toList()) {
        for (String l : java.nio.file.Files.readAllLines(f)) {
          recorded.add(io.ddbconnector.types.DynamoJson.parseItem(l));
        }
      }
    }
    List<Map<String, AttributeValue>> sent = new ArrayList<>();
    orders.stream().filter(o -> o.get("customer").s().equals("c01")).forEach(sent::add);
    ItemChecksum.assertSameItems(sent, recorded, "customer", "orderId");
  }

  /**
   * As with the EMR connector: INSERT OVERWRITE puts the selected rows and deletes nothing; the statement's log
   * says so once.
   */
  @Test
  void insertOverwriteWritesTheSelectedItemsAndDeletesNone() throws Exception {
    String target = createOrdersTable("hive_orders_ow");
    Map<String, AttributeValue> replaced = new LinkedHashMap<>(orders.get(0)); // c00, order 1
    replaced.put("status", s("OLD"));
    replaced.put("stale", s("only in the old item"));
    Map<String, AttributeValue> untouched = Map.of("customer", s("zz"), "orderId", n(1), "status", s("KEPT"));
    backend.putAll(target, List.of(replaced, untouched));
    hive.execute(ordersDdl("orders_ow", target, ""));
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (AutoCloseable log = hive.logTo(lines::add)) {
      hive.execute("INSERT OVERWRITE TABLE orders_ow SELECT * FROM orders WHERE customer = 'c00'");
    }
    String notice = "INSERT OVERWRITE into DynamoDB table '" + target + "' writes the selected items and deletes none;"
        + " items not selected stay";
    assertEquals(1, lines.stream().filter(l -> l.contains(notice)).count(), "one notice in: " + lines.stream()
        .filter(l -> l.contains("OVERWRITE")).collect(Collectors.toList()));
    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    orders.stream().filter(o -> o.get("customer").s().equals("c00")).forEach(expected::add); // replaced wholly
    expected.add(untouched);
    ItemChecksum.assertSameItems(expected, backend.scanAll(target), "customer", "orderId");
  }

  /**
   * The EMR connector's export/import recipe through a whole-item table (one map&lt;string,string&gt; column, no
   * key columns): export to a directory as text, read it back through a text table, import into another
   * DynamoDB table; every item arrives exactly. The exported text is the EMR connector's.
   */
  @Test
  void wholeItemTablesExportAndImportExactly(@TempDir Path tmp) throws Exception {
    String source = backend.createTable("hive_items_src", "id", ScalarAttributeType.S);
    String copy = backend.createTable("hive_items_dst", "id", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> items = io.ddbconnector.testkit.ItemCorpus.tricky("id");
    backend.putAll(source, items);
    for (String[] t : new String[][] {{"items_src", source}, {"items_dst", copy}}) {
      hive.execute("CREATE EXTERNAL TABLE " + t[0] + " (item map<string,string>) STORED BY '" + HANDLER
          + "' TBLPROPERTIES (" + props() + ", 'dynamodb.table.name'='" + t[1] + "')");
    }
    assertEquals(List.of(List.of(Integer.toString(items.size()))), hive.query("SELECT count(*) FROM items_src"));

    Path export = tmp.resolve("export");
    hive.execute("INSERT OVERWRITE DIRECTORY '" + export.toUri() + "' SELECT * FROM items_src");
    List<String> text = new ArrayList<>();
    try (Stream<Path> files = Files.list(export)) {
      for (Path f : files.filter(f -> !f.getFileName().toString().startsWith(".")).collect(Collectors.toList())) {
        text.addAll(Files.readAllLines(f));
      }
    }
    assertEquals(items.size(), text.size(), "one line per item");
    // the EMR connector's line for this item: attributes in its map's order, values in its spelling
    assertTrue(text.contains("v\u0003{\"n\":\"1\"}\u0002id\u0003{\"s\":\"key with spaces / slashes # and : colons\"}"),
        () -> text.stream().filter(l -> l.contains("colons")).collect(Collectors.joining("\n")));

    hive.execute("CREATE EXTERNAL TABLE items_text (item map<string,string>) ROW FORMAT DELIMITED FIELDS TERMINATED"
        + " BY '\\t' LINES TERMINATED BY '\\n' LOCATION '" + export.toUri() + "'");
    hive.execute("INSERT OVERWRITE TABLE items_dst SELECT * FROM items_text");
    ItemChecksum.assertSameItems(backend.scanAll(source), backend.scanAll(copy), "id");
  }

  /** A subclass of the handler under another name creates, reads and writes tables like the handler. */
  @Test
  void aSubclassUnderAnotherNameWorks() {
    String renamed = com.example.hive.RenamedStorageHandler.class.getName();
    String target = backend.createTable("hive_customers_sub", "customer", ScalarAttributeType.S);
    hive.execute("CREATE EXTERNAL TABLE customers_sub (customer string, name string, country string) STORED BY '"
        + renamed + "' TBLPROPERTIES (" + props() + ", 'dynamodb.table.name'='" + customersTable + "')");
    hive.execute("CREATE EXTERNAL TABLE customers_sub_copy (customer string, name string, country string) STORED BY '"
        + renamed + "' TBLPROPERTIES (" + props() + ", 'dynamodb.table.name'='" + target + "')");
    assertTrue(hive.query("DESCRIBE FORMATTED customers_sub").toString().contains(renamed));
    assertEquals(List.of(List.of("Customer 3")), hive.query("SELECT name FROM customers_sub WHERE customer = 'c03'"));
    hive.execute("INSERT INTO customers_sub_copy SELECT * FROM customers_sub WHERE country = 'FR'");
    ItemChecksum.assertSameItems(backend.scanAll(customersTable).stream()
        .filter(i -> i.get("country").s().equals("FR")).collect(Collectors.toList()), backend.scanAll(target),
        "customer");
    assertCreateFails("CREATE TABLE customers_sub_managed (customer string) STORED BY '" + renamed
        + "' TBLPROPERTIES (" + props() + ", 'dynamodb.table.name'='" + customersTable + "')",
        "must be EXTERNAL", "STORED BY '" + renamed + "'");
  }

  @Test
  void emptySetIsRejectedWithAClearError() {
    String target = backend.createTable("hive_sets", "id", ScalarAttributeType.S);
    hive.execute("CREATE EXTERNAL TABLE sets (id string, tags array<string>) STORED BY '" + HANDLER
        + "' TBLPROPERTIES (" + props() + ", 'dynamodb.table.name'='" + target
        + "', 'dynamodb.type.mapping'='tags:SS')");
    String msg = hive.failure("INSERT INTO sets SELECT id, array() FROM types WHERE id = 't1'");
    assertTrue(msg.contains("DynamoDB does not allow an empty set (SS)"), msg);
    assertEquals(0, backend.count(target));
  }

  // ------------------------------------------------------------------------------------------ CREATE TABLE errors

  @Test
  void createTableErrorsAreClear() {
    assertCreateFails("CREATE EXTERNAL TABLE e1 (id string) STORED BY '" + HANDLER + "' TBLPROPERTIES (" + props()
        + ", 'dynamodb.table.name'='no_such_table')", "DynamoDB table 'no_such_table'", "does not exist");
    assertCreateFails("CREATE EXTERNAL TABLE e2 (id string) STORED BY '" + HANDLER + "' TBLPROPERTIES (" + props()
        + ")", "has no table property 'dynamodb.table.name'");
    assertCreateFails("CREATE EXTERNAL TABLE e3 (customer string, order_id bigint) STORED BY '" + HANDLER
        + "' TBLPROPERTIES (" + props() + ", 'dynamodb.table.name'='" + ordersTable
        + "', 'dynamodb.column.mapping'='order_id:orderId,total:amount')", "names Hive column 'total'",
        "which the table does not have");
    assertCreateFails("CREATE EXTERNAL TABLE e4 (customer string, amount int) STORED BY '" + HANDLER
        + "' TBLPROPERTIES (" + props() + ", 'dynamodb.table.name'='" + ordersTable + "')",
        "has key attribute 'orderId' (N)", "no column");
    assertCreateFails("CREATE EXTERNAL TABLE e5 (customer int, order_id bigint) STORED BY '" + HANDLER
        + "' TBLPROPERTIES (" + props() + ", 'dynamodb.table.name'='" + ordersTable
        + "', 'dynamodb.column.mapping'='order_id:orderId')", "Hive column 'customer'",
        "key attribute 'customer'", "which is of type S");
    assertCreateFails("CREATE EXTERNAL TABLE e6 (customer string, order_id bigint, m map<int,string>) STORED BY '"
        + HANDLER + "' TBLPROPERTIES (" + props() + ", 'dynamodb.table.name'='" + ordersTable
        + "', 'dynamodb.column.mapping'='order_id:orderId')", "Hive column 'm'", "has no DynamoDB mapping");
    assertCreateFails("CREATE EXTERNAL TABLE e7 (customer string, order_id bigint, tags array<string>) STORED BY '"
        + HANDLER + "' TBLPROPERTIES (" + props() + ", 'dynamodb.table.name'='" + ordersTable
        + "', 'dynamodb.column.mapping'='order_id:orderId', 'dynamodb.type.mapping'='tags:NS')",
        "Type mapping 'tags:NS'", "allowed DynamoDB types are L, SS");
    assertCreateFails("CREATE TABLE e8 (customer string, order_id bigint) STORED BY '" + HANDLER
        + "' TBLPROPERTIES (" + props() + ", 'dynamodb.table.name'='" + ordersTable
        + "', 'dynamodb.column.mapping'='order_id:orderId')", "must be EXTERNAL");
  }

  @Test
  void alterTableIsCheckedLikeCreate() {
    hive.execute("CREATE EXTERNAL TABLE customers_alter (customer string, name string) STORED BY '" + HANDLER
        + "' TBLPROPERTIES (" + props() + ", 'dynamodb.table.name'='" + customersTable + "')");
    assertCreateFails("ALTER TABLE customers_alter SET TBLPROPERTIES ('dynamodb.column.mapping'='customer:id')",
        "has key attribute 'customer' (S), which no column");
    hive.execute("ALTER TABLE customers_alter SET TBLPROPERTIES ('dynamodb.column.mapping'='name:country')");
    assertEquals(List.of(List.of("FR")), hive.query("SELECT name FROM customers_alter WHERE customer = 'c00'"));
  }

  // ------------------------------------------------------------------------------------------ secrets, misspelt keys

  @Test
  void createTableRefusesSecretPropertiesAndSaysWhatToUse() {
    String msg = hive.failure("CREATE EXTERNAL TABLE s1 (customer string, name string) STORED BY '" + HANDLER
        + "' TBLPROPERTIES (" + props() + ", 'dynamodb.table.name'='" + customersTable
        + "', 'dynamodb.awsSecretAccessKey'='RefusedSecretValue1', 'dynamodb.awsSessionTokn'='RefusedTokenValue2')");
    for (String e : List.of("'dynamodb.awsSecretAccessKey', 'dynamodb.awsSessionTokn'", "refused",
        "hadoop.security.credential.provider.path", "default credentials chain",
        "'dynamodb.customAWSCredentialsProvider'", "SET dynamodb.awsAccessKeyId=")) {
      assertTrue(msg.contains(e), "expected '" + e + "' in: " + msg);
    }
    assertFalse(msg.contains("RefusedSecretValue") || msg.contains("RefusedTokenValue"), msg);
    assertTrue(hive.failure("DESCRIBE s1").contains("Table not found"), "not created");
    hive.execute("CREATE EXTERNAL TABLE s2 (customer string, name string) STORED BY '" + HANDLER
        + "' TBLPROPERTIES (" + props() + ", 'dynamodb.table.name'='" + customersTable + "')");
    msg = hive.failure("ALTER TABLE s2 SET TBLPROPERTIES ('dynamodb.awsAccessKeyId'='RefusedKeyValue3')");
    assertTrue(msg.contains("'dynamodb.awsAccessKeyId' would keep a secret in the metastore"), msg);
    assertFalse(msg.contains("RefusedKeyValue3"), msg);
  }

  @Test
  void createTableRefusesAMisspeltPropertyUnlessAllowed() {
    assertCreateFails("CREATE EXTERNAL TABLE m1 (customer string, order_id bigint, status string) STORED BY '"
        + HANDLER + "' TBLPROPERTIES (" + props() + ", 'dynamodb.table.name'='" + ordersTable
        + "', 'dynamodb.colum.mapping'='order_id:orderId')",
        "'dynamodb.colum.mapping' (did you mean 'dynamodb.column.mapping'?)", "dynamodb.config.allowUnknownKeys=true");
    hive.execute("CREATE EXTERNAL TABLE m2 (customer string, name string) STORED BY '" + HANDLER + "' TBLPROPERTIES ("
        + props() + ", 'dynamodb.table.name'='" + customersTable + "', 'dynamodb.colum.mapping'='name:country', "
        + "'dynamodb.config.allowUnknownKeys'='true')");
    assertEquals(List.of(List.of("Customer 1")), hive.query("SELECT name FROM m2 WHERE customer = 'c01'"),
        "the misspelt mapping is ignored, as allowed");
  }

  /**
   * Cross-account access: a table whose properties name a role ({@code dynamodb.sts.roleArn}, not a secret) is
   * read and written with that role's credentials, assumed through STS (the test kit's stub) with the
   * session's own keys; the role shows in DESCRIBE, and a query of another table is not affected.
   */
  @Test
  void aTableNamingARoleIsReadAndWrittenAsThatRole() {
    String role = "arn:aws:iam::210987654321:role/hive-analytics";
    String target = backend.createTable("hive_role_dst", "customer", ScalarAttributeType.S);
    try (ThrottlingProxy own = ThrottlingProxy.start(backend.endpoint());
        StsStub sts = StsStub.start().allow(role, "hive-ext")) {
      String props = "'dynamodb.endpoint'='" + own.endpoint() + "', 'dynamodb.region'='" + backend.region()
          + "', 'dynamodb.sts.roleArn'='" + role + "', 'dynamodb.sts.externalId'='hive-ext', 'dynamodb.sts.endpoint'='"
          + sts.endpoint() + "'";
      hive.execute("CREATE EXTERNAL TABLE role_src (customer string, name string) STORED BY '" + HANDLER
          + "' TBLPROPERTIES (" + props + ", 'dynamodb.table.name'='" + customersTable + "')");
      hive.execute("CREATE EXTERNAL TABLE role_dst (customer string, name string) STORED BY '" + HANDLER
          + "' TBLPROPERTIES (" + props + ", 'dynamodb.table.name'='" + target + "')");
      assertTrue(String.join("\n", hive.query("DESCRIBE FORMATTED role_src").stream().map(Object::toString)
          .toList()).contains(role), "the role shows in DESCRIBE");

      assertEquals(List.of(List.of(Integer.toString(CUSTOMERS))), hive.query("SELECT count(*) FROM role_src"));
      hive.execute("INSERT INTO role_dst SELECT customer, name FROM role_src WHERE customer < 'c05'");

      assertEquals(5, backend.count(target));
      assertEquals(Set.copyOf(sts.issuedAccessKeyIds()), own.accessKeyIds(), "every request signed as the role");
      assertTrue(!sts.calls().isEmpty() && sts.calls().stream().allMatch(c -> "dummy".equals(c.callerAccessKeyId())
          && "hive-ext".equals(c.externalId())), "assumed with the session's keys: " + sts.calls());
    }
  }

  @Test
  void tablesHoldingSecretsFromBeforeKeepWorkingWithOneWarning() {
    String legacyKey = "AKIALEGACYTABLEKEY9";
    try (ThrottlingProxy own = ThrottlingProxy.start(backend.endpoint()); RecordGrep jul = RecordGrep.start()) {
      hive.execute("CREATE EXTERNAL TABLE legacy (customer string, name string) STORED BY '"
          + LegacyStorageHandler.class.getName() + "' TBLPROPERTIES ('dynamodb.endpoint'='" + own.endpoint()
          + "', 'dynamodb.region'='" + backend.region() + "', 'dynamodb.table.name'='" + customersTable
          + "', 'dynamodb.awsAccessKeyId'='" + legacyKey + "', 'dynamodb.awsSecretAccessKey'='LegacySecretValue8')");
      assertEquals(List.of(List.of(Integer.toString(CUSTOMERS))), hive.query("SELECT count(*) FROM legacy"));
      assertEquals(List.of(List.of("Customer 1")), hive.query("SELECT name FROM legacy WHERE customer = 'c01'"));
      assertEquals(Set.of(legacyKey), own.accessKeyIds(), "the table's own credentials sign its requests");
      String log = jul.logText();
      assertEquals(1, log.split("legacy' keeps", -1).length - 1, "one warning: " + log);
      assertTrue(log.contains("'dynamodb.awsAccessKeyId', 'dynamodb.awsSecretAccessKey' in its table properties"), log);
      assertTrue(log.contains("legacy UNSET TBLPROPERTIES ('dynamodb.awsAccessKeyId', 'dynamodb.awsSecretAccessKey')"),
          log);
      assertFalse(log.contains(legacyKey) || log.contains("LegacySecretValue8"), log);
    }
  }

  /**
   * The recommended route, a credential provider named in the session: the credentials reach the SDK and no
   * record of the queries holds them (Hive's and Hadoop's log, the submitted job.xml, the runner's copy and
   * Hive's plan as the tasks see them, DESCRIBE FORMATTED and EXTENDED, a failure, and every file Hive
   * keeps: metastore, warehouse, scratch and query logs).
   */
  @Test
  void noRecordOfHiveQueriesHoldsTheCredentials(@TempDir Path tmp) throws Exception {
    String target = backend.createTable("hive_sec_dst", "customer", ScalarAttributeType.S);
    Path captured = tmp.resolve("captured");
    try (ThrottlingProxy own = ThrottlingProxy.start(backend.endpoint());
        RecordGrep grep = RecordGrep.start(FakeCredentials.values());
        AutoCloseable log = hive.logTo(grep::log)) {
      hive.set("hadoop.security.credential.provider.path", FakeCredentials.writeStore(tmp.resolve("ddb.jceks")));
      hive.set(CaptureJobFiles.FROM, dir.resolve("staging") + "," + dir.resolve("hadoop_tmp") + ","
          + dir.resolve("scratch"));
      hive.set(CaptureJobFiles.TO, captured.toString());
      try {
        hive.execute("CREATE TEMPORARY FUNCTION capture_job_files AS '" + CaptureJobFiles.class.getName() + "'");
        String connection = "'dynamodb.endpoint'='" + own.endpoint() + "', 'dynamodb.region'='" + backend.region() + "'";
        hive.execute("CREATE EXTERNAL TABLE sec_customers (customer string, name string, country string) STORED BY '"
            + HANDLER + "' TBLPROPERTIES (" + connection + ", 'dynamodb.table.name'='" + customersTable + "')");
        hive.execute("CREATE EXTERNAL TABLE sec_copy (customer string, name string, country string) STORED BY '"
            + HANDLER + "' TBLPROPERTIES (" + connection + ", 'dynamodb.table.name'='" + target + "')");
        assertEquals(List.of(List.of(Integer.toString(CUSTOMERS))),
            hive.query("SELECT count(*) FROM sec_customers WHERE capture_job_files(customer)"));
        hive.execute("INSERT INTO sec_copy SELECT * FROM sec_customers WHERE capture_job_files(name)");
        assertEquals(CUSTOMERS, backend.count(target));
        assertEquals(Set.of(FakeCredentials.ACCESS_KEY_ID), own.accessKeyIds(), "the store's key signs every request");
        assertEquals(Set.of(FakeCredentials.SESSION_TOKEN), own.sessionTokens());
        for (String t : List.of("sec_customers", "sec_copy")) {
          grep.text("describe", "DESCRIBE FORMATTED " + t, hive.query("DESCRIBE FORMATTED " + t).toString());
          grep.text("describe", "DESCRIBE EXTENDED " + t, hive.query("DESCRIBE EXTENDED " + t).toString());
        }
        backend.deleteTable(target);
        grep.text("exception", "INSERT into a deleted table",
            hive.failure("INSERT INTO sec_copy SELECT * FROM sec_customers"));
      } finally {
        hive.set("hadoop.security.credential.provider.path", "");
      }
      try (Stream<Path> files = Files.walk(captured)) {
        assertTrue(files.anyMatch(f -> f.getFileName().toString().equals("job.xml")), "the submitted job.xml");
      }
      grep.tree("job files", captured, f -> true);
      grep.tree("hive files", dir, f -> true);
      grep.assertClean("job files", "describe", "exception", "hive files");
    }
  }

  private static void assertCreateFails(String ddl, String... expected) {
    String msg = hive.failure(ddl);
    for (String e : expected) {
      assertTrue(msg.contains(e), "expected '" + e + "' in: " + msg);
    }
  }
}
