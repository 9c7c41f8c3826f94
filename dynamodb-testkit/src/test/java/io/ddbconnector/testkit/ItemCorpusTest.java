package io.ddbconnector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemCorpusTest {

  @Test
  void generatedItemsAreDeterministicAndRealisticallySized() {
    List<Map<String, AttributeValue>> items = ItemCorpus.generated("id", 1000, 42);
    assertEquals(ItemChecksum.of(items), ItemChecksum.of(ItemCorpus.generated("id", 1000, 42)));
    assertEquals(ItemChecksum.canonical(items.get(10)),
        ItemChecksum.canonical(ItemCorpus.generated("id", 11, 42).get(10)));
    assertEquals("item-000123", items.get(123).get("id").s());
    IntSummaryStatistics sizes = items.stream().mapToInt(ItemCorpusTest::size).summaryStatistics();
    assertTrue(sizes.getMin() >= 150 && sizes.getMax() <= 250, sizes.toString());
  }

  @Test
  void trickyItemsHaveDistinctKeysAndFitTheItemLimit() {
    List<Map<String, AttributeValue>> items = ItemCorpus.tricky("pk");
    Set<String> keys = new HashSet<>();
    for (Map<String, AttributeValue> item : items) {
      assertTrue(keys.add(item.get("pk").s()));
      assertTrue(size(item) < 400 * 1024, item.get("pk").s());
    }
    assertTrue(items.size() >= 20, "corpus size " + items.size());
  }

  /** Item size as DynamoDB documents it: UTF-8 names and values, numbers ~1 byte per 2 digits. */
  private static int size(Map<String, AttributeValue> item) {
    int size = 0;
    for (Map.Entry<String, AttributeValue> entry : item.entrySet()) {
      size += entry.getKey().getBytes(StandardCharsets.UTF_8).length + size(entry.getValue());
    }
    return size;
  }

  private static int size(AttributeValue value) {
    return switch (value.type()) {
      case S -> value.s().getBytes(StandardCharsets.UTF_8).length;
      case N -> 1 + (value.n().length() + 1) / 2;
      case B -> value.b().asByteArrayUnsafe().length;
      case BOOL, NUL -> 1;
      case SS -> value.ss().stream().mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
      case NS -> value.ns().stream().mapToInt(n -> 1 + (n.length() + 1) / 2).sum();
      case BS -> value.bs().stream().mapToInt(b -> b.asByteArrayUnsafe().length).sum();
      case M -> 3 + value.m().size() + size(value.m());
      case L -> 3 + value.l().stream().mapToInt(v -> 1 + size(v)).sum();
      default -> throw new IllegalArgumentException(value.toString());
    };
  }
}
