package io.ddbconnector.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The generated data set: deterministic, internally consistent, and shaped as documented. */
class OrdersTest {

  @Test
  void orderDependsOnlyOnSeedAndIndex() {
    assertEquals(Orders.order(5, 123), Orders.order(5, 123));
    assertNotEquals(Orders.order(5, 123), Orders.order(6, 123));
    assertEquals("ord-00000123", Orders.order(5, 123).get(Orders.HASH_KEY).s());
  }

  @Test
  void amountsAreExactSumsAndAttributesAreWellFormed() {
    Map<String, Integer> customersPerRegion = new HashMap<>();
    Map<String, String> regionOf = new HashMap<>();
    Set<String> months = new HashSet<>();
    for (int i = 0; i < 5_000; i++) {
      Map<String, AttributeValue> o = Orders.order(Orders.DEFAULT_SEED, i);
      BigDecimal sum = BigDecimal.ZERO;
      for (AttributeValue line : o.get("line_items").l()) {
        sum = sum.add(new BigDecimal(line.m().get("unit_price").n())
            .multiply(new BigDecimal(line.m().get("qty").n())));
      }
      assertEquals(0, sum.compareTo(new BigDecimal(o.get("amount").n())), "amount of " + o);
      assertEquals(2, new BigDecimal(o.get("amount").n()).scale(), "two decimal places as written");
      assertTrue(Orders.STATUSES.contains(o.get("status").s()));
      assertTrue(Orders.REGIONS.contains(o.get("region").s()));
      if (o.containsKey("tags")) {
        assertFalse(o.get("tags").ss().isEmpty());
      }
      String customer = o.get("customer_id").s();
      String previous = regionOf.put(customer, o.get("region").s());
      assertTrue(previous == null || previous.equals(o.get("region").s()), "a customer lives in one region");
      customersPerRegion.merge(o.get("region").s(), 1, Integer::sum);
      months.add(o.get("created_at").s().substring(0, 7));
      assertTrue(o.get("created_at").s().matches("2024-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), o.toString());
    }
    assertEquals(12, months.size());
    assertEquals(5, customersPerRegion.size());
  }
}
