package io.ddbconnector.types;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Item size as DynamoDB accounts for it, and the capacity units an item of that size costs.
 *
 * <p>Follows the rules DynamoDB documents for item sizes: the size of an item is the sum over
 * its attributes of the UTF-8 length of the name plus the size of the value, where
 *
 * <ul>
 *   <li>S is its UTF-8 length, B its raw byte length (not the base64 length);
 *   <li>N is 1 byte per two significant digits (leading and trailing zeros trimmed, rounded up)
 *       plus 1 byte; this is DynamoDB's own approximation and can be off by a byte;
 *   <li>SS, NS, BS are the sum of their members, each sized as above;
 *   <li>M and L cost 3 bytes plus, per element, 1 byte plus the element's size (for M also the
 *       UTF-8 length of the element's name);
 *   <li>BOOL and NULL cost 1 byte.
 * </ul>
 *
 * <p>This is the size checked against the {@value #MAX_ITEM_BYTES}-byte item limit and billed
 * for reads and writes. Storage billing adds per-item overhead that is not included.
 */
public final class ItemSize {

  /** DynamoDB's maximum item size, 400 KB. */
  public static final int MAX_ITEM_BYTES = 400 * 1024;

  /** Bytes per read capacity unit (strongly consistent read of up to 4 KB). */
  public static final int READ_UNIT_BYTES = 4096;

  /** Bytes per write capacity unit (write of up to 1 KB). */
  public static final int WRITE_UNIT_BYTES = 1024;

  private ItemSize() {}

  /**
   * Size of {@code item} in bytes as DynamoDB accounts for it.
   *
   * @throws IllegalArgumentException if a value has no (or more than one) data type or holds a
   *     null member; the message names the attribute path
   */
  public static long bytes(Map<String, AttributeValue> item) {
    Objects.requireNonNull(item, "item");
    return attributes(item, 0);
  }

  /** Size of one attribute value, not counting its name. */
  public static long valueBytes(AttributeValue value) {
    return value(value, 1);
  }

  /**
   * Read capacity units for reading {@code bytes}: one unit per started 4 KB block for a
   * strongly consistent read, half of that for an eventually consistent one. A read always
   * costs at least one block, as it does in DynamoDB. For a Scan or Query page pass the total
   * size of the page, since DynamoDB rounds the page, not each item.
   */
  public static double readUnits(long bytes, boolean consistent) {
    requireNonNegative(bytes);
    long blocks = Math.max(1, ceilDiv(bytes, READ_UNIT_BYTES));
    return consistent ? blocks : blocks * 0.5;
  }

  /**
   * Write capacity units for writing an item of {@code bytes}: one unit per started 1 KB, at
   * least one. (Transactional writes cost twice this.) Saturates at {@link Integer#MAX_VALUE}.
   */
  public static int writeUnits(long bytes) {
    requireNonNegative(bytes);
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, ceilDiv(bytes, WRITE_UNIT_BYTES)));
  }

  private static void requireNonNegative(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative size: " + bytes);
    }
  }

  private static long ceilDiv(long a, long b) {
    return a / b + (a % b == 0 ? 0 : 1);
  }

  /** Sum of name + value sizes; values are at {@code depth + 1}. */
  private static long attributes(Map<String, AttributeValue> map, int depth) {
    long total = 0;
    for (Map.Entry<String, AttributeValue> e : map.entrySet()) {
      String name = e.getKey();
      try {
        total += Utf8.length(Values.member(name, "attribute name"));
        total += value(e.getValue(), depth + 1);
      } catch (InvalidAttributeException x) {
        throw x.inAttribute(name);
      }
    }
    return total;
  }

  private static long value(AttributeValue v, int depth) {
    Values.checkDepth(depth);
    switch (Values.typeOf(v)) {
      case S:
        return Utf8.length(v.s());
      case N:
        return numberBytes(v.n());
      case B:
        return v.b().asByteArrayUnsafe().length;
      case SS:
        {
          List<String> members = v.ss();
          long total = 0;
          for (int i = 0; i < members.size(); i++) {
            try {
              total += Utf8.length(Values.member(members.get(i), "SS member"));
            } catch (InvalidAttributeException x) {
              throw x.atIndex(i);
            }
          }
          return total;
        }
      case NS:
        {
          List<String> members = v.ns();
          long total = 0;
          for (int i = 0; i < members.size(); i++) {
            try {
              total += numberBytes(Values.member(members.get(i), "NS member"));
            } catch (InvalidAttributeException x) {
              throw x.atIndex(i);
            }
          }
          return total;
        }
      case BS:
        {
          List<SdkBytes> members = v.bs();
          long total = 0;
          for (int i = 0; i < members.size(); i++) {
            try {
              total += Values.member(members.get(i), "BS member").asByteArrayUnsafe().length;
            } catch (InvalidAttributeException x) {
              throw x.atIndex(i);
            }
          }
          return total;
        }
      case M:
        {
          Map<String, AttributeValue> m = v.m();
          return 3 + m.size() + attributes(m, depth);
        }
      case L:
        {
          List<AttributeValue> elements = v.l();
          long total = 3 + elements.size();
          for (int i = 0; i < elements.size(); i++) {
            try {
              total += value(elements.get(i), depth + 1);
            } catch (InvalidAttributeException x) {
              throw x.atIndex(i);
            }
          }
          return total;
        }
      case BOOL:
      case NUL:
        return 1;
      default:
        throw new InvalidAttributeException("unsupported AttributeValue type " + v.type());
    }
  }

  /**
   * {@code ceil(significantDigits / 2) + 1}. Significant digits are the mantissa digits (before
   * any exponent) with leading and trailing zeros removed; the decimal point and sign do not
   * count. Text that is not a number is sized by its digits all the same, never rejected.
   */
  static long numberBytes(String n) {
    int end = n.length();
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (c == 'e' || c == 'E') {
        end = i;
        break;
      }
    }
    boolean started = false; // seen a non-zero digit
    int running = 0; // digits since the first non-zero one
    int digits = 0; // ... up to and including the last non-zero one
    for (int i = 0; i < end; i++) {
      char c = n.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      if (!started) {
        if (c == '0') {
          continue;
        }
        started = true;
      }
      running++;
      if (c != '0') {
        digits = running;
      }
    }
    return (digits + 1) / 2 + 1;
  }
}
