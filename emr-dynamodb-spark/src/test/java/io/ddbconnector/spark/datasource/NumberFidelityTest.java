package io.ddbconnector.spark.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.spark.SparkSettings.MismatchPolicy;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Numbers through the converters without Spark running: exact text, mismatches, widening, bad text. */
class NumberFidelityTest {

  private static final TableInfo TABLE = ConvertersTest.TABLE;
  private static final Metadata N = SparkTypes.typeMetadata("N");

  private static AttributeValue n(String v) {
    return AttributeValue.fromN(v);
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  @Test
  void numberCorpusRoundTripsExactlyThroughTheInferredAndTheWidenedSchema() {
    List<Map<String, AttributeValue>> items = ItemCorpus.numbers("id");
    StructType inferred = SchemaInference.infer(items, TABLE.keys());
    // the corpus's only NULL is a list element, which is kept: no exception to exactness here
    ItemChecksum.assertSameItems(items, ConvertersTest.roundTrip(items, inferred), "id");
    ItemChecksum.assertSameItems(items, ConvertersTest.roundTrip(items, SparkTypes.widenNumbers(inferred)), "id");
  }

  @Test
  void numberTextIsTheServicesTextAndOtherTypesAreMismatches() {
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("id", DataTypes.StringType, false),
        DataTypes.createStructField("n", DataTypes.StringType, true, N)));
    ItemToRow read = new ItemToRow(schema, "t", List.of("id"), MismatchPolicy.FAIL);
    InternalRow r = read.convert(Map.of("id", s("a"), "n", n("9.9999999999999999999999999999999999999E+125")));
    assertEquals("9.9999999999999999999999999999999999999E+125", r.getUTF8String(1).toString());
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class,
        () -> read.convert(Map.of("id", s("b"), "n", s("12"))));
    assertTrue(e.getMessage().contains("'n'") && e.getMessage().contains("{\"id\":{\"S\":\"b\"}}")
        && e.getMessage().contains("expected a number"), e.getMessage());
  }

  @Test
  void aNumberThatDoesNotFitNamesTableKeyAndPathAndTheWayOut() {
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("id", DataTypes.StringType, false),
        DataTypes.createStructField("qty", DataTypes.LongType, true),
        DataTypes.createStructField("m", DataTypes.createStructType(List.of(
            DataTypes.createStructField("l", DataTypes.createArrayType(DataTypes.createDecimalType(38, 2)), true))),
            true)));
    ItemToRow read = new ItemToRow(schema, "orders", List.of("id"), MismatchPolicy.FAIL);
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class,
        () -> read.convert(Map.of("id", s("k1"), "qty", n("1.5"))));
    String m = e.getMessage();
    assertTrue(m.contains("'qty'") && m.contains("{\"id\":{\"S\":\"k1\"}}") && m.contains("'orders'")
        && m.contains("1.5") && m.contains("numbersAsStrings=true"), m);
    e = assertThrows(DynamoDBConnectorException.class, () -> read.convert(Map.of("id", s("k2"),
        "m", AttributeValue.fromM(Map.of("l", AttributeValue.fromL(List.of(n("1"), n("1E-130"))))))));
    assertTrue(e.getMessage().contains("'m.l[1]'") && e.getMessage().contains("1E-130"), e.getMessage());

    // widened, the same items read as the exact text
    ItemToRow widened = new ItemToRow(SparkTypes.widenNumbers(schema), "orders", List.of("id"), MismatchPolicy.FAIL);
    assertEquals("1.5", widened.convert(Map.of("id", s("k1"), "qty", n("1.5"))).getUTF8String(1).toString());
    InternalRow r = widened.convert(Map.of("id", s("k2"),
        "m", AttributeValue.fromM(Map.of("l", AttributeValue.fromL(List.of(n("1"), n("1E-130")))))));
    assertEquals("1E-130", r.getStruct(2, 1).getArray(0).getUTF8String(1).toString());
  }

  @Test
  void widenNumbersTurnsEveryNumberTypeIntoNumberTextAndLeavesTheRest() {
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("id", DataTypes.StringType, false),
        DataTypes.createStructField("l", DataTypes.LongType, false),
        DataTypes.createStructField("d", DataTypes.DoubleType, true),
        DataTypes.createStructField("ns", DataTypes.createArrayType(DataTypes.createDecimalType(38, 2)), true,
            SparkTypes.typeMetadata("NS")),
        DataTypes.createStructField("lists", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.IntegerType)),
            true),
        DataTypes.createStructField("map", DataTypes.createMapType(DataTypes.StringType, DataTypes.FloatType), true),
        DataTypes.createStructField("s", DataTypes.createStructType(List.of(
            DataTypes.createStructField("b", DataTypes.ByteType, true),
            DataTypes.createStructField("ok", DataTypes.BooleanType, true))), true),
        DataTypes.createStructField("tags", DataTypes.createArrayType(DataTypes.StringType), true,
            SparkTypes.typeMetadata("SS"))));
    StructType w = SparkTypes.widenNumbers(schema);
    assertEquals("struct<id:string,l:string,d:string,ns:array<string>,lists:array<array<string>>,"
        + "map:map<string,string>,s:struct<b:string,ok:boolean>,tags:array<string>>", w.simpleString());
    assertTrue(SparkTypes.isNumberText(w.apply("l")) && !w.apply("l").nullable());
    assertTrue(SparkTypes.isNumberText(w.apply("d")));
    assertEquals("NS", SparkTypes.dynamoType(w.apply("ns")));
    assertTrue(SparkTypes.holdsNumbers(SparkTypes.elementMetadata(w.apply("ns").metadata())));
    assertTrue(SparkTypes.holdsNumbers(SparkTypes.elementMetadata(SparkTypes.elementMetadata(
        w.apply("lists").metadata()))), w.apply("lists").metadata().json());
    assertTrue(SparkTypes.holdsNumbers(SparkTypes.elementMetadata(w.apply("map").metadata())));
    assertTrue(SparkTypes.isNumberText(((StructType) w.apply("s").dataType()).apply("b")));
    assertEquals(schema.apply("tags"), w.apply("tags"), "no numbers inside: unchanged");
    assertEquals(schema.apply("id"), w.apply("id"));
  }

  @Test
  void numberTextThatIsNoDynamoNumberFailsNamingRowKeyAndColumn() {
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("id", DataTypes.StringType, false),
        DataTypes.createStructField("n", DataTypes.StringType, true, N),
        DataTypes.createStructField("m", DataTypes.createStructType(List.of(
            DataTypes.createStructField("x", DataTypes.StringType, true, N))), true),
        DataTypes.createStructField("l", DataTypes.createArrayType(DataTypes.StringType), true,
            new MetadataBuilder().putString(SparkTypes.TYPE_KEY, "L").putMetadata(SparkTypes.ELEMENT_KEY, N).build()),
        DataTypes.createStructField("d", DataTypes.DoubleType, true)));
    RowToItem write = new RowToItem(schema, TABLE);
    Map<String, AttributeValue> ok = write.item(row("a", "1.50", "-1E-130", "12345678901234567890123456789012345678",
        null));
    assertEquals(n("1.5"), ok.get("n"));
    assertEquals(AttributeValue.fromM(Map.of("x", n("-1E-130"))), ok.get("m"));
    assertEquals(AttributeValue.fromL(List.of(n("12345678901234567890123456789012345678"))), ok.get("l"));

    assertWriteFails(write, row("b", "abc", null, null, null), "column 'n'", "'abc' is not a number", "\"b\"");
    assertWriteFails(write, row("c", null, "1E+126", null, null), "column 'm.x'", "outside DynamoDB's number range",
        "\"c\"");
    assertWriteFails(write, row("d", null, null, "1234567890123456789012345678901234567891", null), "column 'l[]'",
        "40 significant digits", "\"d\"");
    assertWriteFails(write, row("e", null, null, null, 1e200), "column 'd'", "outside DynamoDB's number range",
        "\"e\"");
  }

  private static InternalRow row(String id, String n, String x, String l, Double d) {
    return new GenericInternalRow(new Object[] {
        UTF8String.fromString(id),
        n == null ? null : UTF8String.fromString(n),
        x == null ? null : new GenericInternalRow(new Object[] {UTF8String.fromString(x)}),
        l == null ? null : new GenericArrayData(new Object[] {UTF8String.fromString(l)}),
        d});
  }

  private static void assertWriteFails(RowToItem write, InternalRow row, String... parts) {
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class, () -> write.item(row));
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
    }
    assertTrue(e.getMessage().contains("table 't'"), e.getMessage());
  }

  @Test
  void userDeclaredDoubleConvertsOnRead() {
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("id", DataTypes.StringType, false),
        DataTypes.createStructField("d", DataTypes.DoubleType, true)));
    InternalRow r = new ItemToRow(schema, "t", List.of("id"), MismatchPolicy.FAIL)
        .convert(Map.of("id", s("a"), "d", n("12345678901234567890123456789012345678")));
    assertEquals(1.2345678901234568E37, r.getDouble(1), "the user's choice: the nearest double");
    assertEquals(n("12345678901234568000000000000000000000"), new RowToItem(schema, TABLE).item(r).get("d"));
  }
}
