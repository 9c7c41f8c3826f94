package io.ddbconnector.types;

import java.math.BigDecimal;

/**
 * DynamoDB's number type: up to 38 significant digits, magnitudes from 1E-130 to
 * 9.9999999999999999999999999999999999999E+125, and zero. Engines check a value here before they send it,
 * so a bad one fails with the column and row named instead of failing a whole batch at the service
 * (which names neither).
 */
public final class DynamoNumbers {

  /** Most significant digits of a DynamoDB number. */
  public static final int MAX_DIGITS = 38;
  /** Largest decimal exponent of a DynamoDB number's leading digit (9.99...E+125). */
  public static final int MAX_EXPONENT = 125;
  /** Smallest decimal exponent of a DynamoDB number's leading digit (1E-130). */
  public static final int MIN_EXPONENT = -130;

  private DynamoNumbers() {}

  /**
   * The exact value of a number's text, e.g. {@code "1.50"} or {@code "-9.99E+125"}.
   *
   * @throws IllegalArgumentException saying why, when the text is not a number DynamoDB can store
   */
  public static BigDecimal parse(String text) {
    BigDecimal bd;
    try {
      bd = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + abbreviate(text) + "' is not a number");
    }
    return check(bd);
  }

  /**
   * {@code value} itself when DynamoDB can store it exactly.
   *
   * @throws IllegalArgumentException saying which limit it exceeds
   */
  public static BigDecimal check(BigDecimal value) {
    if (value.signum() == 0) {
      return value;
    }
    BigDecimal s = value.stripTrailingZeros();
    if (s.precision() > MAX_DIGITS) {
      throw new IllegalArgumentException(abbreviate(value.toString()) + " has " + s.precision()
          + " significant digits; DynamoDB numbers have at most " + MAX_DIGITS);
    }
    int exponent = s.precision() - s.scale() - 1;
    if (exponent > MAX_EXPONENT || exponent < MIN_EXPONENT) {
      throw new IllegalArgumentException(value + " is outside DynamoDB's number range (1E-130 to"
          + " 9.9999999999999999999999999999999999999E+125 in magnitude)");
    }
    return value;
  }

  /**
   * Canonical text of a number: no trailing zeros, {@code 0} for any zero, plain notation unless that would
   * need many zeros ({@code 1E-130}, {@code 9.99E+125}); DynamoDB accepts both.
   */
  public static String format(BigDecimal value) {
    BigDecimal s = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    int exponent = s.precision() - s.scale() - 1;
    return exponent >= -20 && exponent <= 40 ? s.toPlainString() : s.toString();
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
