package io.ddbconnector.types;

import static io.ddbconnector.types.TestItems.b;
import static io.ddbconnector.types.TestItems.n;
import static io.ddbconnector.types.TestItems.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemSizeTest {

  @Test
  void scalars() {
    assertEquals(2 + 3, ItemSize.bytes(Map.of("id", s("abc"))));
    assertEquals(1 + 0, ItemSize.bytes(Map.of("e", s(""))));
    // "é" is 2 UTF-8 bytes, the emoji 4; the name "ü" is 2.
    assertEquals(2 + 2 + 4, ItemSize.bytes(Map.of("\u00fc", s("\u00e9\uD83D\uDE00"))));
    assertEquals(1 + 10, ItemSize.bytes(Map.of("b", b(new byte[10]))));
    assertEquals(4 + 1, ItemSize.bytes(Map.of("flag", AttributeValue.fromBool(false))));
    assertEquals(4 + 1, ItemSize.bytes(Map.of("none", AttributeValue.fromNul(true))));
  }

  @Test
  void numbersCountSignificantDigits() {
    assertEquals(3, ItemSize.valueBytes(n("123"))); // 3 digits -> 2 bytes, + 1
    assertEquals(2, ItemSize.valueBytes(n("100"))); // trailing zeros trimmed: "1"
    assertEquals(2, ItemSize.valueBytes(n("0.0100"))); // leading and trailing zeros: "1"
    assertEquals(2, ItemSize.valueBytes(n("1E-130"))); // the exponent is not a digit
    assertEquals(3, ItemSize.valueBytes(n("9.99E+125")));
    assertEquals(1, ItemSize.valueBytes(n("-0")));
    assertEquals(3, ItemSize.valueBytes(n("10.05"))); // "1005": 4 digits
    assertEquals(20, ItemSize.valueBytes(n("-12345678901234567890123456789012345678")));
    assertEquals(1 + 20, ItemSize.bytes(Map.of("n", n("12345678901234567890123456789012345678"))));
  }

  @Test
  void setsSumTheirMembers() {
    assertEquals(2 + 2 + 1, ItemSize.bytes(Map.of("ss", AttributeValue.fromSs(List.of("ab", "c")))));
    assertEquals(2 + 2 + 3, ItemSize.bytes(Map.of("ns", AttributeValue.fromNs(List.of("7", "-123")))));
    assertEquals(
        2 + 3 + 0,
        ItemSize.bytes(
            Map.of(
                "bs",
                AttributeValue.fromBs(
                    List.of(
                        SdkBytes.fromByteArray(new byte[3]), SdkBytes.fromByteArray(new byte[0]))))));
  }

  @Test
  void mapsAndListsCostThreeBytesPlusOnePerElement() {
    assertEquals(1 + 3, ItemSize.bytes(Map.of("m", AttributeValue.fromM(Map.of()))));
    assertEquals(1 + 3, ItemSize.bytes(Map.of("l", AttributeValue.fromL(List.of()))));
    // m: 3 overhead + 1 element * 1 + name "a" (1) + "xy" (2)
    assertEquals(1 + 3 + 1 + 1 + 2, ItemSize.bytes(Map.of("m", AttributeValue.fromM(Map.of("a", s("xy"))))));
    // l: 3 overhead + 2 elements * 1 + N "1" (2) + BOOL (1)
    assertEquals(
        1 + 3 + 2 + 2 + 1,
        ItemSize.bytes(Map.of("l", AttributeValue.fromL(List.of(n("1"), AttributeValue.fromBool(true))))));
    // nested: outer M{ inner: L[ M{} ] }
    AttributeValue nested =
        AttributeValue.fromM(
            Map.of("inner", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of())))));
    assertEquals(3 + 1 + 5 + (3 + 1 + 3), ItemSize.valueBytes(nested));
  }

  @Test
  void wholeItem() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", s("user#42")); // 2 + 7
    item.put("age", n("37")); // 3 + 2
    item.put("tags", AttributeValue.fromSs(List.of("a", "bb"))); // 4 + 3
    item.put("ok", AttributeValue.fromBool(true)); // 2 + 1
    assertEquals(9 + 5 + 7 + 3, ItemSize.bytes(item));

    Map<String, AttributeValue> tooBig = Map.of("t", s("x".repeat(ItemSize.MAX_ITEM_BYTES)));
    assertTrue(ItemSize.bytes(tooBig) > ItemSize.MAX_ITEM_BYTES);
  }

  @Test
  void capacityUnits() {
    assertEquals(1.0, ItemSize.readUnits(1, true));
    assertEquals(0.5, ItemSize.readUnits(1, false));
    assertEquals(0.5, ItemSize.readUnits(0, false));
    assertEquals(1.0, ItemSize.readUnits(4096, true));
    assertEquals(2.0, ItemSize.readUnits(4097, true));
    assertEquals(1.0, ItemSize.readUnits(4097, false));
    assertEquals(50.0, ItemSize.readUnits(400 * 1024, false));

    assertEquals(1, ItemSize.writeUnits(0));
    assertEquals(1, ItemSize.writeUnits(1));
    assertEquals(1, ItemSize.writeUnits(1024));
    assertEquals(2, ItemSize.writeUnits(1025));
    assertEquals(400, ItemSize.writeUnits(400 * 1024));
    assertEquals(Integer.MAX_VALUE, ItemSize.writeUnits(Long.MAX_VALUE));

    assertThrows(IllegalArgumentException.class, () -> ItemSize.writeUnits(-1));
    assertThrows(IllegalArgumentException.class, () -> ItemSize.readUnits(-1, true));
  }

  @Test
  void invalidValuesNameTheirPath() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ItemSize.bytes(
                    Map.of("m", AttributeValue.fromM(Map.of("x", AttributeValue.builder().build())))));
    assertTrue(e.getMessage().contains("'m.x'"), e.getMessage());
  }
}
