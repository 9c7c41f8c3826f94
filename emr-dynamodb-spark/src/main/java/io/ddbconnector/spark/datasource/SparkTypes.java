package io.ddbconnector.spark.datasource;

import io.ddbconnector.types.DynamoTypes;
import org.apache.spark.sql.types.DataTypes;
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
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Spark types a column may have, and the field metadata that remembers a column's DynamoDB type.
 *
 * <p>Inference records each field's DynamoDB type in the metadata key {@value #TYPE_KEY} ({@code S},
 * {@code N}, {@code SS}, {@code L}, {@code JSON}, ...). Reads and writes honour three of them: set types (an
 * array column read from a string/number/binary set is written back as a set, not a list), {@code JSON} (a
 * column of mixed types holds DynamoDB JSON and is written back as the typed value it describes) and
 * {@code N} on a string column (it holds exact DynamoDB number text: the numbers that fit neither bigint nor
 * a decimal of 38 digits, or every number under {@code numbersAsStrings}; read as the service's text,
 * written back as numbers). Arrays and maps describe their elements or values in the nested metadata
 * {@value #ELEMENT_KEY} (e.g. {@code {"dynamodb.type":"L","dynamodb.element":{"dynamodb.type":"N"}}} for a
 * list of numbers kept as text); a set's members need none: their type follows from the set's.
 */
final class SparkTypes {

  /** Field metadata key holding the DynamoDB type a column was inferred from. */
  static final String TYPE_KEY = "dynamodb.type";
  static final String JSON = "JSON";
  /** DynamoDB's number type; on a string column: the column holds exact number text. */
  static final String NUMBER = "N";
  /** Field metadata key holding the metadata of an array's elements or a map's values. */
  static final String ELEMENT_KEY = "dynamodb.element";

  private SparkTypes() {}

  static String dynamoType(StructField f) {
    return dynamoType(f.metadata());
  }

  static String dynamoType(Metadata m) {
    return m != null && m.contains(TYPE_KEY) ? m.getString(TYPE_KEY) : null;
  }

  static boolean isJson(StructField f) {
    return isJson(f.metadata());
  }

  static boolean isJson(Metadata m) {
    return JSON.equals(dynamoType(m));
  }

  /** Whether a column (of any type) is declared as holding DynamoDB numbers. */
  static boolean holdsNumbers(Metadata m) {
    return NUMBER.equals(dynamoType(m));
  }

  /** A string column holding exact DynamoDB number text. */
  static boolean isNumberText(StructField f) {
    return f.dataType() instanceof StringType && holdsNumbers(f.metadata());
  }

  static Metadata typeMetadata(String dynamoType) {
    return new MetadataBuilder().putString(TYPE_KEY, dynamoType).build();
  }

  /**
   * The metadata of an array's elements or a map's values: {@value #ELEMENT_KEY} when present, else what a
   * set type implies ({@code NS} → {@code N}, ...), else none.
   */
  static Metadata elementMetadata(Metadata m) {
    if (m != null && m.contains(ELEMENT_KEY)) {
      return m.getMetadata(ELEMENT_KEY);
    }
    String t = dynamoType(m);
    if ("NS".equals(t) || "SS".equals(t) || "BS".equals(t)) {
      return typeMetadata(t.substring(0, 1));
    }
    return Metadata.empty();
  }

  /** {@code m} with the given element metadata (unchanged when that is empty). */
  static Metadata withElement(Metadata m, Metadata element) {
    if (element == null || element.equals(Metadata.empty())) {
      return m;
    }
    return new MetadataBuilder().withMetadata(m == null ? Metadata.empty() : m).putMetadata(ELEMENT_KEY, element)
        .build();
  }

  /**
   * {@code schema} with every number type (bigint, int, smallint, tinyint, decimal, double, float; also as
   * array elements, map values and struct fields) replaced by a string of exact number text (metadata
   * {@code dynamodb.type=N}): the schema a read under {@code numbersAsStrings} uses.
   */
  static StructType widenNumbers(StructType schema) {
    StructField[] fields = schema.fields();
    StructField[] out = new StructField[fields.length];
    for (int i = 0; i < fields.length; i++) {
      Typed w = widen(fields[i].dataType(), fields[i].metadata());
      out[i] = new StructField(fields[i].name(), w.type, fields[i].nullable(), w.metadata);
    }
    return new StructType(out);
  }

  private record Typed(DataType type, Metadata metadata) {}

  private static Typed widen(DataType t, Metadata m) {
    if (isNumber(t)) {
      Metadata n = new MetadataBuilder().withMetadata(m == null ? Metadata.empty() : m).putString(TYPE_KEY, NUMBER)
          .build();
      return new Typed(DataTypes.StringType, n);
    }
    if (t instanceof ArrayType) {
      ArrayType a = (ArrayType) t;
      Typed e = widen(a.elementType(), elementMetadata(m));
      if (e.type.equals(a.elementType())) {
        return new Typed(t, m); // no numbers inside
      }
      return new Typed(DataTypes.createArrayType(e.type, a.containsNull()), withElement(m, e.metadata));
    }
    if (t instanceof MapType) {
      MapType mt = (MapType) t;
      Typed v = widen(mt.valueType(), elementMetadata(m));
      if (v.type.equals(mt.valueType())) {
        return new Typed(t, m);
      }
      return new Typed(DataTypes.createMapType(mt.keyType(), v.type, mt.valueContainsNull()),
          withElement(m, v.metadata));
    }
    if (t instanceof StructType) {
      return new Typed(widenNumbers((StructType) t), m);
    }
    return new Typed(t, m);
  }

  private static boolean isNumber(DataType t) {
    return t instanceof LongType || t instanceof IntegerType || t instanceof ShortType || t instanceof ByteType
        || t instanceof DoubleType || t instanceof FloatType || t instanceof DecimalType;
  }

  /** Fails, naming the column, when a user-given schema has a type the connector cannot map. */
  static void checkSupported(StructType schema) {
    for (StructField f : schema.fields()) {
      check(f.dataType(), f.name());
    }
  }

  private static void check(DataType t, String path) {
    if (t instanceof StringType || t instanceof LongType || t instanceof IntegerType || t instanceof ShortType
        || t instanceof ByteType || t instanceof DoubleType || t instanceof FloatType || t instanceof DecimalType
        || t instanceof BooleanType || t instanceof BinaryType) {
      return;
    }
    if (t instanceof ArrayType) {
      check(((ArrayType) t).elementType(), path + "[]");
      return;
    }
    if (t instanceof StructType) {
      for (StructField f : ((StructType) t).fields()) {
        check(f.dataType(), path + "." + f.name());
      }
      return;
    }
    if (t instanceof MapType && ((MapType) t).keyType() instanceof StringType) {
      check(((MapType) t).valueType(), path + "{}");
      return;
    }
    throw new IllegalArgumentException("Column '" + path + "' has type " + t.simpleString()
        + ", which the DynamoDB data source does not map; supported: string, bigint, int, smallint, tinyint,"
        + " double, float, decimal, boolean, binary, array, struct and map<string, ...>.");
  }

  /**
   * DynamoDB's type name of a value, for messages. Kept only for {@code FilterTranslator} (owned by the
   * pushdown rewrite); new code calls {@link DynamoTypes#name} directly.
   */
  static String typeName(AttributeValue v) {
    return DynamoTypes.name(v);
  }
}
