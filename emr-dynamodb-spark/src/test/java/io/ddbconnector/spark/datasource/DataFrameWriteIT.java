package io.ddbconnector.spark.datasource;

import static io.ddbconnector.spark.SparkTestSupport.writeOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.spark.SparkTestSupport;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.ItemCorpus;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** DataFrame writes in {@code local[2]}: exact round trips, update and delete modes, key errors. */
@ExtendWith(DynamoDBBackendExtension.class)
class DataFrameWriteIT {

  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.session("DataFrameWriteIT");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void writeThenReadRoundTripIsExact(Backend backend) {
    String source = backend.createTable("w_src", "id", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> items = new ArrayList<>(ItemCorpus.tricky("id"));
    items.addAll(ItemCorpus.generated("id", 500, 3));
    backend.putAll(source, items);
    List<Map<String, AttributeValue>> stored = backend.scanAll(source);

    Dataset<Row> df = spark.read().format("dynamodb").options(writeOptions(backend, source)).load();
    String target = backend.createTable("w_dst", "id", ScalarAttributeType.S);
    df.repartition(3).write().format("dynamodb").options(writeOptions(backend, target)).mode("append").save();

    // DynamoDB's typed NULL reads as SQL null and is not written back: the only difference allowed
    List<Map<String, AttributeValue>> expected = stored.stream().map(ConvertersTest::withoutNulls)
        .collect(Collectors.toList());
    ItemChecksum.assertSameItems(expected, backend.scanAll(target), "id");

    // and reading the copy with the same schema gives the same rows
    List<String> before = df.collectAsList().stream().map(SparkTestSupport::render).sorted().collect(Collectors.toList());
    List<String> after = spark.read().format("dynamodb").schema(df.schema()).options(writeOptions(backend, target)).load()
        .collectAsList().stream().map(SparkTestSupport::render).sorted().collect(Collectors.toList());
    assertEquals(before, after);
  }

  @Test
  void rowsOfAGivenSchemaBecomeExactItems(Backend backend) {
    String target = backend.createTable("w_rows", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("pk", DataTypes.StringType, false),
        DataTypes.createStructField("sk", DataTypes.IntegerType, false),
        DataTypes.createStructField("price", DataTypes.createDecimalType(12, 2), true),
        DataTypes.createStructField("ratio", DataTypes.DoubleType, true),
        DataTypes.createStructField("raw", DataTypes.BinaryType, true),
        DataTypes.createStructField("tags", DataTypes.createArrayType(DataTypes.StringType), true),
        DataTypes.createStructField("attrs", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true),
        DataTypes.createStructField("dims", DataTypes.createStructType(List.of(
            DataTypes.createStructField("w", DataTypes.LongType, true),
            DataTypes.createStructField("h", DataTypes.LongType, true))), true)));
    List<Row> rows = List.of(
        RowFactory.create("a", 1, new BigDecimal("12.50"), 0.1, new byte[] {1, 2}, new String[] {"x", "y"},
            Map.of("k", 5L), RowFactory.create(3L, null)),
        RowFactory.create("a", 2, null, null, null, null, null, null));
    spark.createDataFrame(rows, schema).write().format("dynamodb").options(writeOptions(backend, target)).mode("append")
        .save();
    Map<String, AttributeValue> first = new java.util.LinkedHashMap<>();
    first.put("pk", AttributeValue.fromS("a"));
    first.put("sk", AttributeValue.fromN("1"));
    first.put("price", AttributeValue.fromN("12.5"));
    first.put("ratio", AttributeValue.fromN("0.1"));
    first.put("raw", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2})));
    first.put("tags", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromS("y"))));
    first.put("attrs", AttributeValue.fromM(Map.of("k", AttributeValue.fromN("5"))));
    first.put("dims", AttributeValue.fromM(Map.of("w", AttributeValue.fromN("3"))));
    ItemChecksum.assertSameItems(List.of(first, Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("2"))),
        backend.scanAll(target), "pk", "sk");
  }

  @Test
  void updateModeChangesOnlyTheGivenColumns(Backend backend) {
    String table = backend.createTable("w_upd", "id", ScalarAttributeType.S);
    backend.putAll(table, ItemCorpus.generated("id", 50, 5));
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("id", DataTypes.StringType, false),
        DataTypes.createStructField("quantity", DataTypes.LongType, true),
        DataTypes.createStructField("category", DataTypes.StringType, true)));
    List<Row> rows = List.of(RowFactory.create("item-000001", 7L, null), RowFactory.create("item-000002", null, "misc"),
        RowFactory.create("new-item", 1L, "fresh"));
    Map<String, String> o = writeOptions(backend, table);
    o.put("mode", "update");
    spark.createDataFrame(rows, schema).write().format("dynamodb").options(o).mode("append").save();
    Map<String, Map<String, AttributeValue>> byId = new java.util.HashMap<>();
    backend.scanAll(table).forEach(i -> byId.put(i.get("id").s(), i));
    Map<String, AttributeValue> original1 = ItemCorpus.generated("id", 50, 5).get(1);
    Map<String, AttributeValue> one = byId.get("item-000001");
    assertEquals("7", one.get("quantity").n());
    assertEquals(original1.get("name"), one.get("name"), "other attributes are kept");
    assertEquals(original1.get("category"), one.get("category"), "a null column leaves the attribute alone");
    assertEquals("misc", byId.get("item-000002").get("category").s());
    assertEquals(Map.of("id", AttributeValue.fromS("new-item"), "quantity", AttributeValue.fromN("1"),
        "category", AttributeValue.fromS("fresh")), byId.get("new-item"));
    assertEquals(51, byId.size());

    o.put("removeNulls", "true");
    spark.createDataFrame(List.of(RowFactory.create("item-000003", 9L, null)), schema).write().format("dynamodb")
        .options(o).mode("append").save();
    Map<String, AttributeValue> three = backend.scanAll(table).stream()
        .filter(i -> i.get("id").s().equals("item-000003")).findFirst().get();
    assertFalse(three.containsKey("category"), "removeNulls removes the attribute: " + three);
    assertEquals("9", three.get("quantity").n());
    assertTrue(three.containsKey("name"));
  }

  @Test
  void deleteModeDeletesTheRowsKeys(Backend backend) {
    String table = backend.createTable("w_del", "id", ScalarAttributeType.S);
    backend.putAll(table, ItemCorpus.generated("id", 40, 9));
    Map<String, String> o = writeOptions(backend, table);
    Dataset<Row> doomed = spark.read().format("dynamodb").options(o).load().filter("quantity >= 500").select("id");
    long n = doomed.count();
    assertTrue(n > 0 && n < 40);
    o.put("mode", "delete");
    doomed.write().format("dynamodb").options(o).mode("append").save();
    assertEquals(40 - n, backend.count(table));
  }

  @Test
  void nullOrMistypedKeysFailNamingTheRowsKey(Backend backend) {
    String table = backend.createTable("w_bad", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("pk", DataTypes.StringType, true),
        DataTypes.createStructField("sk", DataTypes.LongType, true)));
    Exception e = assertThrows(Exception.class, () -> spark.createDataFrame(
        List.of(RowFactory.create("ok", 1L), RowFactory.create("p-17", null)), schema).coalesce(1).write()
        .format("dynamodb").options(writeOptions(backend, table)).mode("append").save());
    String m = SparkTestSupport.messages(e);
    assertTrue(m.contains("Row with key {pk={\"S\":\"p-17\"}, sk=null}") && m.contains("key column 'sk' is null")
        && m.contains(table), m);

    StructType wrong = DataTypes.createStructType(List.of(
        DataTypes.createStructField("pk", DataTypes.StringType, true),
        DataTypes.createStructField("sk", DataTypes.StringType, true)));
    e = assertThrows(Exception.class, () -> spark.createDataFrame(List.of(RowFactory.create("p-18", "3")), wrong)
        .write().format("dynamodb").options(writeOptions(backend, table)).mode("append").save());
    m = SparkTestSupport.messages(e);
    assertTrue(m.contains("{pk={\"S\":\"p-18\"}, sk={\"S\":\"3\"}}") && m.contains("must be of type N"), m);

    StructType noKey = DataTypes.createStructType(List.of(DataTypes.createStructField("pk", DataTypes.StringType, true)));
    e = assertThrows(Exception.class, () -> spark.createDataFrame(List.of(RowFactory.create("p")), noKey)
        .write().format("dynamodb").options(writeOptions(backend, table)).mode("append").save());
    m = SparkTestSupport.messages(e);
    assertTrue(m.contains("no column for key attribute 'sk'"), m);
  }

  @Test
  void writingNeedsAppendMode(Backend backend) {
    String table = backend.createTable("w_mode", "id", ScalarAttributeType.S);
    StructType schema = DataTypes.createStructType(List.of(DataTypes.createStructField("id", DataTypes.StringType, false)));
    Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create("x")), schema);
    Exception e = assertThrows(Exception.class,
        () -> df.write().format("dynamodb").options(writeOptions(backend, table)).save());
    assertTrue(SparkTestSupport.messages(e).contains("ErrorIfExists"), SparkTestSupport.messages(e));
    assertEquals(0, backend.count(table));
  }
}
