package io.ddbconnector.spark.catalog;

import io.ddbconnector.conf.Secrets;
import io.ddbconnector.table.TableInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What {@code DESCRIBE TABLE EXTENDED} and {@code SHOW TBLPROPERTIES} show of a catalog table
 * ({@code Table.properties()}): the core's description of the table (keys, indexes, capacity, DescribeTable's item
 * count and size), where its schema came from, and the catalog's options with secrets masked
 * ({@link Secrets#redact}).
 */
final class TableDescription {

  private TableDescription() {}

  static Map<String, String> of(TableInfo t, String schemaSource, Map<String, String> options) {
    Map<String, String> p = new TreeMap<>();
    p.put(TableCatalog.PROP_PROVIDER, "dynamodb");
    p.put("dynamodb.table", t.tableName());
    List<TableInfo.KeyAttribute> keys = t.keys();
    if (!keys.isEmpty()) {
      p.put("dynamodb.hashKey", keys.get(0).toString());
    }
    if (keys.size() > 1) {
      p.put("dynamodb.rangeKey", keys.get(1).toString());
    }
    p.put("dynamodb.capacityMode", t.onDemand() ? "PAY_PER_REQUEST" : "PROVISIONED");
    p.put("dynamodb.readCapacity", capacity(t.onDemand(), t.readCapacity()));
    p.put("dynamodb.writeCapacity", capacity(t.onDemand(), t.writeCapacity()));
    List<String> names = new ArrayList<>();
    for (TableInfo.IndexInfo i : t.indexes()) {
      names.add(i.name());
      p.put("dynamodb.index." + i.name(), index(i, t.onDemand()));
    }
    p.put("dynamodb.indexes", names.isEmpty() ? "none" : String.join(", ", names));
    p.put("dynamodb.itemCount", Long.toString(t.itemCount()));
    p.put("dynamodb.sizeBytes", Long.toString(t.sizeBytes()));
    p.put("dynamodb.schema", schemaSource);
    options.forEach((k, v) -> p.put(TableCatalog.OPTION_PREFIX + k, Secrets.redact(k, v)));
    return Collections.unmodifiableMap(p);
  }

  /**
   * {@code schema} with a comment on each key column, e.g. {@code hash key (S); hash key of GSI byCategory}, so that
   * a plain {@code DESCRIBE} shows the keys too.
   */
  static StructType withKeyComments(StructType schema, TableInfo t) {
    Map<String, List<String>> notes = new TreeMap<>();
    String[] roles = {"hash key", "range key"};
    for (int k = 0; k < t.keys().size() && k < 2; k++) {
      TableInfo.KeyAttribute a = t.keys().get(k);
      notes.computeIfAbsent(a.name(), x -> new ArrayList<>()).add(roles[k] + " (" + a.type() + ")");
    }
    for (TableInfo.IndexInfo i : t.indexes()) {
      for (int k = 0; k < i.keys().size() && k < 2; k++) {
        notes.computeIfAbsent(i.keys().get(k).name(), x -> new ArrayList<>())
            .add(roles[k] + " of " + (i.global() ? "GSI " : "LSI ") + i.name());
      }
    }
    StructField[] fields = schema.fields().clone();
    for (int f = 0; f < fields.length; f++) {
      List<String> n = notes.get(fields[f].name());
      if (n != null && fields[f].getComment().isEmpty()) {
        fields[f] = fields[f].withComment(String.join("; ", n));
      }
    }
    return new StructType(fields);
  }

  /** {@code 100 units} when provisioned; on demand, {@code on demand} or its configured maximum. */
  private static String capacity(boolean onDemand, long units) {
    if (!onDemand) {
      return units + " units/s";
    }
    return units > 0 ? "on demand, at most " + units + " units/s" : "on demand";
  }

  /** E.g. {@code GSI, keys [category (S)], projection ALL, 5 RCU / 5 WCU}. */
  private static String index(TableInfo.IndexInfo i, boolean tableOnDemand) {
    StringBuilder sb = new StringBuilder(i.global() ? "GSI" : "LSI").append(", keys ").append(i.keys())
        .append(", projection ").append(i.projectionType());
    if (!i.projected().isEmpty()) {
      sb.append(' ').append(i.projected());
    }
    if (i.global()) {
      sb.append(", ").append(i.onDemand() ? "on demand" : i.readCapacity() + " RCU / " + i.writeCapacity() + " WCU");
    } else {
      sb.append(", the table's capacity");
    }
    if (!i.active()) {
      sb.append(", not ACTIVE");
    }
    return sb.toString();
  }
}
