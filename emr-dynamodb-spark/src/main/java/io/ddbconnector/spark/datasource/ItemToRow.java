package io.ddbconnector.spark.datasource;

import io.ddbconnector.spark.SparkSettings.MismatchPolicy;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.types.DynamoJson;
import io.ddbconnector.types.DynamoNumbers;
import io.ddbconnector.types.DynamoTypes;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
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
import org.apache.spark.unsafe.types.UTF8String;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts items to Spark rows for one schema. The converter tree is built once per partition from the
 * schema, so converting an item is a walk over prepared field converters: no reflection, no type lookups.
 *
 * <p>Rules: a missing attribute or a {@code NULL} value is null; numbers are parsed exactly (a value that
 * does not fit its column, e.g. {@code 1.5} in a {@code bigint} or more decimals than a decimal's scale, is
 * a mismatch, never rounded), except into a {@code double}/{@code float} column the user declared, which
 * holds the nearest binary value; a {@code string} column with metadata {@code dynamodb.type=N} receives the
 * exact number text (and a value of another type is a mismatch); another {@code string} column receives the
 * DynamoDB JSON of a value of another type (and of every value when its metadata says {@code JSON}); any
 * other mismatch fails with the attribute path, the item's key and the expected type, or is null under
 * {@code onTypeMismatch=null}.
 */
final class ItemToRow {

  /** A value's type does not fit its column; carries the path for the message. */
  static final class Mismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String path;
    final String detail;
    /** A number that does not fit a number type (which {@code numbersAsStrings} would read as text). */
    final boolean number;

    Mismatch(String path, String detail, boolean number) {
      super(detail, null, false, false);
      this.path = path;
      this.detail = detail;
      this.number = number;
    }

    Mismatch under(String parent) {
      return new Mismatch(path.isEmpty() ? parent : parent + (path.startsWith("[") ? "" : ".") + path, detail,
          number);
    }
  }

  @FunctionalInterface
  interface Converter {
    Object convert(AttributeValue v);
  }

  private final String table;
  private final List<String> keyNames;
  private final String[] names;
  private final Converter[] converters;
  private final boolean[] required;
  private final String[] typeNames;
  private final MismatchPolicy policy;

  ItemToRow(StructType schema, String table, List<String> keyNames, MismatchPolicy policy) {
    this.table = table;
    this.keyNames = keyNames;
    this.policy = policy;
    StructField[] fields = schema.fields();
    this.names = new String[fields.length];
    this.converters = new Converter[fields.length];
    this.required = new boolean[fields.length];
    this.typeNames = new String[fields.length];
    for (int i = 0; i < fields.length; i++) {
      names[i] = fields[i].name();
      converters[i] = converter(fields[i].dataType(), fields[i].metadata(), policy);
      required[i] = !fields[i].nullable();
      typeNames[i] = fields[i].dataType().simpleString();
    }
  }

  InternalRow convert(Map<String, AttributeValue> item) {
    Object[] values = new Object[names.length];
    for (int i = 0; i < names.length; i++) {
      AttributeValue v = item.get(names[i]);
      Object out = null;
      if (v != null && !Boolean.TRUE.equals(v.nul())) {
        try {
          out = converters[i].convert(v);
        } catch (Mismatch m) {
          throw error(item, m.under(names[i]), typeNames[i]);
        }
      }
      if (out == null && required[i]) {
        throw new DynamoDBConnectorException("Item " + keyOf(item) + " of table '" + table + "' has no value for"
            + " attribute '" + names[i] + "', but its column is declared NOT NULL (type " + typeNames[i] + ").");
      }
      values[i] = out;
    }
    return new GenericInternalRow(values);
  }

  private DynamoDBConnectorException error(Map<String, AttributeValue> item, Mismatch m, String columnType) {
    return new DynamoDBConnectorException("Attribute '" + m.path + "' of item " + keyOf(item) + " in table '"
        + table + "' " + m.detail + " (column type " + columnType + "). " + (m.number
        ? "Numbers are never rounded: declare a type that holds it (a wider decimal, or string with metadata "
            + SparkTypes.TYPE_KEY + "=N for the exact text), set option numbersAsStrings=true to read every number"
            + " column as exact text, or onTypeMismatch=null to read such values as null."
        : "Declare a schema that fits, or set option onTypeMismatch=null to read such values as null."));
  }

  private String keyOf(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    for (String k : keyNames) {
      AttributeValue v = item.get(k);
      if (v != null) {
        key.put(k, v);
      }
    }
    return DynamoJson.toJson(key);
  }

  // ---- converter tree -------------------------------------------------------------------------------

  /** The converter of a column, field, element or map value of type {@code t} and metadata {@code m}. */
  static Converter converter(DataType t, Metadata m, MismatchPolicy policy) {
    if (t instanceof StringType) {
      if (SparkTypes.isJson(m)) {
        return v -> UTF8String.fromString(DynamoJson.toJson(v));
      }
      if (SparkTypes.holdsNumbers(m)) {
        return v -> v.n() != null ? UTF8String.fromString(v.n()) : mismatch(policy, v, "a number (as text)");
      }
      return v -> UTF8String.fromString(v.s() != null ? v.s() : DynamoJson.toJson(v));
    }
    if (t instanceof LongType) {
      return number(policy, "bigint", DynamoNumbers::longValueExact);
    }
    if (t instanceof IntegerType) {
      return number(policy, "int", n -> (int) exactIntegral(n, Integer.MIN_VALUE, Integer.MAX_VALUE, "int"));
    }
    if (t instanceof ShortType) {
      return number(policy, "smallint", n -> (short) exactIntegral(n, Short.MIN_VALUE, Short.MAX_VALUE, "smallint"));
    }
    if (t instanceof ByteType) {
      return number(policy, "tinyint", n -> (byte) exactIntegral(n, Byte.MIN_VALUE, Byte.MAX_VALUE, "tinyint"));
    }
    if (t instanceof DoubleType) {
      return number(policy, "double", Double::parseDouble);
    }
    if (t instanceof FloatType) {
      return number(policy, "float", Float::parseFloat);
    }
    if (t instanceof DecimalType) {
      DecimalType d = (DecimalType) t;
      return number(policy, d.simpleString(), n -> toDecimal(n, d.precision(), d.scale()));
    }
    if (t instanceof BooleanType) {
      return v -> {
        if (v.bool() != null) {
          return v.bool();
        }
        return mismatch(policy, v, "boolean");
      };
    }
    if (t instanceof BinaryType) {
      return v -> {
        if (v.b() != null) {
          return v.b().asByteArrayUnsafe();
        }
        return mismatch(policy, v, "binary");
      };
    }
    if (t instanceof ArrayType) {
      return array((ArrayType) t, SparkTypes.elementMetadata(m), policy);
    }
    if (t instanceof StructType) {
      return struct((StructType) t, policy);
    }
    if (t instanceof MapType) {
      return map((MapType) t, SparkTypes.elementMetadata(m), policy);
    }
    throw new IllegalArgumentException("unsupported column type " + t.simpleString());
  }

  @FunctionalInterface
  private interface NumberParser {
    Object parse(String n);
  }

  private static Converter number(MismatchPolicy policy, String typeName, NumberParser parser) {
    return v -> {
      String n = v.n();
      if (n == null) {
        return mismatch(policy, v, typeName);
      }
      return parseNumber(n, parser, policy, typeName);
    };
  }

  private static Object parseNumber(String n, NumberParser parser, MismatchPolicy policy, String typeName) {
    try {
      return parser.parse(n);
    } catch (ArithmeticException | NumberFormatException e) {
      if (policy == MismatchPolicy.NULL) {
        return null;
      }
      throw new Mismatch("", "is the number " + n + ", which does not fit " + typeName, true);
    }
  }

  private static Object mismatch(MismatchPolicy policy, AttributeValue v, String expected) {
    if (policy == MismatchPolicy.NULL) {
      return null;
    }
    String json = DynamoJson.toJson(v);
    if (json.length() > 120) {
      json = json.substring(0, 120) + "...";
    }
    throw new Mismatch("", "is of DynamoDB type " + DynamoTypes.name(v) + " (" + json + "), expected " + expected,
        false);
  }

  private static long exactIntegral(String n, long min, long max, String type) {
    long v = DynamoNumbers.longValueExact(n);
    if (v < min || v > max) {
      throw new ArithmeticException(n + " out of range of " + type);
    }
    return v;
  }

  static Decimal toDecimal(String n, int precision, int scale) {
    BigDecimal bd = new BigDecimal(n);
    if (bd.scale() != scale) {
      bd = bd.setScale(scale); // throws ArithmeticException when it would round
    }
    if (bd.precision() > precision) {
      throw new ArithmeticException(n + " has more than " + precision + " digits");
    }
    return Decimal.apply(bd, precision, scale);
  }

  private static Converter array(ArrayType t, Metadata elementMetadata, MismatchPolicy policy) {
    DataType et = t.elementType();
    Converter element = converter(et, elementMetadata, policy);
    String elementType = SparkTypes.dynamoType(elementMetadata);
    boolean stringElements = et instanceof StringType && (elementType == null || elementType.equals("S"));
    boolean binaryElements = et instanceof BinaryType;
    NumberParser numberElements = numberParser(et);
    return v -> {
      if (v.hasL() && v.l() != null && v.type() == AttributeValue.Type.L) {
        List<AttributeValue> l = v.l();
        Object[] out = new Object[l.size()];
        for (int i = 0; i < out.length; i++) {
          AttributeValue e = l.get(i);
          if (e != null && !Boolean.TRUE.equals(e.nul())) {
            try {
              out[i] = element.convert(e);
            } catch (Mismatch m) {
              throw m.under("[" + i + "]");
            }
          }
        }
        return new GenericArrayData(out);
      }
      if (v.hasSs() && stringElements) {
        List<String> ss = v.ss();
        Object[] out = new Object[ss.size()];
        for (int i = 0; i < out.length; i++) {
          out[i] = UTF8String.fromString(ss.get(i));
        }
        return new GenericArrayData(out);
      }
      if (v.hasNs() && numberElements != null) {
        List<String> ns = v.ns();
        Object[] out = new Object[ns.size()];
        for (int i = 0; i < out.length; i++) {
          try {
            out[i] = parseNumber(ns.get(i), numberElements, policy, et.simpleString());
          } catch (Mismatch m) {
            throw m.under("[" + i + "]");
          }
        }
        return new GenericArrayData(out);
      }
      if (v.hasBs() && binaryElements) {
        List<SdkBytes> bs = v.bs();
        Object[] out = new Object[bs.size()];
        for (int i = 0; i < out.length; i++) {
          out[i] = bs.get(i).asByteArrayUnsafe();
        }
        return new GenericArrayData(out);
      }
      if (v.hasSs() || v.hasNs() || v.hasBs()) {
        // a set whose members are not of the element type: convert member by member (e.g. NS into array<string>)
        List<AttributeValue> members = new java.util.ArrayList<>();
        if (v.hasSs()) {
          v.ss().forEach(s -> members.add(AttributeValue.fromS(s)));
        } else if (v.hasNs()) {
          v.ns().forEach(s -> members.add(AttributeValue.fromN(s)));
        } else {
          v.bs().forEach(b -> members.add(AttributeValue.fromB(b)));
        }
        Object[] out = new Object[members.size()];
        for (int i = 0; i < out.length; i++) {
          try {
            out[i] = element.convert(members.get(i));
          } catch (Mismatch m) {
            throw m.under("[" + i + "]");
          }
        }
        return new GenericArrayData(out);
      }
      return mismatch(policy, v, t.simpleString());
    };
  }

  private static NumberParser numberParser(DataType t) {
    if (t instanceof LongType) {
      return DynamoNumbers::longValueExact;
    } else if (t instanceof IntegerType) {
      return n -> (int) exactIntegral(n, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
    } else if (t instanceof ShortType) {
      return n -> (short) exactIntegral(n, Short.MIN_VALUE, Short.MAX_VALUE, "smallint");
    } else if (t instanceof ByteType) {
      return n -> (byte) exactIntegral(n, Byte.MIN_VALUE, Byte.MAX_VALUE, "tinyint");
    } else if (t instanceof DoubleType) {
      return Double::parseDouble;
    } else if (t instanceof FloatType) {
      return Float::parseFloat;
    } else if (t instanceof DecimalType) {
      DecimalType d = (DecimalType) t;
      return n -> toDecimal(n, d.precision(), d.scale());
    }
    return null;
  }

  private static Converter struct(StructType t, MismatchPolicy policy) {
    StructField[] fields = t.fields();
    String[] names = new String[fields.length];
    Converter[] converters = new Converter[fields.length];
    for (int i = 0; i < fields.length; i++) {
      names[i] = fields[i].name();
      converters[i] = converter(fields[i].dataType(), fields[i].metadata(), policy);
    }
    return v -> {
      if (v.type() != AttributeValue.Type.M) {
        return mismatch(policy, v, t.simpleString());
      }
      Map<String, AttributeValue> m = v.m();
      Object[] out = new Object[names.length];
      for (int i = 0; i < names.length; i++) {
        AttributeValue e = m.get(names[i]);
        if (e != null && !Boolean.TRUE.equals(e.nul())) {
          try {
            out[i] = converters[i].convert(e);
          } catch (Mismatch x) {
            throw x.under(names[i]);
          }
        }
      }
      return new GenericInternalRow(out);
    };
  }

  private static Converter map(MapType t, Metadata valueMetadata, MismatchPolicy policy) {
    Converter values = converter(t.valueType(), valueMetadata, policy);
    return v -> {
      if (v.type() != AttributeValue.Type.M) {
        return mismatch(policy, v, t.simpleString());
      }
      Map<String, AttributeValue> m = v.m();
      Object[] keys = new Object[m.size()];
      Object[] vals = new Object[m.size()];
      int i = 0;
      for (Map.Entry<String, AttributeValue> e : m.entrySet()) {
        keys[i] = UTF8String.fromString(e.getKey());
        AttributeValue ev = e.getValue();
        if (ev != null && !Boolean.TRUE.equals(ev.nul())) {
          try {
            vals[i] = values.convert(ev);
          } catch (Mismatch x) {
            throw x.under(e.getKey());
          }
        }
        i++;
      }
      return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(vals));
    };
  }
}
