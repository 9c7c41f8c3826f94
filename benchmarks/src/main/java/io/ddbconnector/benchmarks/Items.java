package io.ddbconnector.benchmarks;

import io.ddbconnector.testkit.ItemCorpus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items for the benchmarks: the test kit's realistic ~200-byte items (a pool of templates, so that
 * making item {@code i} costs one map copy, the same for the connector and for the SDK reference) and
 * a nested ~4 KB item for the conversion benchmark.
 */
final class Items {

  static final String HASH_KEY = "id";
  private static final int POOL = 4096;
  private static final List<Map<String, AttributeValue>> TEMPLATES = ItemCorpus.generated(HASH_KEY, POOL, 7);

  private Items() {}

  /** A typical ~200-byte item whose key is {@code prefix + index} (zero-padded). */
  static Map<String, AttributeValue> typical(String prefix, long index) {
    Map<String, AttributeValue> item = new LinkedHashMap<>(TEMPLATES.get((int) (index % POOL)));
    item.put(HASH_KEY, AttributeValue.fromS(prefix + String.format(Locale.ROOT, "%08d", index)));
    return item;
  }

  /** Typical items {@code from} (inclusive) to {@code to} (exclusive). */
  static List<Map<String, AttributeValue>> typicalRange(String prefix, int from, int to) {
    List<Map<String, AttributeValue>> items = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      items.add(typical(prefix, i));
    }
    return items;
  }

  /**
   * A ~4 KB item with the shapes a document store holds: a map of maps, a list of maps (order lines),
   * string and number sets, numbers with many digits, a binary value and a few long strings.
   */
  static Map<String, AttributeValue> nested(int seed) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put(HASH_KEY, s(String.format(Locale.ROOT, "order-%08d", seed)));
    item.put("customer", m(Map.of(
        "id", s("C-" + (100000 + seed)),
        "name", s("Customer number " + seed),
        "email", s("customer" + seed + "@example.com"),
        "address", m(Map.of(
            "street", s(seed + " Long Example Street, Building B, Floor 4"),
            "city", s("Springfield"), "zip", s("12345-6789"), "country", s("US"))),
        "segments", ss("retail", "loyalty-gold", "newsletter"))));
    List<AttributeValue> lines = new ArrayList<>();
    for (int i = 0; i < 22; i++) {
      lines.add(m(Map.of(
          "sku", s(String.format(Locale.ROOT, "SKU-%06d-%02d", seed % 1000000, i)),
          "title", s("Item title number " + i + " with a descriptive name"),
          "quantity", n(Integer.toString(1 + i % 5)),
          "unitPrice", n(String.format(Locale.ROOT, "%d.%02d", 3 + i * 7, (i * 13) % 100)),
          "discounts", l(n("0.05"), n("0.10")),
          "attributes", m(Map.of("color", s(i % 2 == 0 ? "red" : "blue"), "size", s("L"))))));
    }
    item.put("lines", l(lines.toArray(new AttributeValue[0])));
    item.put("total", n("1234567.890123456789"));
    item.put("tags", ss("priority", "gift", "express", "insured"));
    item.put("ratings", ns("1", "2.5", "4.75", "5"));
    item.put("signature", AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[128])));
    item.put("notes", s("Leave at the front door. ".repeat(12)));
    item.put("paid", AttributeValue.fromBool(true));
    item.put("coupon", AttributeValue.fromNul(true));
    return item;
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(String v) {
    return AttributeValue.fromN(v);
  }

  private static AttributeValue ss(String... v) {
    return AttributeValue.fromSs(List.of(v));
  }

  private static AttributeValue ns(String... v) {
    return AttributeValue.fromNs(List.of(v));
  }

  private static AttributeValue m(Map<String, AttributeValue> v) {
    return AttributeValue.fromM(new LinkedHashMap<>(v));
  }

  private static AttributeValue l(AttributeValue... v) {
    return AttributeValue.fromL(List.of(v));
  }
}
