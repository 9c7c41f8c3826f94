package io.ddbconnector.spark.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.spark.SparkSettings.MismatchPolicy;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Item → row → item without Spark running: the converters alone. */
class ConvertersTest {

  static final TableInfo TABLE = new TableInfo("t", List.of(new TableInfo.KeyAttribute("id", "S")), 0, 0,
      false, 1, 1);

  /** Drops NULL values (top level and in maps): DynamoDB's typed null reads as SQL null and is not written. */
  static Map<String, AttributeValue> withoutNulls(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    item.forEach((k, v) -> {
      if (Boolean.TRUE.equals(v.nul())) {
        return;
      }
      out.put(k, v.type() == AttributeValue.Type.M ? AttributeValue.fromM(withoutNulls(v.m())) : v);
    });
    return out;
  }

  /** Each item read into a row of {@code schema} and written back, as the data source does (table "t", key "id"). */
  static List<Map<String, AttributeValue>> roundTrip(List<Map<String, AttributeValue>> items, StructType schema) {
    ItemToRow read = new ItemToRow(schema, "t", List.of("id"), MismatchPolicy.FAIL);
    RowToItem write = new RowToItem(schema, TABLE);
    List<Map<String, AttributeValue>> back = new ArrayList<>();
    for (Map<String, AttributeValue> item : items) {
      back.add(write.item(read.convert(item)));
    }
    return back;
  }

  @Test
  void trickyCorpusRoundTripsThroughInferredSchema() {
    List<Map<String, AttributeValue>> items = ItemCorpus.tricky("id");
    List<Map<String, AttributeValue>> expected = new ArrayList<>();
    for (Map<String, AttributeValue> item : items) {
      expected.add(withoutNulls(item));
    }
    ItemChecksum.assertSameItems(expected, roundTrip(items, SchemaInference.infer(items, TABLE.keys())), "id");
  }

  @Test
  void mismatchNamesAttributeKeyAndType() {
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("id", DataTypes.StringType, false),
        DataTypes.createStructField("qty", DataTypes.LongType, true),
        DataTypes.createStructField("m", DataTypes.createStructType(List.of(
            DataTypes.createStructField("d", DataTypes.createDecimalType(10, 2), true))), true)));
    ItemToRow fail = new ItemToRow(schema, "orders", List.of("id"), MismatchPolicy.FAIL);
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class,
        () -> fail.convert(Map.of("id", AttributeValue.fromS("k1"), "qty", AttributeValue.fromS("many"))));
    assertTrue(e.getMessage().contains("'qty'") && e.getMessage().contains("{\"id\":{\"S\":\"k1\"}}")
        && e.getMessage().contains("bigint") && e.getMessage().contains("orders"), e.getMessage());
    e = assertThrows(DynamoDBConnectorException.class, () -> fail.convert(Map.of("id", AttributeValue.fromS("k2"),
        "m", AttributeValue.fromM(Map.of("d", AttributeValue.fromN("1.234"))))));
    assertTrue(e.getMessage().contains("'m.d'") && e.getMessage().contains("1.234"), e.getMessage());
    e = assertThrows(DynamoDBConnectorException.class, () -> fail.convert(Map.of("id", AttributeValue.fromS("k3"),
        "qty", AttributeValue.fromN("1.5"))));
    assertTrue(e.getMessage().contains("does not fit bigint"), e.getMessage());

    ItemToRow lenient = new ItemToRow(schema, "orders", List.of("id"), MismatchPolicy.NULL);
    InternalRow r = lenient.convert(Map.of("id", AttributeValue.fromS("k1"), "qty", AttributeValue.fromS("many"),
        "m", AttributeValue.fromM(Map.of("d", AttributeValue.fromN("1.234")))));
    assertTrue(r.isNullAt(1));
    assertTrue(r.getStruct(2, 1).isNullAt(0));
  }

  @Test
  void stringColumnGetsJsonOfOtherTypesAndMissingKeyFails() {
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("id", DataTypes.StringType, false),
        DataTypes.createStructField("v", DataTypes.StringType, true),
        DataTypes.createStructField("d", DataTypes.createDecimalType(38, 2), true)));
    ItemToRow read = new ItemToRow(schema, "t", List.of("id"), MismatchPolicy.FAIL);
    InternalRow r = read.convert(Map.of("id", AttributeValue.fromS("a"), "v", AttributeValue.fromN("1.5"),
        "d", AttributeValue.fromN("12.5")));
    assertEquals(UTF8String.fromString("{\"N\":\"1.5\"}"), r.getUTF8String(1));
    assertEquals(Decimal.apply("12.50"), r.getDecimal(2, 38, 2));
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class,
        () -> read.convert(Map.of("v", AttributeValue.fromS("x"))));
    assertTrue(e.getMessage().contains("NOT NULL"), e.getMessage());
  }

  @Test
  void writesRejectNullAndMistypedKeysNamingTheRow() {
    TableInfo table = new TableInfo("t2", List.of(new TableInfo.KeyAttribute("pk", "S"),
        new TableInfo.KeyAttribute("sk", "N")), 0, 0, false, 1, 1);
    StructType schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("pk", DataTypes.StringType, true),
        DataTypes.createStructField("sk", DataTypes.StringType, true)));
    RowToItem w = new RowToItem(schema, table);
    DynamoDBConnectorException e = assertThrows(DynamoDBConnectorException.class,
        () -> w.item(new GenericInternalRow(new Object[] {UTF8String.fromString("p1"), null})));
    assertTrue(e.getMessage().contains("{pk={\"S\":\"p1\"}, sk=null}") && e.getMessage().contains("'sk' is null"),
        e.getMessage());
    e = assertThrows(DynamoDBConnectorException.class,
        () -> w.item(new GenericInternalRow(new Object[] {UTF8String.fromString("p1"), UTF8String.fromString("7")})));
    assertTrue(e.getMessage().contains("must be of type N") && e.getMessage().contains("sk={\"S\":\"7\"}"),
        e.getMessage());
  }

  @Test
  void numbersAreWrittenExactly() {
    assertEquals("12.5", io.ddbconnector.types.DynamoNumbers.format(new java.math.BigDecimal("12.50")));
    assertEquals("100", io.ddbconnector.types.DynamoNumbers.format(new java.math.BigDecimal("1E+2")));
    assertEquals("0", io.ddbconnector.types.DynamoNumbers.format(new java.math.BigDecimal("-0.000")));
    assertEquals("1E-130", RowToItem.number(1e-130, "x"));
    assertEquals("0.1", RowToItem.number(0.1, "x"));
    assertThrows(IllegalArgumentException.class, () -> RowToItem.number(Double.NaN, "x"));
    assertNull(null);
  }
}
