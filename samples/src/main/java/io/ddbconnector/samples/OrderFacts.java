package io.ddbconnector.samples;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The fields the analytics jobs use, taken out of an order item as soon as it is read: Hadoop and Spark
 * reuse the {@code DynamoDBItemWritable} of each record, so nothing may hold on to the item itself.
 * Serializable so Spark can cache and shuffle it.
 */
public final class OrderFacts implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Orders that bring no revenue. */
  public static final Set<String> NO_REVENUE = Set.of("CANCELLED", "RETURNED");

  private final String orderId;
  private final String customerId;
  private final String region;
  private final String status;
  private final String createdAt;
  private final BigDecimal amount;
  private final int lineItems;
  private final List<String> tags;

  private OrderFacts(String orderId, String customerId, String region, String status, String createdAt,
      BigDecimal amount, int lineItems, List<String> tags) {
    this.orderId = orderId;
    this.customerId = customerId;
    this.region = region;
    this.status = status;
    this.createdAt = createdAt;
    this.amount = amount;
    this.lineItems = lineItems;
    this.tags = tags;
  }

  /** Extracts the facts of one order item; fails naming the order when an attribute is missing. */
  public static OrderFacts of(Map<String, AttributeValue> item) {
    String id = string(item, Orders.HASH_KEY, "?");
    AttributeValue tags = item.get("tags");
    AttributeValue lines = item.get("line_items");
    return new OrderFacts(id,
        required(item, id, "customer_id"),
        required(item, id, "region"),
        required(item, id, "status"),
        required(item, id, "created_at"),
        new BigDecimal(requiredNumber(item, id, "amount")),
        lines != null && lines.hasL() ? lines.l().size() : 0,
        tags != null && tags.hasSs() ? List.copyOf(tags.ss()) : Collections.emptyList());
  }

  private static String string(Map<String, AttributeValue> item, String name, String dflt) {
    AttributeValue v = item.get(name);
    return v != null && v.s() != null ? v.s() : dflt;
  }

  private static String required(Map<String, AttributeValue> item, String id, String name) {
    AttributeValue v = item.get(name);
    if (v == null || v.s() == null) {
      throw new IllegalArgumentException("order " + id + " has no string attribute '" + name + "'");
    }
    return v.s();
  }

  private static String requiredNumber(Map<String, AttributeValue> item, String id, String name) {
    AttributeValue v = item.get(name);
    if (v == null || v.n() == null) {
      throw new IllegalArgumentException("order " + id + " has no number attribute '" + name + "'");
    }
    return v.n();
  }

  public String orderId() { return orderId; }
  public String customerId() { return customerId; }
  public String region() { return region; }
  public String status() { return status; }
  /** ISO-8601 instant, e.g. {@code 2024-03-15T10:22:33Z}. */
  public String createdAt() { return createdAt; }
  /** {@code yyyy-MM} of {@link #createdAt()} (UTC). */
  public String month() { return createdAt.substring(0, 7); }
  public BigDecimal amount() { return amount; }
  public int lineItems() { return lineItems; }
  public List<String> tags() { return tags; }

  /** Whether the order counts towards revenue (not cancelled or returned). */
  public boolean isRevenue() {
    return !NO_REVENUE.contains(status);
  }
}
