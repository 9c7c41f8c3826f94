package io.ddbconnector.hive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.common.type.Date;
import org.apache.hadoop.hive.common.type.HiveDecimal;
import org.apache.hadoop.hive.common.type.HiveVarchar;
import org.apache.hadoop.hive.common.type.Timestamp;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfoUtils;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Hive value ↔ DynamoDB value, for every mapped type, without Hive running. */
class TypeMappingTest {

  private static ValueConverter converter(String type, String override) {
    return TypeMapping.converter("c", TypeInfoUtils.getTypeInfoFromTypeString(type), override, false);
  }

  private static ObjectInspector oi(String type) {
    TypeInfo t = TypeInfoUtils.getTypeInfoFromTypeString(type);
    return TypeInfoUtils.getStandardJavaObjectInspectorFromTypeInfo(t);
  }

  /** Writes {@code hive}, checks the DynamoDB value, reads it back and checks it equals {@code hive}. */
  private static void roundTrip(String type, String override, Object hive, AttributeValue dynamo) {
    ValueConverter c = converter(type, override);
    AttributeValue written = c.toDynamo(hive, oi(type));
    assertEquals(dynamo, written, type + " " + hive);
    Object read = c.toHive(written);
    if (hive instanceof byte[]) {
      assertArrayEquals((byte[]) hive, (byte[]) read);
    } else {
      assertEquals(hive, read, type + " " + dynamo);
    }
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(String v) {
    return AttributeValue.fromN(v);
  }

  @Test
  void scalars() {
    roundTrip("string", null, "héllo, 世界", s("héllo, 世界"));
    roundTrip("string", null, "", s(""));
    roundTrip("varchar(10)", null, new HiveVarchar("abc", 10), s("abc"));
    roundTrip("bigint", null, Long.MAX_VALUE, n("9223372036854775807"));
    roundTrip("bigint", null, Long.MIN_VALUE, n("-9223372036854775808"));
    roundTrip("int", null, -7, n("-7"));
    roundTrip("smallint", null, (short) 32767, n("32767"));
    roundTrip("tinyint", null, (byte) -128, n("-128"));
    roundTrip("double", null, 0.1, n("0.1"));
    roundTrip("double", null, 1e10, n("10000000000"));
    roundTrip("double", null, -1.5e-200, n("-1.5E-200"));
    roundTrip("float", null, 0.1f, n("0.1"));
    roundTrip("decimal(38,10)", null, HiveDecimal.create("1234567890123456789012345678.0123456789"),
        n("1234567890123456789012345678.0123456789"));
    roundTrip("decimal(10,2)", null, HiveDecimal.create("-12.5"), n("-12.5"));
    roundTrip("boolean", null, true, AttributeValue.fromBool(true));
    roundTrip("binary", null, new byte[] {0, 1, (byte) 0xFF}, AttributeValue.fromB(SdkBytes.fromByteArray(
        new byte[] {0, 1, (byte) 0xFF})));
  }

  @Test
  void numbersAreWrittenInTheCoresCanonicalText() {
    // the text the Spark source writes too (DynamoNumbers.format): no trailing zeros, plain from 1E-20 to below 1E+41
    roundTrip("decimal(38,30)", null, HiveDecimal.create(new BigDecimal("1.5E-25")), n("1.5E-25"));
    roundTrip("decimal(38,20)", null, HiveDecimal.create(new BigDecimal("1E-20")), n("0." + "0".repeat(19) + "1"));
    roundTrip("decimal(10,4)", null, HiveDecimal.create("12.5000"), n("12.5"));
    roundTrip("decimal(10,2)", null, HiveDecimal.create("0.00"), n("0"));
    roundTrip("array<decimal(5,1)>", "NS", List.of(HiveDecimal.create("2.5")), AttributeValue.fromNs(List.of("2.5")));
    assertEquals(n("1000000000000000000000"), converter("double", null).toDynamo(1e21, oi("double")));
    assertEquals(n("0.3"), converter("float", null).toDynamo(0.3f, oi("float")), "the float's own text");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> converter("float", null).toDynamo(Float.NEGATIVE_INFINITY, oi("float")));
    assertEquals("Hive column 'c': -Infinity cannot be stored in DynamoDB, whose numbers are finite.", e.getMessage());
  }

  @Test
  void datesAndTimestampsAsIsoTextOrEpochNumbers() {
    Date day = Date.valueOf("2024-02-29");
    roundTrip("date", null, day, s("2024-02-29"));
    roundTrip("date", "N", day, n("1709164800"));
    roundTrip("date", "N_MILLIS", day, n("1709164800000"));
    roundTrip("date", null, Date.valueOf("1969-12-31"), s("1969-12-31"));

    Timestamp ts = Timestamp.valueOf("2024-02-29 12:34:56.123456789");
    roundTrip("timestamp", null, ts, s("2024-02-29T12:34:56.123456789Z"));
    roundTrip("timestamp", "N", ts, n("1709210096.123456789"));
    roundTrip("timestamp", "n_millis", ts, n("1709210096123.456789"));
    roundTrip("timestamp", null, Timestamp.valueOf("2024-02-29 12:34:56"), s("2024-02-29T12:34:56Z"));
    roundTrip("timestamp", "N", Timestamp.valueOf("1969-12-31 23:59:59.5"), n("-0.5"));

    ValueConverter iso = converter("timestamp", null);
    assertEquals(ts, iso.toHive(s("2024-02-29 12:34:56.123456789")), "Hive's own format");
    assertEquals(Timestamp.valueOf("2024-02-29 11:34:56"), iso.toHive(s("2024-02-29T12:34:56+01:00")), "offset");
    assertEquals(Timestamp.valueOf("2024-02-29 00:00:00"), iso.toHive(s("2024-02-29")), "date only");
    assertEquals(Date.valueOf("2024-03-01"), converter("date", null).toHive(s("2024-02-29T23:30:00-02:00")),
        "the UTC day of a date-time");
  }

  @Test
  void readingIsStrict() {
    assertNull(converter("int", null).toHive(n("1.5")), "a fraction is not an int");
    assertNull(converter("tinyint", null).toHive(n("300")), "out of range");
    assertNull(converter("bigint", null).toHive(s("12")), "a string is not a number");
    assertNull(converter("string", null).toHive(n("12")), "a number is not a string");
    assertNull(converter("boolean", null).toHive(n("1")));
    assertNull(converter("timestamp", null).toHive(s("yesterday")));
    assertNull(converter("string", null).toHive(AttributeValue.fromNul(true)));
    assertNull(converter("string", null).toHive(null));
    assertEquals(HiveDecimal.create("1.56"), converter("decimal(10,2)", null).toHive(n("1.555")),
        "Hive's rule: round to the scale");
    assertNull(converter("decimal(4,2)", null).toHive(n("123.4")), "Hive's rule: NULL on overflow");
    assertEquals(5, converter("int", null).toHive(n("5.0")));
  }

  @Test
  void collections() {
    roundTrip("array<string>", null, Arrays.asList("a", null, "b"),
        AttributeValue.fromL(List.of(s("a"), AttributeValue.fromNul(true), s("b"))));
    roundTrip("array<string>", "SS", List.of("b", "a"), AttributeValue.fromSs(List.of("b", "a")));
    roundTrip("array<bigint>", "NS", List.of(3L, 1L), AttributeValue.fromNs(List.of("3", "1")));
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("x", 1);
    m.put("y", 2);
    roundTrip("map<string,int>", null, m, AttributeValue.fromM(Map.of("x", n("1"), "y", n("2"))));
    roundTrip("struct<a:string,b:array<int>>", null, List.of("v", List.of(1, 2)),
        AttributeValue.fromM(Map.of("a", s("v"), "b", AttributeValue.fromL(List.of(n("1"), n("2"))))));
    roundTrip("array<struct<k:string>>", null, List.of(List.of("one")),
        AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("k", s("one"))))));

    assertEquals(AttributeValue.fromSs(List.of("a", "b")),
        converter("array<string>", "SS").toDynamo(List.of("a", "b", "a"), oi("array<string>")), "a set is distinct");
    assertEquals(AttributeValue.fromNs(List.of("1")), converter("array<decimal(5,1)>", "NS")
        .toDynamo(List.of(HiveDecimal.create("1"), HiveDecimal.create("1.0")), oi("array<decimal(5,1)>")));
    assertEquals(List.of("x", "y"), converter("array<string>", null).toHive(AttributeValue.fromSs(List.of("x", "y"))),
        "an array column reads sets too");
    assertEquals(Arrays.asList("v", null), converter("struct<A:string,b:int>", null)
        .toHive(AttributeValue.fromM(Map.of("a", s("v")))), "struct fields match ignoring case; missing is NULL");
  }

  @Test
  void nullsInsideStructsAndMapsFollowNullSerialization() {
    TypeInfo t = TypeInfoUtils.getTypeInfoFromTypeString("struct<a:string,b:int>");
    ObjectInspector soi = TypeInfoUtils.getStandardJavaObjectInspectorFromTypeInfo(t);
    assertEquals(AttributeValue.fromM(Map.of("a", s("v"))),
        TypeMapping.converter("c", t, null, false).toDynamo(Arrays.asList("v", null), soi));
    assertEquals(AttributeValue.fromM(Map.of("a", s("v"), "b", AttributeValue.fromNul(true))),
        TypeMapping.converter("c", t, null, true).toDynamo(Arrays.asList("v", null), soi));
  }

  @Test
  void valuesDynamoDBCannotHoldFailClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> converter("array<string>", "SS").toDynamo(List.of(), oi("array<string>")));
    assertTrue(e.getMessage().contains("Hive column 'c'") && e.getMessage().contains("empty set (SS)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> converter("array<string>", "SS").toDynamo(Arrays.asList("a", null), oi("array<string>")));
    assertTrue(e.getMessage().contains("cannot hold NULL"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> converter("double", null).toDynamo(Double.NaN, oi("double")));
    assertTrue(e.getMessage().contains("Hive column 'c'") && e.getMessage().contains("NaN"), e.getMessage());
  }

  @Test
  void typesWithoutAMappingAndMisfitOverridesAreRejected() {
    for (String type : List.of("map<int,string>", "uniontype<int,string>", "array<map<int,int>>",
        "struct<a:uniontype<int,string>>", "void")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> converter(type, null), type);
      assertTrue(e.getMessage().contains("has no DynamoDB mapping"), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> converter("int", "S"));
    assertTrue(e.getMessage().contains("allowed DynamoDB types are N"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> converter("array<date>", "SS"));
    assertTrue(e.getMessage().contains("allowed DynamoDB types are L"), e.getMessage());
    assertEquals(List.of("L", "BS"), TypeMapping.allowedTypes(TypeInfoUtils.getTypeInfoFromTypeString("array<binary>")));
    assertEquals(List.of("S", "N", "N_MILLIS"),
        TypeMapping.allowedTypes(TypeInfoUtils.getTypeInfoFromTypeString("timestamp")));
  }
}
