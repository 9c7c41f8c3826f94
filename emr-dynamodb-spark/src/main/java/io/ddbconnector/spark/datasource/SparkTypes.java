package io.ddbconnector.spark.datasource;

import io.ddbconnector.types.DynamoJson;
import java.util.Map;
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
 * {@code N}, {@code SS}, {@code L}, {@code JSON}, ...). Writes honour two of them: set types (an array
 * column read from a string/number/binary set is written back as a set, not a list) and {@code JSON} (a
 * column of mixed types holds DynamoDB JSON and is written back as the typed value it describes).
 */
final class SparkTypes {

  /** Field metadata key holding the DynamoDB type a column was inferred from. */
  static final String TYPE_KEY = "dynamodb.type";
  static final String JSON = "JSON";

  private SparkTypes() {}

  static String dynamoType(StructField f) {
    Metadata m = f.metadata();
    return m != null && m.contains(TYPE_KEY) ? m.getString(TYPE_KEY) : null;
  }

  static boolean isJson(StructField f) {
    return JSON.equals(dynamoType(f));
  }

  static Metadata typeMetadata(String dynamoType) {
    return new MetadataBuilder().putString(TYPE_KEY, dynamoType).build();
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

  /** DynamoDB JSON of one value, e.g. {@code {"N":"1.5"}}. */
  static String json(AttributeValue v) {
    return DynamoJson.toJson(v);
  }

  /** Parses the DynamoDB JSON of one value. */
  static AttributeValue parseJson(String json) {
    Map<String, AttributeValue> m = DynamoJson.parseItem("{\"v\":" + json + "}");
    return m.get("v");
  }

  /** DynamoDB's type name of a value, for messages. */
  static String typeName(AttributeValue v) {
    if (v.s() != null) {
      return "S";
    } else if (v.n() != null) {
      return "N";
    } else if (v.b() != null) {
      return "B";
    }
    AttributeValue.Type t = v.type();
    return t == AttributeValue.Type.NUL ? "NULL" : String.valueOf(t);
  }
}
