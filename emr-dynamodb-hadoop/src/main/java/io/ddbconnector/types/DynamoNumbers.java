package io.ddbconnector.types;

import java.math.BigDecimal;

/**
 * DynamoDB's number type: up to 38 significant digits, magnitudes from 1E-130 to
 * 9.9999999999999999999999999999999999999E+125, and zero. Engines check a value here before they send it,
 * so a bad one fails with the column and row named instead of failing a whole batch at the service
 * (which names neither).
 *
 * <p>The one place the engines take number rules from, so Spark, Hive and MapReduce write the same text and
 * agree on which numbers are equal: checking ({@link #problem}, {@link #parse}, {@link #check}); the
 * canonical text written ({@link #format}, from a BigDecimal, a long, or a double/float through
 * {@link #decimal}); an integer read exactly ({@link #longValueExact}); identity ({@link #canonicalNumber}:
 * {@code 1.0} and {@code 1} are one number).
 */
public final class DynamoNumbers {

  /** Most significant digits of a DynamoDB number. */
  public static final int MAX_DIGITS = 38;
  /** Largest decimal exponent of a DynamoDB number's leading digit (9.99...E+125). */
  public static final int MAX_EXPONENT = 125;
  /** Smallest decimal exponent of a DynamoDB number's leading digit (1E-130). */
  public static final int MIN_EXPONENT = -130;

  private static final long NOT_A_NUMBER = Long.MIN_VALUE;
  private static final long EXPONENT_CAP = 1_000_000_000L;

  private DynamoNumbers() {}

  /**
   * Why DynamoDB would refuse to store the number text {@code n}, or null: one pass over the text, no
   * allocation (writers check every number of every item with it).
   */
  public static String problem(String n) {
    long shape = shape(n);
    if (shape == NOT_A_NUMBER) {
      return "is not a number";
    } else if (shape == 0) {
      return null;
    } else if (exponent(shape) > MAX_EXPONENT) {
      return "is larger in magnitude than DynamoDB's largest number, 9.9999999999999999999999999999999999999E+125";
    } else if (exponent(shape) < MIN_EXPONENT) {
      return "is smaller in magnitude than DynamoDB's smallest nonzero number, 1E-130";
    } else if (digits(shape) > MAX_DIGITS) {
      return "has " + digits(shape) + " significant digits; DynamoDB numbers have at most " + MAX_DIGITS;
    }
    return null;
  }

  /**
   * The number {@code n} as (exponent of its first significant digit) << 32 | (count of significant digits),
   * 0 for zero (whatever its exponent), or {@link #NOT_A_NUMBER}. Exponents are capped far beyond the range.
   */
  private static long shape(String n) {
    int len = n.length();
    int i = len > 0 && (n.charAt(0) == '-' || n.charAt(0) == '+') ? 1 : 0;
    int digits = 0; // mantissa digits read
    int point = -1; // mantissa digits before the point
    int first = -1; // index among the mantissa digits of the first nonzero one
    int last = -1; // ... and of the last
    for (; i < len; i++) {
      char c = n.charAt(i);
      if (c >= '0' && c <= '9') {
        if (c != '0') {
          first = first < 0 ? digits : first;
          last = digits;
        }
        digits++;
      } else if (c == '.' && point < 0) {
        point = digits;
      } else {
        break;
      }
    }
    if (digits == 0) {
      return NOT_A_NUMBER;
    }
    long exponent = 0;
    if (i < len) {
      char e = n.charAt(i++);
      boolean negative = i < len && n.charAt(i) == '-';
      if (i < len && (negative || n.charAt(i) == '+')) {
        i++;
      }
      if ((e != 'e' && e != 'E') || i == len) {
        return NOT_A_NUMBER;
      }
      for (; i < len; i++) {
        char c = n.charAt(i);
        if (c < '0' || c > '9') {
          return NOT_A_NUMBER;
        }
        exponent = Math.min(exponent * 10 + (c - '0'), EXPONENT_CAP);
      }
      exponent = negative ? -exponent : exponent;
    }
    if (first < 0) {
      return 0;
    }
    long firstExponent = exponent + (point < 0 ? digits : point) - 1 - first;
    firstExponent = Math.max(-EXPONENT_CAP, Math.min(EXPONENT_CAP, firstExponent));
    return (firstExponent << 32) | (last - first + 1);
  }

  private static int exponent(long shape) {
    return (int) (shape >> 32);
  }

  private static int digits(long shape) {
    return (int) shape;
  }

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

  /** Canonical text of {@code value}: its decimal digits ({@link Long#toString}), already canonical. */
  public static String format(long value) {
    return Long.toString(value);
  }

  /**
   * The decimal a finite double stands for when written: its shortest text ({@link Double#toString}), so
   * {@code 0.1} gives {@code 0.1}, not the binary value's 55 digits, and reads back as the same double. Not
   * checked against DynamoDB's range: {@link #check} does that.
   *
   * @throws IllegalArgumentException for NaN and infinities, which DynamoDB numbers cannot hold
   */
  public static BigDecimal decimal(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(value + " cannot be stored in DynamoDB, whose numbers are finite");
    }
    return BigDecimal.valueOf(value);
  }

  /** As {@link #decimal(double)}, from the float's own shortest text ({@code 0.1f} gives {@code 0.1}). */
  public static BigDecimal decimal(float value) {
    if (Float.isNaN(value) || Float.isInfinite(value)) {
      throw new IllegalArgumentException(value + " cannot be stored in DynamoDB, whose numbers are finite");
    }
    return new BigDecimal(Float.toString(value));
  }

  /**
   * The number text {@code n} as a long when it is an integer within 64 bits ({@code "1E+3"} and
   * {@code "5.0"} are); plain integers take a fast path without a BigDecimal.
   *
   * @throws ArithmeticException when {@code n} has a fraction or is out of range
   * @throws NumberFormatException when {@code n} is not a number
   */
  public static long longValueExact(String n) {
    int len = n.length();
    if (len > 0 && len <= 18) {
      boolean plain = true;
      for (int i = 0; i < len && plain; i++) {
        char c = n.charAt(i);
        plain = (c >= '0' && c <= '9') || (i == 0 && c == '-' && len > 1);
      }
      if (plain) {
        return Long.parseLong(n);
      }
    }
    return new BigDecimal(n).longValueExact();
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  /** Equal for numerically equal numbers ("1", "1.0", "+0.1e1" give "1e0"); call on valid numbers only. */
  public static String canonicalNumber(String n) {
    long shape = shape(n);
    if (shape == 0) {
      return "0";
    }
    StringBuilder sb = new StringBuilder(digits(shape) + 8);
    if (n.charAt(0) == '-') {
      sb.append('-');
    }
    boolean started = false; // past the first nonzero digit
    int zeros = 0; // zeros since the last nonzero digit: kept only if another nonzero one follows
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (c == 'e' || c == 'E') {
        break;
      } else if (c == '0') {
        zeros += started ? 1 : 0;
      } else if (c > '0' && c <= '9') {
        for (; zeros > 0; zeros--) {
          sb.append('0');
        }
        sb.append(c);
        started = true;
      }
    }
    return sb.append('e').append(exponent(shape)).toString();
  }
}
