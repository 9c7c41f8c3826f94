package io.ddbconnector.samples;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sample data set: web-shop orders of 2024, generated deterministically. Order {@code i} depends
 * only on {@code (seed, i)}, so loader threads can generate disjoint ranges in parallel and a test can
 * regenerate any order to check a job's result.
 *
 * <pre>{@code
 * {"order_id":{"S":"ord-00000042"}, "customer_id":{"S":"cust-01234"}, "region":{"S":"eu-west"},
 *  "status":{"S":"DELIVERED"}, "amount":{"N":"87.40"}, "created_at":{"S":"2024-03-15T10:22:33Z"},
 *  "line_items":{"L":[{"M":{"sku":{"S":"SKU-0123"},"qty":{"N":"2"},"unit_price":{"N":"43.70"}}}]},
 *  "tags":{"SS":["express","gift"]}}
 * }</pre>
 *
 * <p>Of the 5,000 customers, 250 regulars place a quarter of all orders, as in real shops; each customer
 * lives in one region, and each region has a favourite tag.
 * {@code amount} is the exact sum of {@code qty × unit_price} with two decimal places. {@code tags}
 * is absent when an order has none (a string set cannot be empty).
 */
public final class Orders {

  public static final String HASH_KEY = "order_id";
  public static final long DEFAULT_SEED = 2024;
  public static final int CUSTOMERS = 5_000;
  public static final List<String> REGIONS = List.of("us-east", "eu-west", "us-west", "ap-southeast", "sa-east");
  public static final List<String> STATUSES = List.of("PLACED", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED");
  public static final List<String> TAGS = List.of("gift", "express", "first-order", "promo", "bulk", "fragile");

  private static final int[] REGION_WEIGHTS = {30, 25, 20, 15, 10};
  private static final int[] STATUS_WEIGHTS = {8, 12, 65, 10, 5};
  private static final double[] TAG_PROBABILITY = {0.12, 0.25, 0.08, 0.18, 0.05, 0.07};
  private static final int REGULARS = 250;
  private static final double REGIONAL_TAG_BOOST = 0.25;
  private static final int SKUS = 500;
  private static final Instant YEAR_START = Instant.parse("2024-01-01T00:00:00Z");
  private static final long YEAR_SECONDS = ChronoUnit.SECONDS.between(YEAR_START, Instant.parse("2025-01-01T00:00:00Z"));

  private Orders() {}

  /** The order id of order {@code index}: {@code ord-00000042}. */
  public static String orderId(long index) {
    return String.format(Locale.ROOT, "ord-%08d", index);
  }

  /** Order number {@code index} (0-based) of the data set {@code seed}. */
  public static Map<String, AttributeValue> order(long seed, long index) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    // A quarter of the orders come from 250 regulars (customers 0-249), the rest from anyone.
    int customer = r.nextInt(4) == 0 ? r.nextInt(REGULARS) : r.nextInt(CUSTOMERS);
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put(HASH_KEY, s(orderId(index)));
    item.put("customer_id", s(String.format(Locale.ROOT, "cust-%05d", customer)));
    int region = weighted(new SplittableRandom(seed + customer).nextInt(100), REGION_WEIGHTS);
    item.put("region", s(REGIONS.get(region)));
    item.put("status", s(STATUSES.get(weighted(r.nextInt(100), STATUS_WEIGHTS))));

    int lines = 1 + r.nextInt(4);
    List<AttributeValue> lineItems = new ArrayList<>(lines);
    long totalCents = 0;
    for (int i = 0; i < lines; i++) {
      int sku = r.nextInt(SKUS);
      int qty = 1 + (r.nextInt(10) < 7 ? 0 : r.nextInt(3));
      long unitCents = unitPriceCents(seed, sku);
      totalCents += qty * unitCents;
      Map<String, AttributeValue> line = new LinkedHashMap<>();
      line.put("sku", s(String.format(Locale.ROOT, "SKU-%04d", sku)));
      line.put("qty", AttributeValue.fromN(Integer.toString(qty)));
      line.put("unit_price", AttributeValue.fromN(BigDecimal.valueOf(unitCents, 2).toPlainString()));
      lineItems.add(AttributeValue.fromM(line));
    }
    item.put("amount", AttributeValue.fromN(BigDecimal.valueOf(totalCents, 2).toPlainString()));
    item.put("created_at", s(YEAR_START.plusSeconds(r.nextLong(YEAR_SECONDS)).toString()));
    item.put("line_items", AttributeValue.fromL(lineItems));

    List<String> tags = new ArrayList<>();
    for (int t = 0; t < TAGS.size(); t++) {
      // Each region has a favourite tag (region i favours tag i), so regions differ.
      if (r.nextDouble() < TAG_PROBABILITY[t] + (t == region ? REGIONAL_TAG_BOOST : 0)) {
        tags.add(TAGS.get(t));
      }
    }
    if (!tags.isEmpty()) {
      item.put("tags", AttributeValue.fromSs(tags));
    }
    return item;
  }

  /** Catalogue price of a SKU, 2.99 to 249.99, fixed for the data set. */
  private static long unitPriceCents(long seed, int sku) {
    SplittableRandom r = new SplittableRandom(seed ^ (0xC0FFEEL * (sku + 1)));
    return 299 + r.nextInt(24_700);
  }

  private static int weighted(int roll, int[] weights) {
    int acc = 0;
    for (int i = 0; i < weights.length; i++) {
      acc += weights[i];
      if (roll < acc) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }
}
