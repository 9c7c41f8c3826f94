package io.ddbconnector.samples;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/** A count of orders and the exact sum of their amounts; the value every aggregation in the samples reduces. */
public final class Totals implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final Totals ZERO = new Totals(0, BigDecimal.ZERO);

  private final long orders;
  private final BigDecimal amount;

  public Totals(long orders, BigDecimal amount) {
    this.orders = orders;
    this.amount = amount;
  }

  public static Totals of(BigDecimal amount) {
    return new Totals(1, amount);
  }

  public Totals plus(Totals other) {
    return new Totals(orders + other.orders, amount.add(other.amount));
  }

  public long orders() { return orders; }
  public BigDecimal amount() { return amount; }

  @Override
  public boolean equals(Object o) {
    return o instanceof Totals && ((Totals) o).orders == orders
        && ((Totals) o).amount.compareTo(amount) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(orders, amount.stripTrailingZeros());
  }

  @Override
  public String toString() {
    return orders + " orders, " + amount.toPlainString();
  }
}
