package io.ddbconnector.hive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A table holding every mapped Hive type: a full item (t1), a sparse one with empty values (t2), one with
 * NULL-typed attributes and an unmapped attribute (t3), and one whose attributes have other types than
 * their columns (t4, read as NULL).
 */
final class TypesFixture {

  static final String COLUMNS = "id string, name string, big bigint, i int, s smallint, t tinyint, d double, "
      + "f float, price decimal(20,4), flag boolean, bin binary, dt date, day_n date, ts timestamp, ts_n timestamp, "
      + "tags array<string>, nums array<bigint>, lst array<string>, attrs map<string,int>, "
      + "addr struct<city:string,zip:int>";

  private static final AttributeValue NUL = AttributeValue.fromNul(true);

  private TypesFixture() {}

  static String ddl(String hiveName, String table, String props, boolean withItemColumn, boolean nullSerialization) {
    return "CREATE EXTERNAL TABLE " + hiveName + " (" + COLUMNS + (withItemColumn ? ", item map<string,string>" : "")
        + ") STORED BY '" + DynamoDBStorageHandler.class.getName() + "' TBLPROPERTIES (" + props
        + ", 'dynamodb.table.name'='" + table + "', 'dynamodb.column.mapping'='name:Name,price:dec,dt:day,day_n:dayN,ts_n:tsN'"
        + ", 'dynamodb.type.mapping'='day_n:N,ts_n:N_MILLIS,tags:SS,nums:NS'"
        + (nullSerialization ? ", 'dynamodb.null.serialization'='true'" : "") + ")";
  }

  static List<Map<String, AttributeValue>> items() {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    out.add(t1());
    Map<String, AttributeValue> t2 = new LinkedHashMap<>();
    t2.put("id", s("t2"));
    t2.put("Name", s(""));
    t2.put("flag", AttributeValue.fromBool(false));
    t2.put("d", n("-0.5"));
    t2.put("lst", AttributeValue.fromL(List.of()));
    t2.put("attrs", AttributeValue.fromM(Map.of()));
    t2.put("day", s("1969-12-31"));
    t2.put("ts", s("1969-12-31T23:59:59.999999999Z"));
    t2.put("tsN", n("-1"));
    out.add(t2);
    Map<String, AttributeValue> t3 = new LinkedHashMap<>();
    t3.put("id", s("t3"));
    t3.put("Name", NUL);
    t3.put("i", NUL);
    t3.put("lst", AttributeValue.fromL(List.of(s("a"), NUL, s("c"))));
    t3.put("addr", AttributeValue.fromM(Map.of("city", s("Lyon"))));
    t3.put("unmapped", s("kept"));
    out.add(t3);
    Map<String, AttributeValue> t4 = new LinkedHashMap<>();
    t4.put("id", s("t4"));
    t4.put("i", s("not a number"));
    t4.put("ts", s("garbage"));
    t4.put("big", n("1.5"));
    t4.put("t", n("300"));
    t4.put("dayN", s("2024-01-01"));
    out.add(t4);
    return out;
  }

  private static Map<String, AttributeValue> t1() {
    Map<String, AttributeValue> t1 = new LinkedHashMap<>();
    t1.put("id", s("t1"));
    t1.put("Name", s("Alice"));
    t1.put("big", n("9007199254740993"));
    t1.put("i", n("-2147483648"));
    t1.put("s", n("32767"));
    t1.put("t", n("-128"));
    t1.put("d", n("3.141592653589793"));
    t1.put("f", n("2.5"));
    t1.put("dec", n("12345678901234.5678"));
    t1.put("flag", AttributeValue.fromBool(true));
    t1.put("bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xFF})));
    t1.put("day", s("2024-02-29"));
    t1.put("dayN", n("1709164800"));
    t1.put("ts", s("2024-02-29T12:34:56.789Z"));
    t1.put("tsN", n("1709210096789"));
    t1.put("tags", AttributeValue.fromSs(List.of("a", "b")));
    t1.put("nums", AttributeValue.fromNs(List.of("1", "20")));
    t1.put("lst", AttributeValue.fromL(List.of(s("x"), s("y"))));
    t1.put("attrs", AttributeValue.fromM(ordered("k1", n("1"), "k2", n("2"))));
    t1.put("addr", AttributeValue.fromM(ordered("city", s("Paris"), "zip", n("75001"))));
    return t1;
  }

  /** SELECT * of the table, sorted, as Hive prints it. */
  static List<List<String>> expectedRows() {
    return List.of(
        // binary prints as its bytes decoded as UTF-8 (0xFF is not UTF-8: U+FFFD)
        List.of("t1", "Alice", "9007199254740993", "-2147483648", "32767", "-128", "3.141592653589793", "2.5",
                "12345678901234.5678", "true", "\u0000\u0001\ufffd", "2024-02-29", "2024-02-29",
                "2024-02-29 12:34:56.789", "2024-02-29 12:34:56.789", "[\"a\",\"b\"]", "[1,20]", "[\"x\",\"y\"]",
                "{\"k1\":1,\"k2\":2}", "{\"city\":\"Paris\",\"zip\":75001}", ITEM_T1),
        List.of("t2", "", "NULL", "NULL", "NULL", "NULL", "-0.5", "NULL", "NULL", "false", "NULL", "1969-12-31",
                "NULL", "1969-12-31 23:59:59.999999999", "1969-12-31 23:59:59.999", "NULL", "NULL", "[]", "{}", "NULL",
            itemColumn(
                "id", "{\"s\":\"t2\"}",
                "Name", "{\"s\":\"\"}",
                "flag", "{\"bOOL\":false}",
                "d", "{\"n\":\"-0.5\"}",
                "lst", "{\"l\":[]}",
                "attrs", "{\"m\":{}}",
                "day", "{\"s\":\"1969-12-31\"}",
                "ts", "{\"s\":\"1969-12-31T23:59:59.999999999Z\"}",
                "tsN", "{\"n\":\"-1\"}")),
        List.of("t3", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL",
                "NULL", "NULL", "NULL", "NULL", "NULL", "[\"a\",null,\"c\"]", "NULL", "{\"city\":\"Lyon\",\"zip\":null}",
            itemColumn(
                "id", "{\"s\":\"t3\"}",
                "Name", "{\"nULL\":true}",
                "i", "{\"nULL\":true}",
                "lst", "{\"l\":[{\"s\":\"a\"},{\"nULL\":true},{\"s\":\"c\"}]}",
                "addr", "{\"m\":{\"city\":{\"s\":\"Lyon\"}}}",
                "unmapped", "{\"s\":\"kept\"}")),
        List.of("t4", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL",
                "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL",
            itemColumn(
                "id", "{\"s\":\"t4\"}",
                "i", "{\"s\":\"not a number\"}",
                "ts", "{\"s\":\"garbage\"}",
                "big", "{\"n\":\"1.5\"}",
                "t", "{\"n\":\"300\"}",
                "dayN", "{\"s\":\"2024-01-01\"}")));
  }

  static final String ITEM_T1 = itemColumn(
                "id", "{\"s\":\"t1\"}",
                "Name", "{\"s\":\"Alice\"}",
                "big", "{\"n\":\"9007199254740993\"}",
                "i", "{\"n\":\"-2147483648\"}",
                "s", "{\"n\":\"32767\"}",
                "t", "{\"n\":\"-128\"}",
                "d", "{\"n\":\"3.141592653589793\"}",
                "f", "{\"n\":\"2.5\"}",
                "dec", "{\"n\":\"12345678901234.5678\"}",
                "flag", "{\"bOOL\":true}",
                "bin", "{\"b\":\"AAH/\"}",
                "day", "{\"s\":\"2024-02-29\"}",
                "dayN", "{\"n\":\"1709164800\"}",
                "ts", "{\"s\":\"2024-02-29T12:34:56.789Z\"}",
                "tsN", "{\"n\":\"1709210096789\"}",
                "tags", "{\"sS\":[\"a\",\"b\"]}",
                "nums", "{\"nS\":[\"1\",\"20\"]}",
                "lst", "{\"l\":[{\"s\":\"x\"},{\"s\":\"y\"}]}",
                "attrs", "{\"m\":{\"k1\":{\"n\":\"1\"},\"k2\":{\"n\":\"2\"}}}",
                "addr", "{\"m\":{\"city\":{\"s\":\"Paris\"},\"zip\":{\"n\":\"75001\"}}}");

  /**
   * The whole-item column as Hive prints it: the attributes (name, the EMR connector's spelling of the value)
   * in the order of a {@link java.util.HashMap} sized to the item and filled in the item's order, as that
   * connector builds the column, so text exports list them alike.
   */
  static String itemColumn(String... nameJsonPairs) {
    Map<String, String> m = new java.util.HashMap<>(nameJsonPairs.length / 2);
    for (int i = 0; i < nameJsonPairs.length; i += 2) {
      m.put(nameJsonPairs[i], nameJsonPairs[i + 1]);
    }
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, String> e : m.entrySet()) {
      sb.append(sb.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":\"")
          .append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return sb.append('}').toString();
  }

  private static Map<String, AttributeValue> ordered(String k1, AttributeValue v1, String k2, AttributeValue v2) {
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  /** What INSERT ... SELECT of the mapped columns writes with dynamodb.null.serialization=true. */
  static List<Map<String, AttributeValue>> expectedMappedCopy() {
    String[] mapped = {"id", "Name", "big", "i", "s", "t", "d", "f", "dec", "flag", "bin", "day", "dayN", "ts", "tsN",
        "tags", "nums", "lst", "attrs", "addr"};
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    out.add(t1());
    Map<String, AttributeValue> t2 = allNull(mapped, "t2");
    t2.put("Name", s(""));
    t2.put("flag", AttributeValue.fromBool(false));
    t2.put("d", n("-0.5"));
    t2.put("lst", AttributeValue.fromL(List.of()));
    t2.put("attrs", AttributeValue.fromM(Map.of()));
    t2.put("day", s("1969-12-31"));
    t2.put("ts", s("1969-12-31T23:59:59.999999999Z"));
    t2.put("tsN", n("-1"));
    out.add(t2);
    Map<String, AttributeValue> t3 = allNull(mapped, "t3");
    t3.put("lst", AttributeValue.fromL(List.of(s("a"), NUL, s("c"))));
    t3.put("addr", AttributeValue.fromM(ordered("city", s("Lyon"), "zip", NUL)));
    out.add(t3);
    out.add(allNull(mapped, "t4"));
    return out;
  }

  private static Map<String, AttributeValue> allNull(String[] attributes, String id) {
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    for (String a : attributes) {
      m.put(a, NUL);
    }
    m.put("id", s(id));
    return m;
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(String v) {
    return AttributeValue.fromN(v);
  }
}
