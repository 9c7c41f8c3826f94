package io.ddbconnector.spark.datasource;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.types.DynamoJson;
import io.ddbconnector.types.DynamoNumbers;
import io.ddbconnector.types.DynamoTypes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts Spark rows to items for one schema (the inverse of {@link ItemToRow}); built once per task.
 *
 * <p>Null columns, struct fields and map values are omitted (a null list element becomes {@code NULL});
 * an array whose field metadata says {@code SS}/{@code NS}/{@code BS} becomes a set (duplicates dropped, an
 * empty set omitted), any other array a list; a {@code JSON} column is parsed back to the value it
 * describes; a string column with metadata {@code dynamodb.type=N} becomes the number its text denotes
 * (canonical text, numerically equal), and text that is no number DynamoDB can store fails; decimals and
 * integers are written exactly, doubles and floats as their shortest decimal text; {@code NaN}, infinities
 * and doubles outside DynamoDB's range fail. Failures name the row's key, the table and the column path.
 * Key columns are checked first: a null key or a value of the wrong type fails the same way.
 */
final class RowToItem {

  @FunctionalInterface
  interface Writer {
    AttributeValue write(SpecializedGetters data, int ordinal);
  }

  private final String table;
  private final String[] names;
  private final Writer[] writers;
  private final int[] keyOrdinals;
  private final String[] keyTypes;
  private final String[] keyNames;

  RowToItem(StructType schema, TableInfo tableInfo) {
    this.table = tableInfo.tableName();
    StructField[] fields = schema.fields();
    this.names = new String[fields.length];
    this.writers = new Writer[fields.length];
    for (int i = 0; i < fields.length; i++) {
      names[i] = fields[i].name();
      writers[i] = writer(fields[i].dataType(), fields[i].metadata(), fields[i].name());
    }
    List<TableInfo.KeyAttribute> keys = tableInfo.keys();
    this.keyOrdinals = new int[keys.size()];
    this.keyTypes = new String[keys.size()];
    this.keyNames = new String[keys.size()];
    for (int k = 0; k < keys.size(); k++) {
      keyNames[k] = keys.get(k).name();
      keyTypes[k] = keys.get(k).type();
      keyOrdinals[k] = indexOf(schema, keyNames[k]);
      if (keyOrdinals[k] < 0) {
        throw new IllegalArgumentException("Cannot write to DynamoDB table '" + table + "': the DataFrame has no"
            + " column for key attribute '" + keyNames[k] + "' (key schema " + keys + "; columns: "
            + String.join(", ", schema.fieldNames()) + ").");
      }
    }
  }

  private static int indexOf(StructType schema, String name) {
    String[] n = schema.fieldNames();
    for (int i = 0; i < n.length; i++) {
      if (n[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The whole item: every non-null column. */
  Map<String, AttributeValue> item(InternalRow row) {
    Map<String, AttributeValue> item = key(row);
    for (int i = 0; i < names.length; i++) {
      if (!row.isNullAt(i) && !item.containsKey(names[i])) {
        AttributeValue v = convert(row, i);
        if (v != null) {
          item.put(names[i], v);
        }
      }
    }
    return item;
  }

  /** The non-key columns: name → value, or null for a null column (for UpdateItem). */
  Map<String, AttributeValue> nonKeyColumns(InternalRow row) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      if (isKey(i)) {
        continue;
      }
      out.put(names[i], row.isNullAt(i) ? null : convert(row, i));
    }
    return out;
  }

  private boolean isKey(int ordinal) {
    for (int k : keyOrdinals) {
      if (k == ordinal) {
        return true;
      }
    }
    return false;
  }

  private AttributeValue convert(InternalRow row, int i) {
    try {
      return writers[i].write(row, i);
    } catch (IllegalArgumentException e) {
      throw new DynamoDBConnectorException("Row with key " + describeKey(row) + " cannot be written to table '"
          + table + "': " + e.getMessage(), e);
    }
  }

  /** The key attributes, checked against the table's key schema. */
  Map<String, AttributeValue> key(InternalRow row) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    for (int k = 0; k < keyOrdinals.length; k++) {
      int i = keyOrdinals[k];
      if (row.isNullAt(i)) {
        throw new DynamoDBConnectorException("Row with key " + describeKey(row) + " cannot be written to table '"
            + table + "': key column '" + keyNames[k] + "' is null.");
      }
      AttributeValue v = convert(row, i);
      String actual = DynamoTypes.name(v);
      if (!keyTypes[k].equals(actual)) {
        throw new DynamoDBConnectorException("Row with key " + describeKey(row) + " cannot be written to table '"
            + table + "': key attribute '" + keyNames[k] + "' must be of type " + keyTypes[k] + " but the row's "
            + "value is " + actual + ".");
      }
      if ((v.s() != null && v.s().isEmpty()) || (v.b() != null && v.b().asByteArrayUnsafe().length == 0)) {
        throw new DynamoDBConnectorException("Row with key " + describeKey(row) + " cannot be written to table '"
            + table + "': key attribute '" + keyNames[k] + "' is empty (DynamoDB does not allow empty keys).");
      }
      key.put(keyNames[k], v);
    }
    return key;
  }

  /** The row's key columns for messages, e.g. {@code {id="a", sk=null}}; never fails. */
  String describeKey(InternalRow row) {
    StringBuilder sb = new StringBuilder("{");
    for (int k = 0; k < keyOrdinals.length; k++) {
      if (k > 0) {
        sb.append(", ");
      }
      int i = keyOrdinals[k];
      sb.append(keyNames[k]).append('=');
      if (row.isNullAt(i)) {
        sb.append("null");
      } else {
        try {
          AttributeValue v = writers[i].write(row, i);
          sb.append(v == null ? "null" : DynamoJson.toJson(v));
        } catch (RuntimeException e) {
          sb.append("?");
        }
      }
    }
    return sb.append('}').toString();
  }

  // ---- writer tree ----------------------------------------------------------------------------------

  /** The writer of a column, field, element or map value of type {@code t} and metadata {@code m}. */
  static Writer writer(DataType t, Metadata m, String path) {
    if (t instanceof StringType) {
      if (SparkTypes.isJson(m)) {
        return (d, i) -> {
          String json = d.getUTF8String(i).toString();
          try {
            return DynamoJson.parseValue(json);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("column '" + path + "' holds DynamoDB JSON (metadata "
                + SparkTypes.TYPE_KEY + "=JSON) but '" + abbreviate(json) + "' is not: " + e.getMessage(), e);
          }
        };
      }
      if (SparkTypes.holdsNumbers(m)) {
        return (d, i) -> AttributeValue.fromN(numberText(d.getUTF8String(i).toString(), path));
      }
      return (d, i) -> AttributeValue.fromS(d.getUTF8String(i).toString());
    }
    if (t instanceof LongType) {
      return (d, i) -> AttributeValue.fromN(DynamoNumbers.format(d.getLong(i)));
    }
    if (t instanceof IntegerType) {
      return (d, i) -> AttributeValue.fromN(DynamoNumbers.format(d.getInt(i)));
    }
    if (t instanceof ShortType) {
      return (d, i) -> AttributeValue.fromN(DynamoNumbers.format(d.getShort(i)));
    }
    if (t instanceof ByteType) {
      return (d, i) -> AttributeValue.fromN(DynamoNumbers.format(d.getByte(i)));
    }
    if (t instanceof DoubleType) {
      return (d, i) -> AttributeValue.fromN(number(d.getDouble(i), path));
    }
    if (t instanceof FloatType) {
      return (d, i) -> AttributeValue.fromN(number(d.getFloat(i), path));
    }
    if (t instanceof DecimalType) {
      DecimalType dt = (DecimalType) t;
      return (d, i) -> AttributeValue.fromN(DynamoNumbers.format(d.getDecimal(i, dt.precision(), dt.scale())
          .toJavaBigDecimal()));
    }
    if (t instanceof BooleanType) {
      return (d, i) -> AttributeValue.fromBool(d.getBoolean(i));
    }
    if (t instanceof BinaryType) {
      return (d, i) -> AttributeValue.fromB(SdkBytes.fromByteArray(d.getBinary(i)));
    }
    if (t instanceof ArrayType) {
      return array((ArrayType) t, m, path);
    }
    if (t instanceof StructType) {
      return struct((StructType) t, path);
    }
    if (t instanceof MapType) {
      return map((MapType) t, SparkTypes.elementMetadata(m), path);
    }
    throw new IllegalArgumentException("Column '" + path + "' has type " + t.simpleString()
        + ", which the DynamoDB data source cannot write.");
  }

  /** The canonical text of a double, or an error naming the column when DynamoDB cannot hold it. */
  static String number(double d, String path) {
    return checked(() -> DynamoNumbers.decimal(d), path);
  }

  /** As {@link #number(double, String)}, from the float's own shortest text. */
  static String number(float f, String path) {
    return checked(() -> DynamoNumbers.decimal(f), path);
  }

  private static String checked(Supplier<BigDecimal> value, String path) {
    try {
      return DynamoNumbers.format(DynamoNumbers.check(value.get()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("column '" + path + "': " + e.getMessage(), e);
    }
  }

  /** The canonical text of a number column's text, or an error naming the column. */
  static String numberText(String text, String path) {
    try {
      return DynamoNumbers.format(DynamoNumbers.parse(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("column '" + path + "' holds DynamoDB numbers (metadata "
          + SparkTypes.TYPE_KEY + "=N) but " + e.getMessage(), e);
    }
  }

  private static Writer array(ArrayType t, Metadata metadata, String path) {
    DataType et = t.elementType();
    String dynamoType = SparkTypes.dynamoType(metadata);
    Writer element = writer(et, SparkTypes.elementMetadata(metadata), path + "[]");
    boolean set = "SS".equals(dynamoType) || "NS".equals(dynamoType) || "BS".equals(dynamoType);
    return (d, i) -> {
      ArrayData a = d.getArray(i);
      int n = a.numElements();
      if (set) {
        Map<AttributeValue, AttributeValue> distinct = new LinkedHashMap<>(); // 1.0 and 1 are one member
        for (int j = 0; j < n; j++) {
          if (a.isNullAt(j)) {
            throw new IllegalArgumentException("column '" + path + "' is written as a " + dynamoType
                + " set but element " + j + " is null");
          }
          AttributeValue member = element.write(a, j);
          distinct.putIfAbsent(DynamoTypes.identity(member), member);
        }
        Collection<AttributeValue> members = distinct.values();
        if (members.isEmpty()) {
          return null; // DynamoDB has no empty sets
        }
        List<String> strings = new ArrayList<>(members.size());
        List<SdkBytes> bytes = new ArrayList<>(members.size());
        for (AttributeValue m : members) {
          if (m.s() != null) {
            strings.add(m.s());
          } else if (m.n() != null) {
            strings.add(m.n());
          } else if (m.b() != null) {
            bytes.add(m.b());
          } else {
            throw new IllegalArgumentException("column '" + path + "' is written as a " + dynamoType
                + " set but holds " + DynamoTypes.name(m) + " values");
          }
        }
        switch (dynamoType) {
          case "SS":
            return AttributeValue.fromSs(strings);
          case "NS":
            return AttributeValue.fromNs(strings);
          default:
            return AttributeValue.fromBs(bytes);
        }
      }
      List<AttributeValue> out = new ArrayList<>(n);
      for (int j = 0; j < n; j++) {
        AttributeValue v = a.isNullAt(j) ? null : element.write(a, j);
        out.add(v == null ? AttributeValue.fromNul(true) : v);
      }
      return AttributeValue.fromL(out);
    };
  }

  private static Writer struct(StructType t, String path) {
    StructField[] fields = t.fields();
    Writer[] writers = new Writer[fields.length];
    for (int j = 0; j < fields.length; j++) {
      writers[j] = writer(fields[j].dataType(), fields[j].metadata(), path + "." + fields[j].name());
    }
    int n = fields.length;
    return (d, i) -> {
      InternalRow r = d.getStruct(i, n);
      Map<String, AttributeValue> m = new LinkedHashMap<>();
      for (int j = 0; j < n; j++) {
        if (!r.isNullAt(j)) {
          AttributeValue v = writers[j].write(r, j);
          if (v != null) {
            m.put(fields[j].name(), v);
          }
        }
      }
      return AttributeValue.fromM(m);
    };
  }

  private static Writer map(MapType t, Metadata valueMetadata, String path) {
    if (!(t.keyType() instanceof StringType)) {
      throw new IllegalArgumentException("Column '" + path + "' is a map with " + t.keyType().simpleString()
          + " keys; DynamoDB maps need string keys.");
    }
    Writer values = writer(t.valueType(), valueMetadata, path + "{}");
    return (d, i) -> {
      MapData md = d.getMap(i);
      ArrayData keys = md.keyArray();
      ArrayData vals = md.valueArray();
      Map<String, AttributeValue> m = new LinkedHashMap<>();
      for (int j = 0; j < md.numElements(); j++) {
        if (!vals.isNullAt(j)) {
          AttributeValue v = values.write(vals, j);
          if (v != null) {
            m.put(keys.getUTF8String(j).toString(), v);
          }
        }
      }
      return AttributeValue.fromM(m);
    };
  }

  private static String abbreviate(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "..." : s;
  }
}
