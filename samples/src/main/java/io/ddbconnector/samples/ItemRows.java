package io.ddbconnector.samples;

import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns DynamoDB items into Spark SQL rows of a given schema: each field is the attribute of the same
 * name. A stop-gap for the samples until the connector's own {@code spark.read.format("dynamodb")} source
 * is used; it handles the types the orders need:
 *
 * <ul>
 *   <li>string ← S (or N as text); boolean ← BOOL; int, long, double, decimal ← N (decimals exactly);
 *   <li>timestamp ← S holding an ISO-8601 instant ({@code 2024-03-15T10:22:33Z});
 *   <li>array ← L, SS or NS; struct ← M (recursively).
 * </ul>
 *
 * A missing attribute or a NULL becomes SQL NULL; a value of another type fails naming the field.
 */
public final class ItemRows implements Serializable {
  private static final long serialVersionUID = 1L;

  private final StructType schema;

  public ItemRows(StructType schema) {
    this.schema = schema;
  }

  public StructType schema() {
    return schema;
  }

  public Row toRow(Map<String, AttributeValue> item) {
    return struct(schema, item, "");
  }

  private static Row struct(StructType type, Map<String, AttributeValue> m, String path) {
    StructField[] fields = type.fields();
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      values[i] = value(fields[i].dataType(), m.get(fields[i].name()), path + fields[i].name());
    }
    return RowFactory.create(values);
  }

  private static Object value(DataType type, AttributeValue v, String path) {
    if (v == null || Boolean.TRUE.equals(v.nul())) {
      return null;
    }
    if (type.equals(DataTypes.StringType)) {
      return v.s() != null ? v.s() : require(v.n(), "S or N", v, path);
    } else if (type.equals(DataTypes.BooleanType)) {
      return require(v.bool(), "BOOL", v, path);
    } else if (type.equals(DataTypes.IntegerType)) {
      return Integer.parseInt(require(v.n(), "N", v, path));
    } else if (type.equals(DataTypes.LongType)) {
      return Long.parseLong(require(v.n(), "N", v, path));
    } else if (type.equals(DataTypes.DoubleType)) {
      return Double.parseDouble(require(v.n(), "N", v, path));
    } else if (type instanceof DecimalType) {
      return new BigDecimal(require(v.n(), "N", v, path)).setScale(((DecimalType) type).scale());
    } else if (type.equals(DataTypes.TimestampType)) {
      return Timestamp.from(Instant.parse(require(v.s(), "S (ISO-8601 instant)", v, path)));
    } else if (type instanceof ArrayType) {
      DataType element = ((ArrayType) type).elementType();
      List<Object> out = new ArrayList<>();
      if (v.hasL()) {
        for (int i = 0; i < v.l().size(); i++) {
          out.add(value(element, v.l().get(i), path + "[" + i + "]"));
        }
      } else if (v.hasSs()) {
        v.ss().forEach(s -> out.add(value(element, AttributeValue.fromS(s), path)));
      } else if (v.hasNs()) {
        v.ns().forEach(n -> out.add(value(element, AttributeValue.fromN(n), path)));
      } else {
        throw mismatch("L, SS or NS", v, path);
      }
      // Spark's Row encoder takes a Scala Seq for an array column.
      return scala.jdk.javaapi.CollectionConverters.asScala(out).toSeq();
    } else if (type instanceof StructType) {
      if (!v.hasM()) {
        throw mismatch("M", v, path);
      }
      return struct((StructType) type, v.m(), path + ".");
    }
    throw new IllegalArgumentException("field '" + path + "': Spark type " + type.simpleString()
        + " is not supported by this converter");
  }

  private static <T> T require(T value, String expected, AttributeValue v, String path) {
    if (value == null) {
      throw mismatch(expected, v, path);
    }
    return value;
  }

  private static IllegalArgumentException mismatch(String expected, AttributeValue v, String path) {
    return new IllegalArgumentException("attribute '" + path + "' should be " + expected + " but is " + v.type());
  }
}
