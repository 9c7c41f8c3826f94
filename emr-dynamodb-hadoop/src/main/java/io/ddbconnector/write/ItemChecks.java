package io.ddbconnector.write;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.types.InvalidAttributeException;
import io.ddbconnector.types.DynamoNumbers;
import io.ddbconnector.types.DynamoTypes;
import io.ddbconnector.types.ItemSize;
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

  /** Deeper values are left to {@link ItemSize}, which refuses them (the service stops at 32 levels). */
  private static final int MAX_DEPTH = 64;
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
      String actual = DynamoTypes.name(v);
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
      k.add(DynamoTypes.identity(v));
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
        checkSet(v.ns(), "NS", n -> checkNumber(n, "NS member"), DynamoNumbers::canonicalNumber, ItemChecks::quote);
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
    String problem = n == null ? "is missing" : DynamoNumbers.problem(n);
    if (problem != null) {
      throw new InvalidAttributeException("whose " + what + " " + quote(n) + " " + problem);
    }
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
}
