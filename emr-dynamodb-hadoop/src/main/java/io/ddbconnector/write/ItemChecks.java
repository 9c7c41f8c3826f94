package io.ddbconnector.write;

import io.ddbconnector.client.TableInfo;
import io.ddbconnector.types.InvalidAttributeException;
import io.ddbconnector.types.ItemSize;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the service would reject in an item before any write is sent: a missing, mistyped or empty key
 * attribute; a value it cannot store; a size over 400 KB. Shared by the writers and by tools that must name
 * the file and line of a bad item. The service's own messages for these name neither the item nor the
 * attribute; these name the attribute path ({@code a.b[3]}, a set by its name and the member).
 *
 * <p>Values are checked by DynamoDB's documented rules (developer guide, "Supported data types and naming
 * rules"): a number has at most 38 significant digits (leading and trailing zeros do not count) and, unless
 * it is zero, a magnitude from 1E-130 to 9.9999999999999999999999999999999999999E+125; a set (SS, NS, BS) is
 * not empty and holds no two equal members (NS members are equal when their numbers are, "1" and "1.0";
 * BS members when their bytes are); an AttributeValue has exactly one type. Number text is read as the
 * service reads it: an optional sign, decimal digits with at most one point, an optional exponent ("+3",
 * ".5", "1e+5" and "0e1000" are numbers; " 1", "NaN" and "Infinity" are not).
 *
 * <p>One pass over the item, without allocating for a valid scalar: numbers are scanned by hand, not parsed
 * into BigDecimals; only sets of two or more members pay for a set of their members.
 */
public final class ItemChecks {

  /** Significant digits of DynamoDB's numbers. */
  static final int MAX_DIGITS = 38;
  /** Exponent of the first significant digit: 9.99...E+125 is the largest magnitude, 1E-130 the smallest. */
  static final int MAX_EXPONENT = 125;
  static final int MIN_EXPONENT = -130;
  /** Deeper values are left to {@link ItemSize}, which refuses them (the service stops at 32 levels). */
  private static final int MAX_DEPTH = 64;
  private static final long NOT_A_NUMBER = Long.MIN_VALUE;
  private static final long EXPONENT_CAP = 1_000_000_000L;
  private static final int SHOWN_CHARS = 60;

  private ItemChecks() {}

  /** Why {@code item} cannot be written to a table with these key attributes, or null when it can. */
  public static String problem(Map<String, AttributeValue> item, List<TableInfo.KeyAttribute> keys) {
    String problem = keyProblem(item, keys);
    if (problem == null) {
      problem = valueProblem(item);
    }
    if (problem != null) {
      return problem;
    }
    long bytes = ItemSize.bytes(item);
    return bytes > ItemSize.MAX_ITEM_BYTES
        ? "is " + bytes + " bytes; DynamoDB's item limit is " + ItemSize.MAX_ITEM_BYTES + " bytes" : null;
  }

  /**
   * The value part of {@link #problem}: why the service would refuse one of the item's attribute values,
   * naming its path ("has attribute 'a.b[3]' whose N value '1e200' is larger ..."), or null.
   */
  public static String valueProblem(Map<String, AttributeValue> item) {
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      String problem = valueProblem(e.getKey(), e.getValue());
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /** {@link #valueProblem(Map)} for the one attribute {@code name}. */
  public static String valueProblem(String name, AttributeValue value) {
    try {
      check(value, 1);
      return null;
    } catch (InvalidAttributeException e) {
      return "has attribute '" + e.inAttribute(name).path() + "' " + e.problem();
    }
  }

  /** The key part of {@link #problem}: present, of the table's type, not empty. */
  public static String keyProblem(Map<String, AttributeValue> item, List<TableInfo.KeyAttribute> keys) {
    for (TableInfo.KeyAttribute k : keys) {
      AttributeValue v = item.get(k.name());
      if (v == null) {
        return "has no key attribute '" + k.name() + "' (key schema: " + keys + ")";
      }
      String actual = typeOf(v);
      if (!actual.equals(k.type())) {
        return "has key attribute '" + k.name() + "' that must be of type " + k.type() + " but is " + actual;
      }
      if ((actual.equals("S") && v.s().isEmpty()) || (actual.equals("B") && v.b().asByteArray().length == 0)) {
        return "has an empty key attribute '" + k.name() + "' (DynamoDB does not allow empty key values)";
      }
    }
    return null;
  }

  /** The item's key attributes, in key-schema order (call {@link #keyProblem} first). */
  public static Map<String, AttributeValue> key(Map<String, AttributeValue> item, List<TableInfo.KeyAttribute> keys) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    for (TableInfo.KeyAttribute k : keys) {
      key.put(k.name(), item.get(k.name()));
    }
    return key;
  }

  /**
   * A key as the service compares keys, for equals/hashCode: 1.0 and 1 are one number. Writers use it to
   * merge or order writes of one item.
   */
  public static List<AttributeValue> identity(Map<String, AttributeValue> key) {
    List<AttributeValue> k = new ArrayList<>(key.size());
    for (AttributeValue v : key.values()) {
      k.add(v.n() != null ? AttributeValue.fromN(new BigDecimal(v.n()).stripTrailingZeros().toString()) : v);
    }
    return k;
  }

  /**
   * Refuses what the service would refuse in {@code v} at nesting {@code depth} (1 at the top); the path is
   * filled in while the exception unwinds.
   */
  private static void check(AttributeValue v, int depth) {
    if (v == null) {
      throw new InvalidAttributeException("that is null");
    }
    AttributeValue.Type type = v.type();
    if (type == null) {
      throw new InvalidAttributeException("that is an AttributeValue with more than one type set");
    }
    switch (type) {
      case N:
        checkNumber(v.n(), "N value");
        break;
      case NS:
        checkSet(v.ns(), "NS", n -> checkNumber(n, "NS member"), ItemChecks::canonicalNumber, ItemChecks::quote);
        break;
      case SS:
        checkSet(v.ss(), "SS", null, s -> s, ItemChecks::quote);
        break;
      case BS:
        checkSet(v.bs(), "BS", null, b -> b, ItemChecks::base64);
        break;
      case M:
        if (depth < MAX_DEPTH) {
          for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
            try {
              check(e.getValue(), depth + 1);
            } catch (InvalidAttributeException x) {
              throw x.inAttribute(e.getKey());
            }
          }
        }
        break;
      case L:
        if (depth < MAX_DEPTH) {
          List<AttributeValue> elements = v.l();
          for (int i = 0; i < elements.size(); i++) {
            try {
              check(elements.get(i), depth + 1);
            } catch (InvalidAttributeException x) {
              throw x.atIndex(i);
            }
          }
        }
        break;
      case UNKNOWN_TO_SDK_VERSION:
        throw new InvalidAttributeException("that is an AttributeValue with no type set");
      default:
        break;
    }
  }

  private static void checkNumber(String n, String what) {
    String problem = n == null ? "is missing" : numberProblem(n);
    if (problem != null) {
      throw new InvalidAttributeException("whose " + what + " " + quote(n) + " " + problem);
    }
  }

  /** Why DynamoDB would refuse to store the number text {@code n}, or null. */
  static String numberProblem(String n) {
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

  /** Equal for numerically equal numbers ("1", "1.0", "+0.1e1" give "1e0"); call on valid numbers only. */
  static String canonicalNumber(String n) {
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

  /**
   * Checks a set: not empty, no null member, each member valid by {@code memberCheck} (if any), no two
   * members with equal {@code identity}. Members are named in messages by {@code show}.
   */
  private static <T> void checkSet(List<T> members, String type, Consumer<T> memberCheck,
      Function<T, Object> identity, Function<T, String> show) {
    if (members.isEmpty()) {
      throw new InvalidAttributeException("that is an empty set (" + type + "); DynamoDB does not allow empty sets");
    }
    Map<Object, T> seen = members.size() > 1 ? new HashMap<>(members.size() * 2) : null;
    for (T member : members) {
      if (member == null) {
        throw new InvalidAttributeException("that is a set (" + type + ") with a null member");
      }
      if (memberCheck != null) {
        memberCheck.accept(member);
      }
      T earlier = seen == null ? null : seen.putIfAbsent(identity.apply(member), member);
      if (earlier != null) {
        String a = show.apply(earlier);
        String b = show.apply(member);
        throw new InvalidAttributeException("that is a set (" + type + ") with " + (a.equals(b)
            ? "the member " + a + " twice" : "equal members " + a + " and " + b)
            + "; DynamoDB sets may not hold duplicates");
      }
    }
  }

  private static String quote(String s) {
    return s == null ? "null" : "'" + (s.length() > SHOWN_CHARS
        ? s.substring(0, SHOWN_CHARS) + "...(" + s.length() + " chars)" : s) + "'";
  }

  private static String base64(SdkBytes b) {
    return "base64 " + quote(Base64.getEncoder().encodeToString(b.asByteArrayUnsafe()));
  }

  static String typeOf(AttributeValue v) {
    if (v.s() != null) {
      return "S";
    } else if (v.n() != null) {
      return "N";
    } else if (v.b() != null) {
      return "B";
    }
    return String.valueOf(v.type());
  }
}
