package io.ddbconnector.spark.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.testkit.ItemCorpus;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.Metadata;
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
  void numbersBecomeLongDecimalOrExactText() {
    StructType t = infer(List.of(
        Map.of("id", s("a"), "int", n("5"), "frac", n("1.5"), "big", n("99999999999999999999"), "tiny", n("1E-130"),
            "mixedScale", n("1"), "neg", n("-0"), "edge38", n("12345678901234567890"), "over38", n("0.5"),
            "huge", n("9.9999999999999999999999999999999999999E+125")),
        Map.of("id", s("b"), "int", n("-9223372036854775808"), "frac", n("10.125"), "big", n("1"), "tiny", n("2"),
            "mixedScale", n("0.001"), "edge38", n("0.000000000000000001"),
            "over38", n("12345678901234567890123456789012345678"), "huge", n("-1"))));
    assertEquals("bigint", type(t, "int"));
    assertEquals("decimal(38,3)", type(t, "frac"));
    assertEquals("decimal(38,0)", type(t, "big"), "beyond 64 bits, still integral");
    assertEquals("decimal(38,3)", type(t, "mixedScale"));
    assertEquals("bigint", type(t, "neg"));
    assertEquals("decimal(38,18)", type(t, "edge38"), "20 integer digits and 18 decimals: 38 in all");
    assertNumberText(t.apply("over38"), "38 integer digits beside a fraction fit no decimal(38, s)");
    assertNumberText(t.apply("tiny"), "1E-130 fits no decimal(38, s)");
    assertNumberText(t.apply("huge"), "38 significant digits at 1E+125");
    for (StructField f : t.fields()) {
      if (!f.name().equals("id")) {
        assertEquals("N", SparkTypes.dynamoType(f), f.name());
      }
    }
  }

  /** Rule: whatever the values, inference never picks a binary floating-point type, at any depth. */
  @Test
  void neverDoubleOrFloatAndNumberTextAtEveryDepth() {
    StructType t = infer(ItemCorpus.numbers("id"));
    assertFalse(t.json().contains("double") || t.json().contains("float"), t.treeString());
    assertNumberText(t.apply("maxMagnitude"), "");
    assertNumberText(t.apply("mixedWide"), "1, 1E-130 and 38 integer digits in one attribute");
    assertEquals("decimal(38,18)", type(t, "mixed"));
    assertEquals("decimal(38,0)", type(t, "amount"), "one value just beyond 64 bits");
    assertEquals("decimal(38,36)", type(t, "digits38Fraction"));
    assertEquals("array<decimal(38,0)>", type(t, "nsIntegral38"));
    assertEquals("array<string>", type(t, "nsWide"));
    assertEquals("NS", SparkTypes.dynamoType(t.apply("nsWide")), "members of a number set are numbers");
    assertEquals("array<string>", type(t, "numList"));
    assertEquals("L", SparkTypes.dynamoType(t.apply("numList")));
    assertTrue(SparkTypes.holdsNumbers(SparkTypes.elementMetadata(t.apply("numList").metadata())),
        t.apply("numList").metadata().json());
    assertEquals("array<array<string>>", type(t, "listOfLists"));
    Metadata inner = SparkTypes.elementMetadata(SparkTypes.elementMetadata(t.apply("listOfLists").metadata()));
    assertEquals("N", SparkTypes.dynamoType(inner), t.apply("listOfLists").metadata().json());
    assertEquals("NS", SparkTypes.dynamoType(SparkTypes.elementMetadata(t.apply("listOfSets").metadata())),
        "a list of number sets writes its members back as sets");
    StructType map = (StructType) t.apply("map").dataType();
    assertEquals("struct<exact:string,inner:struct<deep:string>,int:bigint,ns:array<string>,small:decimal(38,3)>",
        map.simpleString());
    assertNumberText(map.apply("exact"), "");
    assertNumberText(((StructType) map.apply("inner").dataType()).apply("deep"), "");
    assertEquals("array<bigint>", type(t, "zeros"));
  }

  @Test
  void numberKeyThatFitsNoDecimalIsNumberText() {
    List<TableInfo.KeyAttribute> keys = List.of(new TableInfo.KeyAttribute("id", "S"),
        new TableInfo.KeyAttribute("sk", "N"));
    StructType t = SchemaInference.infer(List.of(Map.of("id", s("a"), "sk", n("1E-130")),
        Map.of("id", s("a"), "sk", n("7"))), keys);
    assertNumberText(t.apply("sk"), "");
    assertFalse(t.apply("sk").nullable());
  }

  private static void assertNumberText(StructField f, String why) {
    assertEquals("string", f.dataType().simpleString(), f.name() + ": " + why);
    assertTrue(SparkTypes.isNumberText(f), f.name() + " metadata " + f.metadata().json());
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
