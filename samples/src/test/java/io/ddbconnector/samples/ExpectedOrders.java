package io.ddbconnector.samples;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The samples' results computed independently: plain Java loops over the generated orders, with no
 * Spark, Hadoop or connector code, to compare the jobs' output with exactly.
 */
final class ExpectedOrders {

  private static final Set<String> NO_REVENUE = Set.of("CANCELLED", "RETURNED");

  final List<Map<String, AttributeValue>> items = new ArrayList<>();

  ExpectedOrders(long seed, int count) {
    for (int i = 0; i < count; i++) {
      items.add(Orders.order(seed, i));
    }
  }

  private static String s(Map<String, AttributeValue> item, String name) {
    return item.get(name).s();
  }

  private static BigDecimal amount(Map<String, AttributeValue> item) {
    return new BigDecimal(item.get("amount").n());
  }

  private static boolean revenue(Map<String, AttributeValue> item) {
    return !NO_REVENUE.contains(s(item, "status"));
  }

  /** region → month → totals of orders not cancelled or returned. */
  Map<String, Map<String, Totals>> revenueByRegionMonth() {
    Map<String, Map<String, Totals>> m = new TreeMap<>();
    for (Map<String, AttributeValue> item : items) {
      if (revenue(item)) {
        m.computeIfAbsent(s(item, "region"), r -> new TreeMap<>())
            .merge(s(item, "created_at").substring(0, 7), Totals.of(amount(item)), Totals::plus);
      }
    }
    return m;
  }

  /** The 10 customers with most revenue, best first (ties by id). */
  List<Map.Entry<String, Totals>> topCustomers() {
    Map<String, Totals> byCustomer = new TreeMap<>();
    for (Map<String, AttributeValue> item : items) {
      if (revenue(item)) {
        byCustomer.merge(s(item, "customer_id"), Totals.of(amount(item)), Totals::plus);
      }
    }
    List<Map.Entry<String, Totals>> list = new ArrayList<>(byCustomer.entrySet());
    list.sort(Comparator.<Map.Entry<String, Totals>, BigDecimal>comparing(e -> e.getValue().amount())
        .reversed().thenComparing(Map.Entry::getKey));
    return list.subList(0, Math.min(10, list.size()));
  }

  Map<String, Long> statusCounts() {
    Map<String, Long> m = new TreeMap<>();
    for (Map<String, AttributeValue> item : items) {
      m.merge(s(item, "status"), 1L, Long::sum);
    }
    return m;
  }

  /** status → (orders, sum of amount) over all orders. */
  Map<String, Totals> byStatus() {
    Map<String, Totals> m = new TreeMap<>();
    for (Map<String, AttributeValue> item : items) {
      m.merge(s(item, "status"), Totals.of(amount(item)), Totals::plus);
    }
    return m;
  }

  /** tag (or "(no tags)") → (orders, sum of amount) over all orders. */
  Map<String, Totals> byTag() {
    Map<String, Totals> m = new TreeMap<>();
    for (Map<String, AttributeValue> item : items) {
      AttributeValue tags = item.get("tags");
      for (String tag : tags == null ? List.of("(no tags)") : tags.ss()) {
        m.merge(tag, Totals.of(amount(item)), Totals::plus);
      }
    }
    return m;
  }

  /** Per region: [orders, revenue, avg order (2 places, via 6 places as Spark's avg), avg line items]. */
  Map<String, Object[]> regionSummary() {
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, BigDecimal> revenue = new TreeMap<>();
    Map<String, BigDecimal> all = new TreeMap<>();
    for (Map<String, AttributeValue> item : items) {
      String region = s(item, "region");
      long[] c = counts.computeIfAbsent(region, r -> new long[2]);
      c[0]++;
      c[1] += item.get("line_items").l().size();
      all.merge(region, amount(item), BigDecimal::add);
      revenue.merge(region, revenue(item) ? amount(item) : BigDecimal.ZERO, BigDecimal::add);
    }
    Map<String, Object[]> out = new TreeMap<>();
    for (String region : counts.keySet()) {
      long n = counts.get(region)[0];
      BigDecimal avg = all.get(region).divide(BigDecimal.valueOf(n), 6, RoundingMode.HALF_UP)
          .setScale(2, RoundingMode.HALF_UP);
      // Spark: avg of an int column is a double; round(x, 2) is HALF_UP on the double's decimal text.
      double avgLines = BigDecimal.valueOf((double) counts.get(region)[1] / n).setScale(2, RoundingMode.HALF_UP)
          .doubleValue();
      out.put(region, new Object[] {n, revenue.get(region), avg, avgLines});
    }
    return out;
  }

  /** The 5 SKUs with most units in orders not cancelled or returned: sku → [units, sales, orders]. */
  List<Object[]> topSkus() {
    Map<String, long[]> units = new TreeMap<>();
    Map<String, BigDecimal> sales = new TreeMap<>();
    Map<String, Set<String>> orders = new TreeMap<>();
    for (Map<String, AttributeValue> item : items) {
      if (!revenue(item)) {
        continue;
      }
      for (AttributeValue line : item.get("line_items").l()) {
        String sku = line.m().get("sku").s();
        long qty = Long.parseLong(line.m().get("qty").n());
        units.computeIfAbsent(sku, k -> new long[1])[0] += qty;
        sales.merge(sku, new BigDecimal(line.m().get("unit_price").n()).multiply(BigDecimal.valueOf(qty)),
            BigDecimal::add);
        orders.computeIfAbsent(sku, k -> new java.util.HashSet<>()).add(s(item, Orders.HASH_KEY));
      }
    }
    List<String> skus = new ArrayList<>(units.keySet());
    skus.sort(Comparator.<String>comparingLong(k -> -units.get(k)[0]).thenComparing(k -> k));
    List<Object[]> out = new ArrayList<>();
    for (String sku : skus.subList(0, Math.min(5, skus.size()))) {
      out.add(new Object[] {sku, units.get(sku)[0], sales.get(sku), (long) orders.get(sku).size()});
    }
    return out;
  }

  /** region → [most frequent tag (ties: smallest name), its orders]. */
  Map<String, Object[]> topTagPerRegion() {
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    for (Map<String, AttributeValue> item : items) {
      AttributeValue tags = item.get("tags");
      if (tags != null) {
        for (String tag : tags.ss()) {
          counts.computeIfAbsent(s(item, "region"), r -> new TreeMap<>()).merge(tag, 1L, Long::sum);
        }
      }
    }
    Map<String, Object[]> out = new TreeMap<>();
    counts.forEach((region, byTag) -> {
      String best = null;
      for (Map.Entry<String, Long> e : byTag.entrySet()) {
        if (best == null || e.getValue() > byTag.get(best)) {
          best = e.getKey();
        }
      }
      out.put(region, new Object[] {best, byTag.get(best)});
    });
    return out;
  }
}
