package io.ddbconnector.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemPageParserTest {

  private static ItemPageParser.Page parse(String json) {
    return ItemPageParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyTypeExactlyAndTheRestOfTheBodyKept() {
    String body = "{\"Count\":2,\"Items\":[{\"id\":{\"S\":\"a\"},\"n\":{\"N\":\"0.10000000000000000000000000000000000001\"},"
        + "\"b\":{\"B\":\"AQID\"},\"ss\":{\"SS\":[\"x\",\"y\"]},\"ns\":{\"NS\":[\"1\",\"-2.50\"]},"
        + "\"bs\":{\"BS\":[\"AA==\",\"AQI=\"]},\"m\":{\"M\":{\"k\":{\"L\":[{\"NULL\":true},{\"BOOL\":false}]}}},"
        + "\"l\":{\"L\":[]},\"e\":{\"M\":{}},\"t\":{\"BOOL\":true}},{\"id\":{\"S\":\"b\"}}],"
        + "\"LastEvaluatedKey\":{\"id\":{\"S\":\"b\"}},\"ScannedCount\":5,\"ConsumedCapacity\":{\"TableName\":\"t\",\"CapacityUnits\":0.5}}";
    ItemPageParser.Page page = parse(body);
    assertNotNull(page);
    List<Map<String, AttributeValue>> items = page.items();
    assertEquals(2, items.size());
    Map<String, AttributeValue> a = items.get(0);
    assertEquals(AttributeValue.fromS("a"), a.get("id"));
    assertEquals("0.10000000000000000000000000000000000001", a.get("n").n(), "numbers keep the service's text");
    assertArrayEquals(new byte[] {1, 2, 3}, a.get("b").b().asByteArray());
    assertEquals(List.of("x", "y"), a.get("ss").ss());
    assertEquals(List.of("1", "-2.50"), a.get("ns").ns());
    assertEquals(List.of(SdkBytes.fromByteArray(new byte[] {0}), SdkBytes.fromByteArray(new byte[] {1, 2})), a.get("bs").bs());
    assertEquals(List.of(AttributeValue.fromNul(true), AttributeValue.fromBool(false)), a.get("m").m().get("k").l());
    assertEquals(List.of(), a.get("l").l());
    assertEquals(Map.of(), a.get("e").m());
    assertEquals(true, a.get("e").hasM());
    assertEquals(true, a.get("t").bool());
    assertEquals(10, a.size());
    assertEquals(Map.of("id", AttributeValue.fromS("b")), items.get(1));
    assertEquals("{\"Count\":2,\"Items\":[],\"LastEvaluatedKey\":{\"id\":{\"S\":\"b\"}},\"ScannedCount\":5,"
        + "\"ConsumedCapacity\":{\"TableName\":\"t\",\"CapacityUnits\":0.5}}",
        new String(page.rest(), StandardCharsets.UTF_8));
  }

  @Test
  void stringsDecodeUtf8AndEveryEscape() {
    ItemPageParser.Page page = parse("{\"Items\":[{\"s\":{\"S\":\"\u00e9\u65e5\ud83d\ude00 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00\"},"
        + "\"k\\u00e9y\":{\"S\":\"x\"},\"b\":{\"B\":\"AQ\\/+\"}}]}");
    assertNotNull(page);
    Map<String, AttributeValue> item = page.items().get(0);
    assertEquals("\u00e9\u65e5\ud83d\ude00 \"q\" \\ / \b\f\n\r\t \u00e9 \ud83d\ude00", item.get("s").s());
    assertEquals(AttributeValue.fromS("x"), item.get("k\u00e9y"), "an escaped attribute name is decoded");
    assertArrayEquals(java.util.Base64.getDecoder().decode("AQ/+"), item.get("b").b().asByteArray());
  }

  @Test
  void namesRepeatedByPositionAreSharedButNeverConfused() {
    ItemPageParser.Page page = parse("{\"Items\":[{\"a\":{\"S\":\"1\"},\"bb\":{\"S\":\"2\"}},"
        + "{\"a\":{\"S\":\"3\"},\"bb\":{\"S\":\"4\"}},{\"bb\":{\"S\":\"5\"},\"a\":{\"S\":\"6\"}},"
        + "{\"ab\":{\"S\":\"7\"},\"b\":{\"S\":\"8\"},\"c\":{\"S\":\"9\"}}]}");
    List<Map<String, AttributeValue>> items = page.items();
    assertEquals(Map.of("a", AttributeValue.fromS("1"), "bb", AttributeValue.fromS("2")), items.get(0));
    assertEquals(Map.of("a", AttributeValue.fromS("3"), "bb", AttributeValue.fromS("4")), items.get(1));
    assertEquals(Map.of("bb", AttributeValue.fromS("5"), "a", AttributeValue.fromS("6")), items.get(2));
    assertEquals(Map.of("ab", AttributeValue.fromS("7"), "b", AttributeValue.fromS("8"), "c", AttributeValue.fromS("9")),
        items.get(3));
    String first = items.get(0).keySet().stream().filter("a"::equals).findFirst().orElseThrow();
    String second = items.get(1).keySet().stream().filter("a"::equals).findFirst().orElseThrow();
    assertSame(first, second, "the same name at the same position is one String");
  }

  @Test
  void attributesKeepTheResponsesOrderAsTheSdksMapsDo() {
    ItemPageParser.Page page = parse("{\"Items\":[{\"z\":{\"S\":\"1\"},\"a\":{\"M\":{\"y\":{\"N\":\"1\"},"
        + "\"b\":{\"N\":\"2\"}}},\"m\":{\"S\":\"3\"}}]}");
    Map<String, AttributeValue> item = page.items().get(0);
    assertEquals(List.of("z", "a", "m"), List.copyOf(item.keySet()));
    assertEquals(List.of("y", "b"), List.copyOf(item.get("a").m().keySet()));
  }

  @Test
  void whitespaceAnywhereAndEmptyPages() {
    ItemPageParser.Page page = parse(" {\n \"Items\" : [ { \"a\" : { \"L\" : [ { \"N\" : \"1\" } , { \"SS\" : [ \"x\" ] } ] } } ] ,"
        + " \"Count\" : 1 } \n");
    assertEquals(List.of(AttributeValue.fromN("1"), AttributeValue.fromSs(List.of("x"))), page.items().get(0).get("a").l());
    assertEquals(List.of(), parse("{\"Items\":[],\"Count\":0}").items());
    assertEquals(List.of(Map.of()), parse("{\"Items\":[{}]}").items());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "{", "[]", "{}", "{\"Count\":1}", // no Items
      "{\"Items\":{}}", "{\"Items\":[1]}", "{\"Items\":[{\"a\":{\"X\":\"1\"}}]}", // unknown type
      "{\"Items\":[{\"a\":{\"S\":\"1\",\"N\":\"1\"}}]}", // two descriptors
      "{\"Items\":[{\"a\":{\"S\":\"1\"},\"a\":{\"S\":\"2\"}}]}", // a name twice
      "{\"Items\":[{\"a\":{\"NULL\":false}}]}", "{\"Items\":[{\"a\":{\"BOOL\":1}}]}",
      "{\"Items\":[{\"a\":{\"S\":1}}]}", "{\"Items\":[{\"a\":{\"B\":\"not base64!\"}}]}",
      "{\"Items\":[{\"a\":{\"S\":\"x\\q\"}}]}", "{\"Items\":[{\"a\":{\"S\":\"x\\u12\"}}]}",
      "{\"Items\":[{\"a\":{\"S\":\"unterminated}}]}", "{\"Items\":[]} trailing", "{\"Items\":[],\"Items\":[]}",
      "{\"Items\":[{\"a\":{\"S\":\"x\"}}],\"Count\":tru}", "{\"Items\":[{\"a\":{\"S\":\"x\"}},]}",
      "{\"Items\":[{\"a\":{\"S\":\"tab\there\"}}]}"})
  void anythingNotUnderstoodCompletelyIsLeftToTheSdk(String body) {
    assertNull(parse(body), body);
  }

  @Test
  void deepNestingWithinTheServiceLimitParses() {
    StringBuilder sb = new StringBuilder("{\"Items\":[{\"d\":");
    for (int i = 0; i < 32; i++) {
      sb.append("{\"M\":{\"x\":");
    }
    sb.append("{\"S\":\"deep\"}");
    for (int i = 0; i < 32; i++) {
      sb.append("}}");
    }
    sb.append("}]}");
    AttributeValue v = parse(sb.toString()).items().get(0).get("d");
    for (int i = 0; i < 32; i++) {
      v = v.m().get("x");
    }
    assertEquals("deep", v.s());
  }
}
