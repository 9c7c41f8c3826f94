package io.ddbconnector.testkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** How the Streams emulator compares, keys and sizes items in their wire form. */
class StreamItemsTest {

  private static Object item(String json) {
    return Json.parse(json);
  }

  @Test
  void numbersSpelledDifferentlyAreTheSameKey() {
    List<String> schema = List.of("pk", "sk");
    Map<String, Object> a = StreamItems.keyOf(
        item("{\"sk\":{\"N\":\"1.50\"},\"pk\":{\"S\":\"x\"},\"v\":{\"S\":\"1\"}}"), schema);
    Map<String, Object> b = StreamItems.keyOf(item("{\"pk\":{\"S\":\"x\"},\"sk\":{\"N\":\"1.5\"}}"), schema);
    assertEquals(StreamItems.canonical(a), StreamItems.canonical(b));
    assertEquals(List.of("pk", "sk"), List.copyOf(a.keySet()), "key-schema order, other attributes dropped");
    assertNotEquals(StreamItems.canonical(a),
        StreamItems.canonical(StreamItems.keyOf(item("{\"pk\":{\"S\":\"x\"},\"sk\":{\"N\":\"2\"}}"), schema)));
    assertNull(StreamItems.keyOf(item("{\"pk\":{\"S\":\"x\"}}"), schema), "a key attribute is missing");
  }

  @Test
  void setsInAnotherOrderAreNoChange() {
    Object a = item("{\"id\":{\"S\":\"1\"},\"tags\":{\"SS\":[\"a\",\"b\"]},"
        + "\"m\":{\"M\":{\"n\":{\"NS\":[\"1\",\"2\"]}}}}");
    Object b = item("{\"m\":{\"M\":{\"n\":{\"NS\":[\"2\",\"1\"]}}},"
        + "\"tags\":{\"SS\":[\"b\",\"a\"]},\"id\":{\"S\":\"1\"}}");
    assertTrue(StreamItems.sameItem(a, b));
    Object listsReordered = item("{\"l\":{\"L\":[{\"S\":\"a\"},{\"S\":\"b\"}]}}");
    Object lists = item("{\"l\":{\"L\":[{\"S\":\"b\"},{\"S\":\"a\"}]}}");
    assertFalse(StreamItems.sameItem(listsReordered, lists), "a list's order is data");
  }

  @Test
  void sizeCountsNamesAndValues() {
    assertEquals(0, StreamItems.size(null));
    assertEquals(2 + 3, StreamItems.size(item("{\"id\":{\"S\":\"abc\"}}")));
    assertEquals(1 + 1, StreamItems.size(item("{\"b\":{\"BOOL\":true}}")));
    assertEquals(1 + 4, StreamItems.size(item("{\"n\":{\"N\":\"12345\"}}")), "(5 digits + 1) / 2 + 1");
    assertEquals(1 + 3, StreamItems.size(item("{\"x\":{\"B\":\"AQID\"}}")), "base64 of 3 bytes");
  }

  @Test
  void convertsEveryTypeToTheSdk() {
    Map<String, AttributeValue> m = StreamItems.toSdk(item("{\"s\":{\"S\":\"a\"},\"n\":{\"N\":\"1\"},"
        + "\"b\":{\"B\":\"AQID\"},\"t\":{\"BOOL\":false},\"z\":{\"NULL\":true},\"ss\":{\"SS\":[\"a\"]},"
        + "\"ns\":{\"NS\":[\"2\"]},\"bs\":{\"BS\":[\"AQ==\"]},\"l\":{\"L\":[{\"S\":\"x\"}]},"
        + "\"m\":{\"M\":{\"k\":{\"N\":\"3\"}}}}"));
    assertEquals(AttributeValue.fromS("a"), m.get("s"));
    assertEquals(AttributeValue.fromN("1"), m.get("n"));
    assertEquals(AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})), m.get("b"));
    assertEquals(AttributeValue.fromBool(false), m.get("t"));
    assertEquals(AttributeValue.fromNul(true), m.get("z"));
    assertEquals(AttributeValue.fromSs(List.of("a")), m.get("ss"));
    assertEquals(AttributeValue.fromNs(List.of("2")), m.get("ns"));
    assertEquals(AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}))), m.get("bs"));
    assertEquals(AttributeValue.fromL(List.of(AttributeValue.fromS("x"))), m.get("l"));
    assertEquals(AttributeValue.fromM(Map.of("k", AttributeValue.fromN("3"))), m.get("m"));
  }
}
