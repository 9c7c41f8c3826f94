package io.ddbconnector.hive;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.hive.ColumnMapping.Column;
import io.ddbconnector.types.DynamoJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.serde2.AbstractSerDe;
import org.apache.hadoop.hive.serde2.SerDeException;
import org.apache.hadoop.hive.serde2.SerDeStats;
import org.apache.hadoop.hive.serde2.objectinspector.MapObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorFactory;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.StructField;
import org.apache.hadoop.hive.serde2.objectinspector.StructObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorUtils;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfoUtils;
import org.apache.hadoop.io.Writable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns DynamoDB items into Hive rows and back, following the table's {@link ColumnMapping}. Rows are
 * lists of standard Java objects (String, Long, HiveDecimal, List, Map...), described by Hive's standard
 * Java object inspectors; serialised rows are {@link DynamoDBItemWritable}s for the core writer.
 *
 * <p>The whole-item column ({@code map<string,string>}, see {@link ColumnMapping}) holds each attribute as the
 * EMR connector's Hive handler does ({@link #wholeItem}), so exports made by either read the same and import
 * with either; on writing, type names are taken in any case (the standard {@code {"S":"x"}} too).
 *
 * <p>Writing: a NULL column is omitted from the item, or written as the NULL type when
 * {@code dynamodb.null.serialization=true}; the whole-item column (if any) is written first and the
 * mapped columns that are not NULL replace its attributes (so a NULL-typed attribute, or one of another
 * type than its column, survives {@code INSERT ... SELECT *} through the whole-item column).
 */
public class DynamoDBSerDe extends AbstractSerDe {

  private static final AttributeValue NUL = AttributeValue.fromNul(true);

  private ColumnMapping mapping;
  private ObjectInspector inspector;
  private boolean pushdown;

  @Override
  public void initialize(Configuration conf, Properties tableProperties, Properties partitionProperties)
      throws SerDeException {
    super.initialize(conf, tableProperties, partitionProperties);
    try {
      mapping = ColumnMapping.of(getColumnNames(), getColumnTypes(), properties);
      pushdown = HiveTableProperties.flag(properties, HiveTableProperties.FILTER_PUSHDOWN, true);
    } catch (IllegalArgumentException e) {
      throw new SerDeException(e.getMessage(), e);
    }
    List<String> names = new ArrayList<>();
    List<ObjectInspector> inspectors = new ArrayList<>();
    for (Column c : mapping.columns()) {
      names.add(c.hiveName());
      inspectors.add(TypeInfoUtils.getStandardJavaObjectInspectorFromTypeInfo(c.type()));
    }
    inspector = ObjectInspectorFactory.getStandardStructObjectInspector(names, inspectors);
  }

  /** For engines that call the older two-argument form (e.g. Spark's built-in Hive client). */
  public void initialize(Configuration conf, Properties tableProperties) throws SerDeException {
    initialize(conf, tableProperties, null);
  }

  /** The table's column mapping (after {@link #initialize}). */
  public ColumnMapping mapping() {
    return mapping;
  }

  /** Whether {@code dynamodb.filter.pushdown} allows pushing predicates to DynamoDB (default true). */
  public boolean pushdownEnabled() {
    return pushdown;
  }

  @Override
  public ObjectInspector getObjectInspector() {
    return inspector;
  }

  @Override
  public Class<? extends Writable> getSerializedClass() {
    return DynamoDBItemWritable.class;
  }

  @Override
  public SerDeStats getSerDeStats() {
    return new SerDeStats();
  }

  @Override
  public Object deserialize(Writable blob) throws SerDeException {
    if (!(blob instanceof DynamoDBItemWritable)) {
      throw new SerDeException("DynamoDBSerDe reads " + DynamoDBItemWritable.class.getName() + ", got "
          + (blob == null ? "null" : blob.getClass().getName()));
    }
    Map<String, AttributeValue> item = ((DynamoDBItemWritable) blob).getItem();
    List<Column> columns = mapping.columns();
    List<Object> row = new ArrayList<>(columns.size());
    for (Column c : columns) {
      if (c.wholeItem()) {
        row.add(wholeItem(item));
      } else {
        row.add(c.converter().toHive(item.get(c.attribute())));
      }
    }
    return row;
  }

  /**
   * The whole-item column's value as the EMR connector builds it: attribute name → the value in its spelling
   * ({@link DynamoJson#toEmrJson}), in a {@link HashMap} sized and filled the same way, so that a text table
   * or directory written from it lists the attributes in the same order and holds the same text.
   */
  static Map<String, String> wholeItem(Map<String, AttributeValue> item) {
    Map<String, String> all = new HashMap<>(item.size());
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      all.put(e.getKey(), DynamoJson.toEmrJson(e.getValue()));
    }
    return all;
  }

  @Override
  public Writable serialize(Object obj, ObjectInspector oi) throws SerDeException {
    StructObjectInspector soi = (StructObjectInspector) oi;
    List<? extends StructField> fields = soi.getAllStructFieldRefs();
    List<Column> columns = mapping.columns();
    if (fields.size() != columns.size()) {
      throw new SerDeException("Row has " + fields.size() + " fields but the table has " + columns.size()
          + " columns: " + mapping);
    }
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    Column whole = mapping.wholeItem();
    if (whole != null) {
      StructField f = fields.get(whole.index());
      putWholeItem(item, whole, soi.getStructFieldData(obj, f), f.getFieldObjectInspector());
    }
    for (Column c : columns) {
      if (c.wholeItem()) {
        continue;
      }
      StructField f = fields.get(c.index());
      AttributeValue v;
      try {
        v = c.converter().toDynamo(soi.getStructFieldData(obj, f), f.getFieldObjectInspector());
      } catch (IllegalArgumentException e) {
        throw new SerDeException("Cannot write Hive column '" + c.hiveName() + "' to DynamoDB attribute '"
            + c.attribute() + "': " + e.getMessage(), e);
      }
      if (v != null) {
        item.put(c.attribute(), v);
      } else if (mapping.nullSerialization()) {
        item.put(c.attribute(), NUL);
      }
    }
    return new DynamoDBItemWritable(item);
  }

  private void putWholeItem(Map<String, AttributeValue> item, Column c, Object data, ObjectInspector oi)
      throws SerDeException {
    if (data == null) {
      return;
    }
    MapObjectInspector moi = (MapObjectInspector) oi;
    Map<?, ?> m = moi.getMap(data);
    if (m == null) {
      return;
    }
    PrimitiveObjectInspector koi = (PrimitiveObjectInspector) moi.getMapKeyObjectInspector();
    PrimitiveObjectInspector voi = (PrimitiveObjectInspector) moi.getMapValueObjectInspector();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (e.getKey() == null) {
        continue;
      }
      String name = PrimitiveObjectInspectorUtils.getString(e.getKey(), koi);
      String json = e.getValue() == null ? null : PrimitiveObjectInspectorUtils.getString(e.getValue(), voi);
      if (json == null) {
        if (mapping.nullSerialization()) {
          item.put(name, NUL);
        }
        continue;
      }
      try {
        item.put(name, DynamoJson.parseEmrValue(json));
      } catch (IllegalArgumentException ex) {
        throw new SerDeException("Hive column '" + c.hiveName() + "' holds the whole item: its value for attribute '"
            + name + "' must be the attribute's DynamoDB JSON (e.g. {\"s\":\"text\"} or {\"N\":\"1\"}; type names in"
            + " any case), got '"
            + abbreviate(json) + "': " + ex.getMessage(), ex);
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "..." : s;
  }
}
