package io.ddbconnector.spark.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.spark.SparkTestSupport;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The DynamoDB catalog in {@code local[2]}: listing, describing, reading, writing, pinned and inferred schemas,
 * and the errors; requests counted at a proxy. Table names hold dots and dashes, so every statement quotes them.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class CatalogIT {

  static final String SECRET = "catalog-secret-7f3a9c";
  static SparkSession spark;
  static ThrottlingProxy proxy;
  static Backend backend;
  static String orders;
  static String events;
  static String pinned;
  static List<Map<String, AttributeValue>> orderItems;

  @BeforeAll
  static void start(Backend b) {
    backend = b;
    spark = SparkTestSupport.session("CatalogIT");
    proxy = ThrottlingProxy.start(b.endpoint());

    orders = b.createTable("cat.orders-x", "id", ScalarAttributeType.S, null, null, t -> t
        .attributeDefinitions(def("id", ScalarAttributeType.S), def("category", ScalarAttributeType.S))
        .provisionedThroughput(p -> p.readCapacityUnits(1000L).writeCapacityUnits(700L))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byCategory")
            .keySchema(key("category", KeyType.HASH))
            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
            .provisionedThroughput(p -> p.readCapacityUnits(40L).writeCapacityUnits(30L)).build()));
    orderItems = ItemCorpus.generated("id", 400, 17);
    b.putAll(orders, orderItems);

    events = b.createTable("cat.events-x", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N, t -> t
        .attributeDefinitions(def("pk", ScalarAttributeType.S), def("sk", ScalarAttributeType.N),
            def("kind", ScalarAttributeType.S))
        .billingMode(BillingMode.PAY_PER_REQUEST).provisionedThroughput((ProvisionedThroughput) null)
        .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("byKind")
            .keySchema(key("pk", KeyType.HASH), key("kind", KeyType.RANGE))
            .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build()));

    pinned = b.createTable("cat_pinned", "id", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> pinnedItems = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      pinnedItems.add(Map.of("id", AttributeValue.fromS("p" + i), "qty", AttributeValue.fromN(Integer.toString(i)),
          "total", AttributeValue.fromN(i + ".25"), "extra", AttributeValue.fromS("not pinned")));
    }
    b.putAll(pinned, pinnedItems);

    catalog("ddb", Map.of(
        "table." + pinned + ".schema", "id STRING, qty INT, total DECIMAL(38,10)",
        "table." + events + ".schema", "pk STRING, sk BIGINT, kind STRING, amount DECIMAL(38,10)"));
  }

  /** Registers catalog {@code name} on the proxy with a secret key and {@code extra} options. */
  static void catalog(String name, Map<String, String> extra) {
    String prefix = "spark.sql.catalog." + name;
    spark.conf().set(prefix, DynamoDBCatalog.class.getName());
    spark.conf().set(prefix + ".endpoint", proxy.endpoint().toString());
    spark.conf().set(prefix + ".region", backend.region());
    spark.conf().set(prefix + ".accessKeyId", "dummy");
    spark.conf().set(prefix + ".secretAccessKey", SECRET);
    spark.conf().set(prefix + ".writeCapacity", "100000");
    extra.forEach((k, v) -> spark.conf().set(prefix + "." + k, v));
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

  @Test
  void showTablesListsTheAccountsTables() {
    Set<String> names = spark.sql("SHOW TABLES IN ddb").collectAsList().stream()
        .map(r -> r.getString(r.fieldIndex("tableName"))).collect(Collectors.toSet());
    assertTrue(names.containsAll(List.of(orders, events, pinned)), "SHOW TABLES IN ddb: " + names);
    assertEquals(Set.copyOf(backend.client().listTablesPaginator().tableNames().stream().collect(Collectors.toList())),
        names, "the catalog lists exactly the account's tables");

    spark.sql("USE ddb");
    try {
      Set<String> current = spark.sql("SHOW TABLES").collectAsList().stream()
          .map(r -> r.getString(r.fieldIndex("tableName"))).collect(Collectors.toSet());
      assertEquals(names, current, "USE ddb makes the catalog current");
      assertEquals(30L, spark.sql("SELECT count(*) FROM `" + pinned + "`").first().getLong(0));
    } finally {
      spark.sql("USE spark_catalog.default");
    }
  }

  @Test
  void tableExistsReadsNoSample() {
    catalog("ddb_exists", Map.of());
    long scans = proxy.requests(orders, "Scan");
    spark.sql("DROP TABLE IF EXISTS ddb_exists.`no.such-table`"); // nothing to drop: no error
    String drop = message(() -> spark.sql("DROP TABLE IF EXISTS ddb_exists.`" + orders + "`"));
    assertTrue(drop.contains("does not drop tables (table '" + orders + "')"), drop);
    assertEquals(scans, proxy.requests(orders, "Scan"), "existence is DescribeTable only");
  }

  @Test
  void describeShowsKeysIndexesAndCapacityButNoSecret() {
    String plain = spark.sql("DESCRIBE ddb.`" + orders + "`").collectAsList().toString();
    assertTrue(plain.contains("[id,string,hash key (S)]"), "a plain DESCRIBE shows the keys: " + plain);
    assertTrue(plain.contains("[category,string,hash key of GSI byCategory]"), plain);
    String text = describe("ddb", orders);
    assertTrue(text.contains("id\tstring"), text);
    assertTrue(text.contains("dynamodb.hashKey=id (S)"), text);
    assertTrue(text.contains("dynamodb.capacityMode=PROVISIONED"), text);
    assertTrue(text.contains("dynamodb.readCapacity=1000 units/s"), text);
    assertTrue(text.contains("dynamodb.writeCapacity=700 units/s"), text);
    assertTrue(text.contains("dynamodb.index.byCategory=GSI, keys [category (S)], projection ALL, 40 RCU / 30 WCU"),
        text);
    assertTrue(text.contains("dynamodb.itemCount="), text);
    assertTrue(text.contains("option.secretAccessKey=****"), text);
    assertFalse(text.contains(SECRET), "the secret key is never shown: " + text);

    String ev = describe("ddb", events);
    assertTrue(ev.contains("dynamodb.hashKey=pk (S)"), ev);
    assertTrue(ev.contains("dynamodb.rangeKey=sk (N)"), ev);
    assertTrue(ev.contains("dynamodb.capacityMode=PAY_PER_REQUEST"), ev);
    assertTrue(ev.contains("dynamodb.index.byKind=LSI, keys [pk (S), kind (S)], projection KEYS_ONLY"), ev);
    assertFalse(ev.contains(SECRET), ev);

    String props = spark.sql("SHOW TBLPROPERTIES ddb.`" + orders + "`").collectAsList().toString();
    assertTrue(props.contains("dynamodb.hashKey"), props);
    assertFalse(props.contains(SECRET), props);
  }

  @Test
  void selectWithAFilterEqualsTheSourcesRead() {
    String category = orderItems.get(0).get("category").s();
    List<String> viaCatalog = rows(spark.sql("SELECT id, quantity, price FROM ddb.`" + orders + "` WHERE category = '"
        + category + "' AND quantity >= 100"));
    Map<String, String> o = SparkTestSupport.options(proxy.endpoint(), backend.region(), orders);
    List<String> viaSource = rows(spark.read().format("dynamodb").options(o).load()
        .where("category = '" + category + "' AND quantity >= 100").select("id", "quantity", "price"));
    long expected = orderItems.stream().filter(i -> i.get("category").s().equals(category)
        && Integer.parseInt(i.get("quantity").n()) >= 100).count();
    assertTrue(expected > 0);
    assertEquals(expected, viaCatalog.size());
    assertEquals(viaSource, viaCatalog);
  }

  @Test
  void aQuerysOwnOptionsOverrideTheCatalogs() {
    String category = orderItems.get(1).get("category").s();
    String where = " WHERE category = '" + category + "'";
    long queries = proxy.requests(orders, "Query");
    long scans = proxy.requests(orders, "Scan");
    long n = spark.sql("SELECT id FROM ddb.`" + orders + "`" + where).count();
    assertTrue(proxy.requests(orders, "Query") > queries, "the catalog's default: the filter becomes a Query");
    assertEquals(scans, proxy.requests(orders, "Scan"));

    queries = proxy.requests(orders, "Query");
    long withOption = spark.sql("SELECT id FROM ddb.`" + orders + "` WITH ('pushdown' = 'false')" + where).count();
    assertEquals(n, withOption);
    assertEquals(queries, proxy.requests(orders, "Query"), "pushdown=false for this query: no Query");
    assertTrue(proxy.requests(orders, "Scan") > scans, "it scans instead");

    String bad = message(() -> spark.sql("SELECT id FROM ddb.`" + orders + "` WITH ('readPercent' = 'lots')")
        .collectAsList());
    assertTrue(bad.contains("dynamodb.throughput.read.percent"), bad);
  }

  @Test
  void aMisspeltCatalogOptionFailsNamingTheOptionMeant() {
    catalog("ddb_typo", Map.of("readPrecent", "0.2"));
    String m = message(() -> spark.sql("SHOW TABLES IN ddb_typo").collectAsList());
    assertTrue(m.contains("DynamoDB catalog 'ddb_typo'") && m.contains("did you mean 'readPercent'"), m);
  }

  @Test
  void insertOverwriteIsRefused() {
    String m = message(() -> spark.sql("INSERT OVERWRITE ddb.`" + pinned + "` SELECT 'x', 1, 1.0"));
    assertTrue(m.contains(pinned), m);
    assertEquals(30, backend.count(pinned), "nothing written, nothing deleted");
  }

  @Test
  void insertIntoWritesExactlyTheRows() {
    spark.sql("INSERT INTO ddb.`" + events + "` VALUES ('a', 1, 'open', 1.50), ('a', 2, 'close', 0.0000000001),"
        + " ('b', 1, 'open', 12345678901234567890.5)");
    spark.sql("INSERT INTO ddb.`" + events + "` SELECT 'c' AS pk, CAST(id AS BIGINT) AS sk, 'gen' AS kind,"
        + " CAST(id AS DECIMAL(38,10)) / 4 AS amount FROM range(1, 21)");
    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    expected.add(event("a", "1", "open", "1.5"));
    expected.add(event("a", "2", "close", "1E-10"));
    expected.add(event("b", "1", "open", "12345678901234567890.5"));
    for (int i = 1; i <= 20; i++) {
      expected.add(event("c", Integer.toString(i), "gen", new BigDecimal(i).divide(new BigDecimal(4))
          .stripTrailingZeros().toPlainString()));
    }
    List<Map<String, AttributeValue>> actual = backend.scanAll(events);
    assertEquals(expected.size(), actual.size(), "items: " + actual);
    Map<String, Map<String, AttributeValue>> byKey = new LinkedHashMap<>();
    actual.forEach(i -> byKey.put(i.get("pk").s() + "/" + i.get("sk").n(), i));
    for (Map<String, AttributeValue> e : expected) {
      Map<String, AttributeValue> a = byKey.get(e.get("pk").s() + "/" + e.get("sk").n());
      assertEquals(e.keySet(), a.keySet(), "attributes of " + e);
      assertEquals(e.get("kind"), a.get("kind"));
      assertEquals(0, new BigDecimal(e.get("amount").n()).compareTo(new BigDecimal(a.get("amount").n())),
          "amount of " + e + " vs " + a);
    }
    // and read back through the catalog
    assertEquals(23L, spark.sql("SELECT count(*) FROM ddb.`" + events + "`").first().getLong(0));
  }

  private static Map<String, AttributeValue> event(String pk, String sk, String kind, String amount) {
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    m.put("pk", AttributeValue.fromS(pk));
    m.put("sk", AttributeValue.fromN(sk));
    m.put("kind", AttributeValue.fromS(kind));
    m.put("amount", AttributeValue.fromN(amount));
    return m;
  }

  @Test
  void aPinnedSchemaIsUsedWithoutSampling() {
    // DESCRIBE EXTENDED also asks for statistics (DescribeTable's size, else one sampled page, reused for 15
    // minutes); a catalog without that sample shows that the schema itself costs no Scan
    catalog("ddb_nosample", Map.of("table." + pinned + ".schema", "id STRING, qty INT, total DECIMAL(38,10)",
        "dynamodb.scan.sampleSize", "false"));
    long scans = proxy.requests(pinned, "Scan");
    String bare = describe("ddb_nosample", pinned);
    assertEquals(scans, proxy.requests(pinned, "Scan"), "loading a pinned table scans nothing");
    assertTrue(bare.contains("qty\tint"), bare);
    String text = describe("ddb", pinned);
    assertTrue(proxy.requests(pinned, "Scan") <= scans + 1, "at most the statistics page");
    assertTrue(text.contains("qty\tint"), text);
    assertTrue(text.contains("total\tdecimal(38,10)"), text);
    assertFalse(text.contains("extra"), "only the pinned columns: " + text);
    assertTrue(text.contains("dynamodb.schema=pinned by spark.sql.catalog.ddb.table." + pinned + ".schema"), text);

    Dataset<Row> df = spark.sql("SELECT * FROM ddb.`" + pinned + "` WHERE qty >= 28");
    StructType schema = df.schema();
    assertEquals(List.of("id", "qty", "total"), List.of(schema.fieldNames()));
    assertEquals(DataTypes.IntegerType, schema.apply("qty").dataType());
    assertEquals(DataTypes.createDecimalType(38, 10), schema.apply("total").dataType());
    assertFalse(schema.apply("id").nullable(), "key columns are NOT NULL");
    assertEquals(List.of("'p28', 28, 28.2500000000BD", "'p29', 29, 29.2500000000BD"), rows(df));
  }

  @Test
  void anInferredSchemaIsSampledOncePerSessionUntilRefreshed() {
    catalog("ddb_cache", Map.of());
    long before = proxy.requests(orders, "Scan");
    String text = describe("ddb_cache", orders);
    long sampled = proxy.requests(orders, "Scan");
    assertTrue(sampled > before, "the first load samples the table");
    assertTrue(text.contains("quantity\tbigint"), text);
    assertTrue(text.contains("dynamodb.schema=inferred from a sample of up to 1000 items"), text);
    describe("ddb_cache", orders);
    spark.sql("SELECT count(*) FROM ddb_cache.`" + orders + "`").collectAsList();
    long counted = proxy.requests(orders, "Scan");
    describe("ddb_cache", orders);
    assertEquals(counted, proxy.requests(orders, "Scan"), "later loads reuse the schema");
    spark.sql("REFRESH TABLE ddb_cache.`" + orders + "`");
    describe("ddb_cache", orders);
    assertTrue(proxy.requests(orders, "Scan") > counted, "REFRESH TABLE samples again");
  }

  @Test
  void aBadPinnedSchemaFailsNamingTheKeyAndTheTable() {
    catalog("ddb_bad", Map.of(
        "table." + orders + ".schema", "id STRING, total DECIMAL(38,",
        "table." + pinned + ".schema", "qty INT, total DOUBLE",
        "table." + events + ".schema", "pk STRING, sk STRING"));
    String ddl = message(() -> describe("ddb_bad", orders));
    assertTrue(ddl.contains("'spark.sql.catalog.ddb_bad.table." + orders + ".schema'"), ddl);
    assertTrue(ddl.contains("DynamoDB table '" + orders + "'"), ddl);
    assertTrue(ddl.contains("does not parse"), ddl);

    String missing = message(() -> describe("ddb_bad", pinned));
    assertTrue(missing.contains("'spark.sql.catalog.ddb_bad.table." + pinned + ".schema'"), missing);
    assertTrue(missing.contains("no column for the table's key attribute 'id' (S)"), missing);

    String type = message(() -> spark.sql("SELECT * FROM ddb_bad.`" + events + "`").collectAsList());
    assertTrue(type.contains("'spark.sql.catalog.ddb_bad.table." + events + ".schema'"), type);
    assertTrue(type.contains("key attribute 'sk' (N) the type string"), type);

    catalog("ddb_bad2", Map.of("table." + orders + ".schema", "id STRING, placed TIMESTAMP"));
    String unmapped = message(() -> describe("ddb_bad2", orders));
    assertTrue(unmapped.contains("'spark.sql.catalog.ddb_bad2.table." + orders + ".schema'"), unmapped);
    assertTrue(unmapped.contains("Column 'placed' has type timestamp"), unmapped);
  }

  @Test
  void aMissingTableIsNoSuchTable() throws Exception {
    Exception sql = assertThrows(Exception.class,
        () -> spark.sql("SELECT * FROM ddb.`no.such-table`").collectAsList());
    assertTrue(sql.getMessage().contains("TABLE_OR_VIEW_NOT_FOUND") && sql.getMessage().contains("no.such-table"),
        sql.getMessage());

    DynamoDBCatalog catalog = new DynamoDBCatalog();
    Map<String, String> o = new LinkedHashMap<>();
    o.put("endpoint", proxy.endpoint().toString());
    o.put("region", backend.region());
    o.put("accessKeyId", "dummy");
    o.put("secretAccessKey", "dummy");
    catalog.initialize("direct", new CaseInsensitiveStringMap(o));
    NoSuchTableException e = assertThrows(NoSuchTableException.class,
        () -> catalog.loadTable(Identifier.of(new String[0], "no.such-table")));
    assertTrue(e.getMessage().contains("`direct`.`no.such-table`"), e.getMessage());
    assertThrows(NoSuchTableException.class, () -> catalog.loadTable(Identifier.of(new String[] {"ns"}, orders)));
    assertFalse(catalog.tableExists(Identifier.of(new String[0], "no.such-table")));
    Table t = catalog.loadTable(Identifier.of(new String[0], orders));
    assertEquals("direct.`" + orders + "`", t.name());
  }

  @Test
  void createAlterAndDropAreRefusedNamingTheTable() {
    String drop = message(() -> spark.sql("DROP TABLE ddb.`" + orders + "`"));
    assertTrue(drop.contains("does not drop tables (table '" + orders + "')"), drop);
    assertTrue(drop.contains("aws dynamodb delete-table"), drop);
    String create = message(() -> spark.sql("CREATE TABLE ddb.`cat.new` (id STRING)"));
    assertTrue(create.contains("does not create tables (table 'cat.new')"), create);
    String alter = message(() -> spark.sql("ALTER TABLE ddb.`" + orders + "` ADD COLUMN x STRING"));
    assertTrue(alter.contains("does not alter tables (table '" + orders + "')"), alter);
    assertTrue(backend.client().describeTable(b -> b.tableName(orders)).table() != null, "the table is still there");
  }

  // ---- helpers

  /** DESCRIBE TABLE EXTENDED as tab-separated lines. */
  static String describe(String catalog, String table) {
    return spark.sql("DESCRIBE TABLE EXTENDED " + catalog + ".`" + table + "`").collectAsList().stream()
        .map(r -> r.getString(0) + "\t" + r.getString(1)).collect(Collectors.joining("\n"));
  }

  static List<String> rows(Dataset<Row> df) {
    return df.collectAsList().stream().map(r -> {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        parts.add(SparkTestSupport.render(r.get(i)));
      }
      return String.join(", ", parts);
    }).sorted().collect(Collectors.toList());
  }

  /** The messages of what {@code r} throws and of its causes. */
  static String message(Runnable r) {
    Throwable t = assertThrows(Throwable.class, r::run);
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }

  static AttributeDefinition def(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
