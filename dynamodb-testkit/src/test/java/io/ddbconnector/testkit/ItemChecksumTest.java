package io.ddbconnector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemChecksumTest {

  private static final List<Map<String, AttributeValue>> ITEMS = ItemCorpus.generated("id", 50, 1);

  @Test
  void isIndependentOfOrder() {
    List<Map<String, AttributeValue>> shuffled = new ArrayList<>(ITEMS);
    Collections.reverse(shuffled);
    assertEquals(ItemChecksum.of(ITEMS), ItemChecksum.of(shuffled));
    assertTrue(ItemChecksum.of(ITEMS).matches("50:[0-9a-f]{64}"));
  }

  @Test
  void changesWhenOneNumbersLastDigitChanges() {
    List<Map<String, AttributeValue>> changed = new ArrayList<>(ITEMS);
    Map<String, AttributeValue> item = new HashMap<>(changed.get(17));
    String quantity = item.get("quantity").n();
    char last = quantity.charAt(quantity.length() - 1);
    String other = quantity.substring(0, quantity.length() - 1)
        + (last == '9' ? '8' : (char) (last + 1));
    item.put("quantity", AttributeValue.fromN(other));
    changed.set(17, item);

    assertNotEquals(ItemChecksum.of(ITEMS), ItemChecksum.of(changed));
    AssertionError error = assertThrows(AssertionError.class,
        () -> ItemChecksum.assertSameItems(ITEMS, changed, "id"));
    assertTrue(error.getMessage().contains("changed {\"id\":S\"item-000017\"}"),
        error.getMessage());
  }

  @Test
  void normalisesNumbersExactly() {
    assertEquals(canonicalNumber("1.5"), canonicalNumber("1.50"));
    assertEquals(canonicalNumber("100"), canonicalNumber("1E+2"));
    assertEquals(canonicalNumber("0"), canonicalNumber("-0.000"));
    assertNotEquals(canonicalNumber("99999999999999999999999999999999999999"),
        canonicalNumber("99999999999999999999999999999999999998"));
    assertNotEquals(canonicalNumber("1E-130"),
        canonicalNumber("1.0000000000000000000000000000000000001E-130"));
  }

  @Test
  void setsAreCanonicalAndTypesDistinct() {
    Map<String, AttributeValue> a = Map.of("s", AttributeValue.fromSs(List.of("x", "y")));
    Map<String, AttributeValue> b = Map.of("s", AttributeValue.fromSs(List.of("y", "x")));
    assertEquals(ItemChecksum.canonical(a), ItemChecksum.canonical(b));
    assertNotEquals(ItemChecksum.canonical(Map.of("v", AttributeValue.fromS("1"))),
        ItemChecksum.canonical(Map.of("v", AttributeValue.fromN("1"))));
    assertNotEquals(ItemChecksum.canonical(Map.of("v", AttributeValue.fromS("a\",\"b"))),
        ItemChecksum.canonical(Map.of("v", AttributeValue.fromSs(List.of("a", "b")))));
  }

  @Test
  void countsDuplicates() {
    List<Map<String, AttributeValue>> doubled = new ArrayList<>(ITEMS);
    doubled.add(ITEMS.get(0));
    assertNotEquals(ItemChecksum.of(ITEMS), ItemChecksum.of(doubled));
    AssertionError error = assertThrows(AssertionError.class,
        () -> ItemChecksum.assertSameItems(ITEMS, doubled));
    assertTrue(error.getMessage()
            .startsWith("items differ: expected 50, actual 51; 0 missing, 1 unexpected"),
        error.getMessage());
    ItemChecksum.assertSameItems(ITEMS, new ArrayList<>(ITEMS));
  }

  private static String canonicalNumber(String n) {
    return ItemChecksum.canonical(Map.of("n", AttributeValue.fromN(n)));
  }
}
