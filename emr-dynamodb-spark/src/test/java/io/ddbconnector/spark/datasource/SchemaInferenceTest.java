package io.ddbconnector.spark.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.client.TableInfo;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SchemaInferenceTest {

  private static final List<TableInfo.KeyAttribute> KEYS = List.of(new TableInfo.KeyAttribute("id", "S"));

  private static AttributeValue n(String v) {
    return AttributeValue.fromN(v);
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static StructType infer(List<Map<String, AttributeValue>> items) {
    return SchemaInference.infer(items, KEYS);
  }

  private static String type(StructType t, String name) {
    return t.apply(name).dataType().simpleString();
  }

  @Test
  void numbersBecomeLongDecimalOrDouble() {
    StructType t = infer(List.of(
        Map.of("id", s("a"), "int", n("5"), "frac", n("1.5"), "big", n("99999999999999999999"), "tiny", n("1E-130"),
            "mixedScale", n("1"), "neg", n("-0")),
        Map.of("id", s("b"), "int", n("-9223372036854775808"), "frac", n("10.125"), "big", n("1"), "tiny", n("2"),
            "mixedScale", n("0.001"))));
    assertEquals("bigint", type(t, "int"));
    assertEquals("decimal(38,3)", type(t, "frac"));
    assertEquals("decimal(38,0)", type(t, "big"), "beyond 64 bits, still integral");
    assertEquals("double", type(t, "tiny"), "1E-130 fits no decimal(38, s)");
    assertEquals("decimal(38,3)", type(t, "mixedScale"));
    assertEquals("bigint", type(t, "neg"));
  }

  @Test
  void scalarsCollectionsAndMaps() {
    StructType t = infer(List.of(Map.of(
        "id", s("a"),
        "s", s("x"),
        "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1})),
        "bool", AttributeValue.fromBool(true),
        "ss", AttributeValue.fromSs(List.of("a")),
        "ns", AttributeValue.fromNs(List.of("1", "2.25")),
        "bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}))),
        "l", AttributeValue.fromL(List.of(n("1"), n("2"))),
        "m", AttributeValue.fromM(Map.of("z", s("v"), "a", AttributeValue.fromL(List.of(s("q"))))),
        "emptyList", AttributeValue.fromL(List.of()))));
    assertEquals("string", type(t, "s"));
    assertEquals("binary", type(t, "b"));
    assertEquals("boolean", type(t, "bool"));
    assertEquals("array<string>", type(t, "ss"));
    assertEquals("SS", SparkTypes.dynamoType(t.apply("ss")));
    assertEquals("array<decimal(38,2)>", type(t, "ns"));
    assertEquals("array<binary>", type(t, "bs"));
    assertEquals("array<bigint>", type(t, "l"));
    assertEquals("L", SparkTypes.dynamoType(t.apply("l")));
    assertEquals("struct<a:array<string>,z:string>", type(t, "m"));
    assertEquals("array<string>", type(t, "emptyList"));
  }

  @Test
  void keysFirstAndNotNullOthersSortedAndNullable() {
    StructType t = SchemaInference.infer(List.of(Map.of("zeta", s("1"), "alpha", s("2"), "sk", n("3"), "id", s("x"))),
        List.of(new TableInfo.KeyAttribute("id", "S"), new TableInfo.KeyAttribute("sk", "N")));
    assertEquals(List.of("id", "sk", "alpha", "zeta"), List.of(t.fieldNames()));
    assertFalse(t.apply("id").nullable());
    assertFalse(t.apply("sk").nullable());
    assertEquals("bigint", type(t, "sk"));
    assertTrue(t.apply("alpha").nullable());
  }

  @Test
  void mixedTypesBecomeJsonStrings() {
    StructType t = infer(List.of(
        Map.of("id", s("a"), "v", s("x"), "m", AttributeValue.fromM(Map.of("k", n("1"))),
            "l", AttributeValue.fromL(List.of(s("a"), n("1"))), "onlyNull", AttributeValue.fromNul(true)),
        Map.of("id", s("b"), "v", n("1"), "m", AttributeValue.fromM(Map.of("k", s("one"))),
            "nullThenNumber", AttributeValue.fromNul(true)),
        Map.of("id", s("c"), "nullThenNumber", n("4"))));
    StructField v = t.apply("v");
    assertEquals("string", v.dataType().simpleString());
    assertTrue(SparkTypes.isJson(v));
    assertEquals("struct<k:string>", type(t, "m"));
    assertTrue(SparkTypes.isJson(((StructType) t.apply("m").dataType()).apply("k")), "a nested field can be JSON");
    assertTrue(SparkTypes.isJson(t.apply("l")), "a list of mixed members is JSON as a whole");
    assertEquals("string", type(t, "onlyNull"));
    assertEquals("bigint", type(t, "nullThenNumber"), "NULL merges with anything");
  }

  @Test
  void setAndListOfTheSameMembersMergeToList() {
    StructType t = infer(List.of(
        Map.of("id", s("a"), "tags", AttributeValue.fromSs(List.of("x"))),
        Map.of("id", s("b"), "tags", AttributeValue.fromL(List.of(s("y"))))));
    assertEquals("array<string>", type(t, "tags"));
    assertEquals("L", SparkTypes.dynamoType(t.apply("tags")));
  }

  @Test
  void emptyTableGivesKeyColumns() {
    StructType t = SchemaInference.infer(List.of(), List.of(new TableInfo.KeyAttribute("id", "N"),
        new TableInfo.KeyAttribute("b", "B")));
    assertEquals("struct<id:bigint,b:binary>", t.simpleString());
  }
}
