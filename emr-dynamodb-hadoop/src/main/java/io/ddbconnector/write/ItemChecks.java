package io.ddbconnector.write;

import io.ddbconnector.client.TableInfo;
import io.ddbconnector.types.ItemSize;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the service would reject in an item before any write is sent: a missing, mistyped or empty key
 * attribute, or a size over 400 KB. Shared by the writer and by tools that must name the file and line
 * of a bad item.
 */
public final class ItemChecks {

  private ItemChecks() {}

  /** Why {@code item} cannot be written to a table with these key attributes, or null when it can. */
  public static String problem(Map<String, AttributeValue> item, List<TableInfo.KeyAttribute> keys) {
    String keyProblem = keyProblem(item, keys);
    if (keyProblem != null) {
      return keyProblem;
    }
    long bytes = ItemSize.bytes(item);
    return bytes > ItemSize.MAX_ITEM_BYTES
        ? "is " + bytes + " bytes; DynamoDB's item limit is " + ItemSize.MAX_ITEM_BYTES + " bytes" : null;
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
