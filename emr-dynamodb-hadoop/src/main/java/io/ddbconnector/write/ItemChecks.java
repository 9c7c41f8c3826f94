package io.ddbconnector.write;

import io.ddbconnector.client.TableInfo;
import io.ddbconnector.types.ItemSize;
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
