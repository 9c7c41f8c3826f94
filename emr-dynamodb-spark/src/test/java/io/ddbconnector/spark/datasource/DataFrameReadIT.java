package io.ddbconnector.spark.datasource;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.spark.SparkTestSupport;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2ScanRelation;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import scala.jdk.javaapi.CollectionConverters;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** DataFrame reads in {@code local[2]}: types, pushdown (counted at a proxy), pruning, indexes and SQL. */
@ExtendWith(DynamoDBBackendExtension.class)
class DataFrameReadIT {

  static final int ORDERS = 3_000;
  static SparkSession spark;
  static ThrottlingProxy proxy;
  static String types;
  static String orders;
  static String ranged;
  static List<Map<String, AttributeValue>> orderItems;

  @BeforeAll
  static void start(Backend backend) {
    spark = SparkTestSupport.session("DataFrameReadIT");
    proxy = ThrottlingProxy.start(backend.endpoint());

    types = backend.createTable("df_types", "id", ScalarAttributeType.S);
    backend.putAll(types, typeItems());

    orders = backend.createTable("df_orders", "id", ScalarAttributeType.S, null, null, b -> b
        .attributeDefinitions(List.of(
            software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder().attributeName("id")
                .attributeType(ScalarAttributeType.S).build(),
            software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder().attributeName("category")
                .attributeType(ScalarAttributeType.S).build()))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byCategory")
            .keySchema(KeySchemaElement.builder().attributeName("category").keyType(KeyType.HASH).build())
            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
            .provisionedThroughput(t -> t.readCapacityUnits(1000L).writeCapacityUnits(1000L)).build()));
    orderItems = ItemCorpus.generated("id", ORDERS, 11);
    backend.putAll(orders, orderItems);

    ranged = backend.createTable("df_ranged", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
    List<Map<String, AttributeValue>> r = new ArrayList<>();
    for (int p = 0; p < 5; p++) {
      for (int s = 0; s < 100; s++) {
        r.add(Map.of("pk", AttributeValue.fromS("p" + p), "sk", AttributeValue.fromN(Integer.toString(s)),
            "v", AttributeValue.fromS("v" + (s % 7))));
      }
    }
    backend.putAll(ranged, r);
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

  private static Dataset<Row> read(Backend backend, String table, Map<String, String> extra) {
    Map<String, String> o = SparkTestSupport.options(backend, table);
    o.putAll(extra);
    return spark.read().format("dynamodb").options(o).load();
  }

  private static Dataset<Row> viaProxy(Backend backend, String table) {
    Map<String, String> o = SparkTestSupport.options(proxy.endpoint(), backend.region(), table);
    return spark.read().format("dynamodb").options(o).load();
  }

  static DynamoDBScan scanOf(Dataset<Row> df) {
    LogicalPlan plan = df.queryExecution().optimizedPlan();
    for (LogicalPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
      if (leaf instanceof DataSourceV2ScanRelation) {
        return (DynamoDBScan) ((DataSourceV2ScanRelation) leaf).scan();
      }
    }
    throw new AssertionError("no DynamoDB scan in " + plan);
  }

  // ---- types ----------------------------------------------------------------------------------------

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(String v) {
    return AttributeValue.fromN(v);
  }

  private static AttributeValue b(int... bytes) {
    byte[] a = new byte[bytes.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = (byte) bytes[i];
    }
    return AttributeValue.fromB(SdkBytes.fromByteArray(a));
  }

  static List<Map<String, AttributeValue>> typeItems() {
    Map<String, AttributeValue> a = new LinkedHashMap<>();
    a.put("id", s("a"));
    a.put("s", s("text"));
    a.put("n", n("42"));
    a.put("d", n("1.25"));
    a.put("big", n("12345678901234567890123"));
    a.put("dbl", n("1E-130"));
    a.put("bin", b(1, 2, 255));
    a.put("flag", AttributeValue.fromBool(true));
    a.put("ss", AttributeValue.fromSs(List.of("x", "y")));
    a.put("ns", AttributeValue.fromNs(List.of("1", "2")));
    a.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {0}))));
    a.put("l", AttributeValue.fromL(List.of(s("one"), s("two"))));
    a.put("m", AttributeValue.fromM(Map.of("inner", s("value"), "num", n("7"),
        "tags", AttributeValue.fromL(List.of(n("1"), n("2"))),
        "deep", AttributeValue.fromM(Map.of("flag", AttributeValue.fromBool(false))))));
    a.put("ll", AttributeValue.fromL(List.of(AttributeValue.fromL(List.of(n("1"))), AttributeValue.fromL(List.of()))));
    a.put("lm", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("k", s("v1"))))));
    a.put("mixed", s("str"));
    a.put("nul", AttributeValue.fromNul(true));
    Map<String, AttributeValue> b = new LinkedHashMap<>();
    b.put("id", s("b"));
    b.put("n", n("-7"));
    b.put("d", n("1000"));
    b.put("dbl", n("2.5"));
    b.put("m", AttributeValue.fromM(Map.of("inner", s("v2"))));
    b.put("l", AttributeValue.fromL(List.of()));
    b.put("lm", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("k", s("v2"), "extra", n("3"))))));
    b.put("mixed", n("5"));
    Map<String, AttributeValue> c = new LinkedHashMap<>();
    c.put("id", s("c"));
    c.put("mixed", AttributeValue.fromBool(true));
    return List.of(a, b, c);
  }

  @Test
  void everyTypeReadsAsExpectedRows(Backend backend) {
    Dataset<Row> df = read(backend, types, Map.of());
    StructType schema = df.schema();
    assertEquals("struct<id:string,big:decimal(38,0),bin:binary,bs:array<binary>,d:decimal(38,2),dbl:string,"
        + "flag:boolean,l:array<string>,ll:array<array<bigint>>,lm:array<struct<extra:bigint,k:string>>,"
        + "m:struct<deep:struct<flag:boolean>,inner:string,num:bigint,tags:array<bigint>>,mixed:string,n:bigint,"
        + "ns:array<bigint>,nul:string,s:string,ss:array<string>>", schema.simpleString());
    assertFalse(schema.apply("id").nullable(), "key columns are never nullable");
    assertTrue(schema.apply("s").nullable());
    assertEquals("JSON", SparkTypes.dynamoType(schema.apply("mixed")));
    assertEquals("SS", SparkTypes.dynamoType(schema.apply("ss")));
    assertTrue(SparkTypes.isNumberText(schema.apply("dbl")), "1E-130 fits no decimal: exact text, never double");

    List<String> rows = df.collectAsList().stream().map(SparkTestSupport::render).sorted()
        .collect(Collectors.toList());
    // number text is the service's own text of the number (dynalite writes 1E-130 in plain notation)
    String tiny = backend.scanAll(types).stream().filter(i -> i.get("id").s().equals("a")).findFirst().orElseThrow()
        .get("dbl").n();
    assertEquals(0, new BigDecimal(tiny).compareTo(new BigDecimal("1E-130")), tiny);
    assertEquals(List.of(
        "('a', 12345678901234567890123BD, 0x0102ff, [0x00], 1.25BD, '" + tiny + "', true, ['one', 'two'], [[1], []], "
            + "[(null, 'v1')], ((false), 'value', 7, [1, 2]), '{\"S\":\"str\"}', 42, [1, 2], null, 'text', "
            + "['x', 'y'])",
        "('b', null, null, null, 1000.00BD, '2.5', null, [], null, [(3, 'v2')], (null, 'v2', null, null), "
            + "'{\"N\":\"5\"}', -7, null, null, null, null)",
        "('c', null, null, null, null, null, null, null, null, null, null, '{\"BOOL\":true}', null, null, null, null,"
            + " null)"), rows);

    // the same through SQL, with nested access
    df.createOrReplaceTempView("types_view");
    List<Row> nested = spark.sql("SELECT id, m.inner, m.tags[1], lm[0].k FROM types_view WHERE m.num = 7")
        .collectAsList();
    assertEquals(1, nested.size());
    assertEquals("('a', 'value', 2, 'v1')", SparkTestSupport.render(nested.get(0)));
  }

  @Test
  void userSchemaIsTakenAsIsAndMismatchesFailOrReadAsNull(Backend backend) {
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("id", DataTypes.StringType, false),
        DataTypes.createStructField("n", DataTypes.IntegerType, true),
        DataTypes.createStructField("d", DataTypes.createDecimalType(10, 3), true),
        DataTypes.createStructField("s", DataTypes.LongType, true)));
    Map<String, String> o = SparkTestSupport.options(backend, types);
    Dataset<Row> df = spark.read().format("dynamodb").schema(schema).options(o).load();
    assertEquals(schema, df.schema());
    // 's' is "text" in item a: a clear error naming attribute, key and type
    Exception e = assertThrows(Exception.class, () -> df.collectAsList());
    String m = SparkTestSupport.messages(e);
    assertTrue(m.contains("Attribute 's' of item {\"id\":{\"S\":\"a\"}}") && m.contains("bigint")
        && m.contains(types), m);

    o.put("onTypeMismatch", "null");
    List<String> rows = spark.read().format("dynamodb").schema(schema).options(o).load().collectAsList().stream()
        .map(SparkTestSupport::render).sorted().collect(Collectors.toList());
    assertEquals(List.of("('a', 42, 1.250BD, null)", "('b', -7, 1000.000BD, null)", "('c', null, null, null)"), rows);
  }

  // ---- pushdown -------------------------------------------------------------------------------------

  @Test
  void hashKeyEqualityRunsAQueryNotAScan(Backend backend) {
    Dataset<Row> df = viaProxy(backend, orders);
    long scans = proxy.requests(orders, "Scan");
    long queries = proxy.requests(orders, "Query");
    Dataset<Row> one = df.filter(col("id").equalTo("item-000123"));
    List<Row> rows = one.collectAsList();
    assertEquals(1, rows.size());
    assertEquals("item-000123", rows.get(0).getAs("id"));
    assertEquals(orderItems.get(123).get("name").s(), rows.get(0).getAs("name"));
    assertEquals(1, proxy.requests(orders, "Query") - queries, "one Query");
    assertEquals(0, proxy.requests(orders, "Scan") - scans, "no Scan");
    DynamoDBScan scan = scanOf(one);
    assertTrue(scan.plan().isQuery());
    assertTrue(scan.description().contains("Query x1 [id = 'item-000123']"), scan.description());
    assertTrue(scan.description().contains("pushedFilters=[id = 'item-000123'"), scan.description());
    String explain = one.queryExecution().explainString(org.apache.spark.sql.execution.SimpleMode$.MODULE$);
    assertTrue(explain.contains("Query x1") && explain.contains("pushedFilters=[id = 'item-000123'"), explain);

    // IN: one Query per value, plus a non-key filter evaluated by the service
    scans = proxy.requests(orders, "Scan");
    queries = proxy.requests(orders, "Query");
    Dataset<Row> three = df.filter(col("id").isin("item-000001", "item-000002", "item-000003", "no-such-item")
        .and(col("quantity").geq(0)));
    assertEquals(3, three.count());
    assertEquals(4, proxy.requests(orders, "Query") - queries, "one Query per IN value");
    assertEquals(0, proxy.requests(orders, "Scan") - scans);
  }

  @Test
  void withPushdownOffTheSameFilterScans(Backend backend) {
    Map<String, String> o = SparkTestSupport.options(proxy.endpoint(), backend.region(), orders);
    o.put("pushdown", "false");
    Dataset<Row> df = spark.read().format("dynamodb").options(o).load();
    long scans = proxy.requests(orders, "Scan");
    long queries = proxy.requests(orders, "Query");
    assertEquals(1, df.filter(col("id").equalTo("item-000123")).count());
    assertEquals(0, proxy.requests(orders, "Query") - queries);
    assertTrue(proxy.requests(orders, "Scan") - scans >= 4, "a full parallel scan");
  }

  @Test
  void rangeKeyComparisonsBecomeTheKeyCondition(Backend backend) {
    Dataset<Row> df = viaProxy(backend, ranged);
    long queries = proxy.requests(ranged, "Query");
    long scans = proxy.requests(ranged, "Scan");
    Dataset<Row> q = df.filter(col("pk").equalTo("p1").and(col("sk").between(10, 20)).and(col("v").notEqual("v3")));
    List<Long> sks = q.collectAsList().stream().map(r -> r.<Long>getAs("sk")).sorted().collect(Collectors.toList());
    List<Long> want = new ArrayList<>();
    for (long s = 10; s <= 20; s++) {
      if (s % 7 != 3) {
        want.add(s);
      }
    }
    assertEquals(want, sks);
    assertEquals(1, proxy.requests(ranged, "Query") - queries);
    assertEquals(0, proxy.requests(ranged, "Scan") - scans);
    String d = scanOf(q).description();
    assertTrue(d.contains("[pk = 'p1' AND sk BETWEEN 10 AND 20]") && d.contains("FilterExpression=v <> 'v3'"), d);

    assertEquals(100, df.filter(col("pk").equalTo("p2").and(col("sk").lt(1000))).count());
    assertEquals(10, df.filter(col("pk").equalTo("p2").and(col("sk").geq(90))).count());
  }

  @Test
  void otherFiltersBecomeAFilterExpressionOnAScan(Backend backend) {
    Dataset<Row> df = viaProxy(backend, orders);
    Dataset<Row> q = df.filter(col("category").equalTo("books").and(col("quantity").gt(500))
        .and(col("name").startsWith("Sturdy").or(col("inStock").equalTo(true))));
    long want = orderItems.stream().filter(i -> i.get("category").s().equals("books")
        && Long.parseLong(i.get("quantity").n()) > 500
        && (i.get("name").s().startsWith("Sturdy") || i.get("inStock").bool())).count();
    long queries = proxy.requests(orders, "Query");
    assertEquals(want, q.count());
    // the unified planner picks the GSI on category by itself (before: a Scan unless indexName was set)
    assertTrue(proxy.requests(orders, "Query") - queries > 0);
    String d = scanOf(q).description();
    assertTrue(d.contains("index 'byCategory': Query x1 [category = 'books']") && d.contains("FilterExpression=")
        && d.contains("begins_with("), d);
    assertTrue(d.contains("category = 'books'") && d.contains("quantity > 500"), d);
  }

  @Test
  void pruningRequestsOnlyTheSelectedAttributes(Backend backend) {
    Dataset<Row> df = read(backend, orders, Map.of()).select("id", "price");
    DynamoDBScan scan = scanOf(df);
    assertTrue(scan.description().contains("columns=[id, price]"), scan.description());
    assertEquals("#p0, #p1", scan.plan().expressions().projection());
    // what the executors will send: the planned partitions' settings return only those attributes
    ScanSplit split = ((DynamoDBInputPartition) scan.planInputPartitions()[0]).split();
    Set<String> seen = new java.util.TreeSet<>();
    try (ScanReader reader = DynamoDBConnector.openReader(
        ((DynamoDBInputPartition) scan.planInputPartitions()[0]).settings(), split, new ConnectorMetrics())) {
      while (reader.hasNext()) {
        seen.addAll(reader.next().keySet());
      }
    }
    assertEquals(Set.of("id", "price"), seen);
    Map<String, BigDecimal> prices = new TreeMap<>();
    df.collectAsList().forEach(r -> prices.put(r.getString(0), r.getDecimal(1)));
    assertEquals(ORDERS, prices.size());
    assertEquals(new BigDecimal(orderItems.get(42).get("price").n()).setScale(2), prices.get("item-000042"));

    // count needs no column: Select=COUNT, no projection (PushdownIT); a count Spark filters reads the hash key
    Map<String, String> noName = SparkTestSupport.options(backend, orders);
    noName.remove("tableName");
    Dataset<Row> all = spark.read().format("dynamodb").options(noName).load(orders); // load(name) works too
    assertEquals(ORDERS, all.count());
    DynamoDBScan counting = scanOf(all.groupBy().count());
    assertTrue(counting.plan().countOnly(), counting.description());
    assertEquals(null, counting.plan().expressions().projection());
    DynamoDBScan filtered = scanOf(all.filter("length(name) > 3").groupBy().count());
    assertFalse(filtered.plan().countOnly(), "Spark filters: the items are read");
    assertEquals(Map.of("#p0", "name"), filtered.plan().expressions().names(), "only the column Spark filters on");
  }

  @Test
  void secondaryIndexIsQueriedByItsKey(Backend backend) {
    Map<String, String> o = SparkTestSupport.options(proxy.endpoint(), backend.region(), orders);
    o.put("indexName", "byCategory");
    Dataset<Row> df = spark.read().format("dynamodb").options(o).load();
    assertFalse(df.schema().apply("category").nullable(), "the index's key is never null in the index");
    long queries = proxy.requests(orders, "Query");
    long scans = proxy.requests(orders, "Scan");
    long want = orderItems.stream().filter(i -> i.get("category").s().equals("toys")).count();
    Dataset<Row> toys = df.filter(col("category").equalTo("toys"));
    assertEquals(want, toys.count());
    long sent = proxy.requests(orders, "Query") - queries;
    // one Query (its first page is small, a tenth of a second of the task's rate, so it may take two)
    assertTrue(sent >= 1 && sent <= 2, sent + " Query requests");
    assertEquals(0, proxy.requests(orders, "Scan") - scans);
    assertTrue(scanOf(toys).description().contains("index 'byCategory'"), scanOf(toys).description());
  }

  // ---- SQL ------------------------------------------------------------------------------------------

  @Test
  void sqlAggregateOverATemporaryView(Backend backend) {
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW orders USING dynamodb OPTIONS (tableName '" + orders
        + "', endpoint '" + backend.endpoint() + "', region '" + backend.region()
        + "', accessKeyId 'dummy', secretAccessKey 'dummy', readPercent '0.9')");
    List<Row> rows = spark.sql("SELECT category, count(*) AS n, sum(quantity) AS q, sum(price) AS p FROM orders"
        + " GROUP BY category ORDER BY category").collectAsList();
    Map<String, long[]> want = new TreeMap<>();
    Map<String, BigDecimal> wantPrice = new TreeMap<>();
    for (Map<String, AttributeValue> i : orderItems) {
      long[] a = want.computeIfAbsent(i.get("category").s(), k -> new long[2]);
      a[0]++;
      a[1] += Long.parseLong(i.get("quantity").n());
      wantPrice.merge(i.get("category").s(), new BigDecimal(i.get("price").n()), BigDecimal::add);
    }
    assertEquals(want.size(), rows.size());
    for (Row r : rows) {
      long[] a = want.get(r.getString(0));
      assertEquals(a[0], r.getLong(1), r.toString());
      assertEquals(a[1], r.getLong(2), r.toString());
      assertEquals(0, wantPrice.get(r.getString(0)).compareTo(r.getDecimal(3)), r.toString());
    }
  }
}
