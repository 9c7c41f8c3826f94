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
import java.util.LinkedHashMap;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Number fidelity through DataFrames in {@code local[2]}: the tricky and number corpora read with an inferred
 * schema and written to a second table come back exact (typed NULLs, enumerated, excepted); a number that
 * does not fit a declared column fails naming table, key and attribute, or reads as exact text under
 * {@code numbersAsStrings}; number text that is no number fails the write naming key and column.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class DataFrameNumbersIT {

  /**
   * Every difference the copy may have: attributes (by path) whose DynamoDB value is a typed NULL that reads
   * as SQL null and is not written back, as an attribute or as a field of a map read as a struct. NULLs in
   * lists and in JSON (mixed-type) columns are kept, so they are not here.
   */
  private static final Map<String, List<List<String>>> DROPPED_NULLS = Map.of(
      "all-types", List.of(List.of("null")),
      "booleans-and-nulls", List.of(List.of("nothing"), List.of("map", "n")));

  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.session("DataFrameNumbersIT");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void corporaCopiedThroughAnInferredSchemaAreExactButForTypedNulls(Backend backend) {
    String source = backend.createTable("num_src", "id", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> items = new ArrayList<>(ItemCorpus.tricky("id"));
    items.addAll(ItemCorpus.numbers("id"));
    backend.putAll(source, items);
    List<Map<String, AttributeValue>> stored = backend.scanAll(source);
    assertEquals(items.size(), stored.size());

    Dataset<Row> df = spark.read().format("dynamodb").options(writeOptions(backend, source)).load();
    String schema = df.schema().json();
    assertFalse(schema.contains("\"double\"") || schema.contains("\"float\""), df.schema().treeString());
    String target = backend.createTable("num_dst", "id", ScalarAttributeType.S);
    df.write().format("dynamodb").options(writeOptions(backend, target)).mode("append").save();

    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    for (Map<String, AttributeValue> item : stored) {
      expected.add(withoutNulls(item, DROPPED_NULLS.getOrDefault(item.get("id").s(), List.of())));
    }
    ItemChecksum.assertSameItems(expected, backend.scanAll(target), "id");
  }

  @Test
  void numberKeyThatFitsNoDecimalIsCopiedExactly(Backend backend) {
    String source = backend.createTable("numkey_src", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (String sk : new String[] {"1E-130", "1.5", "-9.9999999999999999999999999999999999999E+125",
        "12345678901234567890123456789012345678"}) {
      items.add(Map.of("pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromN(sk)));
    }
    backend.putAll(source, items);
    Dataset<Row> df = spark.read().format("dynamodb").options(writeOptions(backend, source)).load();
    assertEquals("struct<pk:string,sk:string>", df.schema().simpleString());
    assertEquals(List.of("1.5"), df.filter("sk = '1.5'").select("sk").collectAsList().stream()
        .map(r -> r.getString(0)).collect(Collectors.toList()), "number text is compared as text, by Spark");
    String target = backend.createTable("numkey_dst", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
    df.write().format("dynamodb").options(writeOptions(backend, target)).mode("append").save();
    ItemChecksum.assertSameItems(backend.scanAll(source), backend.scanAll(target), "pk", "sk");
  }

  @Test
  void declaredBigintMeetingAFractionFailsNamingKeyAndAttributeOrReadsExactTextWhenWidened(Backend backend) {
    String source = backend.createTable("num_decl", "id", ScalarAttributeType.S);
    backend.putAll(source, List.of(
        Map.of("id", AttributeValue.fromS("a"), "qty", AttributeValue.fromN("1")),
        Map.of("id", AttributeValue.fromS("b"), "qty", AttributeValue.fromN("1.5")),
        Map.of("id", AttributeValue.fromS("c"), "qty", AttributeValue.fromN("12345678901234567890123456789012345678"))));
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("id", DataTypes.StringType, false),
        DataTypes.createStructField("qty", DataTypes.LongType, true)));
    Map<String, String> o = writeOptions(backend, source);
    Exception e = assertThrows(Exception.class,
        () -> spark.read().format("dynamodb").schema(schema).options(o).load().collectAsList());
    String m = SparkTestSupport.messages(e);
    assertTrue(m.contains("Attribute 'qty' of item {\"id\":{\"S\":\"b\"}} in table '" + source + "'")
        && m.contains("is the number 1.5, which does not fit bigint") && m.contains("numbersAsStrings=true"), m);

    o.put("numbersAsStrings", "true");
    Dataset<Row> widened = spark.read().format("dynamodb").schema(schema).options(o).load();
    assertEquals("struct<id:string,qty:string>", widened.schema().simpleString());
    assertEquals(List.of("('a', '1')", "('b', '1.5')", "('c', '12345678901234567890123456789012345678')"),
        widened.collectAsList().stream().map(SparkTestSupport::render).sorted().collect(Collectors.toList()));

    // written back; the option may stay in a write's options: Spark then casts a typed DataFrame's numbers to
    // the widened columns' text (metadata dynamodb.type=N, nested fields too), which is written as numbers
    String target = backend.createTable("num_decl_dst", "id", ScalarAttributeType.S);
    Map<String, String> to = writeOptions(backend, target);
    to.put("numbersAsStrings", "true");
    widened.write().format("dynamodb").options(to).mode("append").save();
    ItemChecksum.assertSameItems(backend.scanAll(source), backend.scanAll(target), "id");
    StructType typed = DataTypes.createStructType(List.of(
        DataTypes.createStructField("id", DataTypes.StringType, false),
        DataTypes.createStructField("n", DataTypes.LongType, true),
        DataTypes.createStructField("s", DataTypes.createStructType(List.of(
            DataTypes.createStructField("d", DataTypes.createDecimalType(10, 2), true))), true)));
    spark.createDataFrame(List.of(RowFactory.create("typed", 5L, RowFactory.create(new BigDecimal("2.50")))), typed)
        .write().format("dynamodb").options(to).mode("append").save();
    Map<String, AttributeValue> written = backend.scanAll(target).stream()
        .filter(i -> i.get("id").s().equals("typed")).findFirst().orElseThrow();
    assertEquals(AttributeValue.fromN("5"), written.get("n"));
    assertEquals(AttributeValue.fromM(Map.of("d", AttributeValue.fromN("2.5"))), written.get("s"));
  }

  @Test
  void numberTextThatIsNoNumberFailsTheWriteNamingKeyAndColumn(Backend backend) {
    String target = backend.createTable("num_bad", "id", ScalarAttributeType.S);
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("id", DataTypes.StringType, false),
        DataTypes.createStructField("price", DataTypes.StringType, true, SparkTypes.typeMetadata("N"))));
    Exception e = assertThrows(Exception.class, () -> spark.createDataFrame(List.of(
        RowFactory.create("ok", "9.9999999999999999999999999999999999999E+125"),
        RowFactory.create("bad", "12,50")), schema).coalesce(1).write().format("dynamodb")
        .options(writeOptions(backend, target)).mode("append").save());
    String m = SparkTestSupport.messages(e);
    assertTrue(m.contains("Row with key {id={\"S\":\"bad\"}}") && m.contains("column 'price'")
        && m.contains("'12,50' is not a number") && m.contains(target), m);
  }

  /** {@code item} without the attributes at {@code paths}, each of which must be a typed NULL. */
  private static Map<String, AttributeValue> withoutNulls(Map<String, AttributeValue> item, List<List<String>> paths) {
    Map<String, AttributeValue> out = new LinkedHashMap<>(item);
    for (List<String> path : paths) {
      out = remove(out, path, item.get("id").s());
    }
    return out;
  }

  private static Map<String, AttributeValue> remove(Map<String, AttributeValue> map, List<String> path, String id) {
    Map<String, AttributeValue> out = new LinkedHashMap<>(map);
    AttributeValue v = out.get(path.get(0));
    if (path.size() == 1) {
      assertTrue(v != null && Boolean.TRUE.equals(v.nul()), id + ": " + path + " is no typed NULL: " + v);
      out.remove(path.get(0));
    } else {
      out.put(path.get(0), AttributeValue.fromM(remove(v.m(), path.subList(1, path.size()), id)));
    }
    return out;
  }
}
