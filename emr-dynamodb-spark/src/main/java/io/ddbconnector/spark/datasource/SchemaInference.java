package io.ddbconnector.spark.datasource;

import io.ddbconnector.table.TableInfo;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Infers a schema from sampled items. Rules (also in the README):
 * <ul>
 *   <li>{@code S} → string, {@code B} → binary, {@code BOOL} → boolean;</li>
 *   <li>{@code N} → a type that holds every sampled value exactly: bigint when every value is an integer
 *       within 64 bits; otherwise decimal(38, s) with s the most decimal places seen, when every value has at
 *       most 38 - s integer digits; otherwise a string holding the exact DynamoDB number text (metadata
 *       {@code dynamodb.type=N}, written back as a number), e.g. for {@code 1E-130} or 38 integer digits next
 *       to a fraction. Never float or double: they would round most of these values;</li>
 *   <li>{@code SS}/{@code NS}/{@code BS} and {@code L} → arrays of the merged member type; {@code M} → struct
 *       of the union of the sampled fields;</li>
 *   <li>values of different kinds in one attribute (or a list's members) → string holding the DynamoDB
 *       JSON of each value (metadata {@code dynamodb.type=JSON});</li>
 *   <li>an attribute only ever {@code NULL}, an empty list → string elements;</li>
 *   <li>key attributes come first (hash, range) and are never nullable; the others follow by name.</li>
 * </ul>
 * Each field's metadata {@code dynamodb.type} records the DynamoDB type it came from, so writes can
 * restore sets, JSON values and numbers kept as text; a list records its members' type in
 * {@code dynamodb.element} when they are numbers or collections. A value read later that does not fit the
 * inferred type (an unsampled {@code 1.5} in a bigint column) fails the task: see {@link ItemToRow}.
 */
final class SchemaInference {

  private SchemaInference() {}

  /** What the sampled values of one attribute look like. */
  abstract static class Shape {
    abstract DataType sparkType();

    abstract String dynamoType();

    Metadata metadata() {
      return SparkTypes.typeMetadata(dynamoType());
    }
  }

  static final class Scalar extends Shape {
    final String kind; // S, B, BOOL, NULL
    Scalar(String kind) { this.kind = kind; }
    @Override DataType sparkType() {
      switch (kind) {
        case "B": return DataTypes.BinaryType;
        case "BOOL": return DataTypes.BooleanType;
        default: return DataTypes.StringType;
      }
    }
    @Override String dynamoType() { return kind; }
  }

  static final class Num extends Shape {
    final boolean allLong;
    final int maxScale;
    final int maxIntegerDigits;
    Num(boolean allLong, int maxScale, int maxIntegerDigits) {
      this.allLong = allLong;
      this.maxScale = maxScale;
      this.maxIntegerDigits = maxIntegerDigits;
    }
    static Num of(String n) {
      BigDecimal bd = new BigDecimal(n);
      BigDecimal s = bd.signum() == 0 ? BigDecimal.ZERO : bd.stripTrailingZeros();
      int scale = Math.max(0, s.scale());
      int intDigits = Math.max(0, s.precision() - s.scale());
      boolean isLong = scale == 0 && intDigits <= 19 && fitsLong(s);
      return new Num(isLong, scale, intDigits);
    }
    private static boolean fitsLong(BigDecimal s) {
      try {
        s.longValueExact();
        return true;
      } catch (ArithmeticException e) {
        return false;
      }
    }
    Num merge(Num o) {
      return new Num(allLong && o.allLong, Math.max(maxScale, o.maxScale), Math.max(maxIntegerDigits, o.maxIntegerDigits));
    }
    @Override DataType sparkType() {
      if (allLong) {
        return DataTypes.LongType;
      }
      if (maxIntegerDigits + maxScale <= DecimalType.MAX_PRECISION()) {
        return DataTypes.createDecimalType(DecimalType.MAX_PRECISION(), maxScale);
      }
      return DataTypes.StringType; // exact number text: no Spark number type holds every value
    }
    @Override String dynamoType() { return "N"; }
  }

  static final class Arr extends Shape {
    final String kind; // SS, NS, BS, L
    final Shape element; // null: no members seen
    Arr(String kind, Shape element) {
      this.kind = kind;
      this.element = element;
    }
    @Override DataType sparkType() {
      DataType e = element == null ? DataTypes.StringType : element.sparkType();
      return DataTypes.createArrayType(e, kind.equals("L"));
    }
    @Override String dynamoType() { return kind; }
    @Override Metadata metadata() {
      // members that are numbers (maybe kept as text) or collections (maybe sets) say so for the writer
      boolean described = element instanceof Num || element instanceof Arr;
      return described ? SparkTypes.withElement(super.metadata(), element.metadata()) : super.metadata();
    }
  }

  static final class Struct extends Shape {
    final TreeMap<String, Shape> fields;
    Struct(TreeMap<String, Shape> fields) { this.fields = fields; }
    @Override DataType sparkType() {
      List<StructField> out = new ArrayList<>();
      for (Map.Entry<String, Shape> e : fields.entrySet()) {
        out.add(DataTypes.createStructField(e.getKey(), e.getValue().sparkType(), true, e.getValue().metadata()));
      }
      return DataTypes.createStructType(out);
    }
    @Override String dynamoType() { return "M"; }
  }

  static final class Json extends Shape {
    static final Json INSTANCE = new Json();
    @Override DataType sparkType() { return DataTypes.StringType; }
    @Override String dynamoType() { return SparkTypes.JSON; }
  }

  static Shape shapeOf(AttributeValue v) {
    if (v.s() != null) {
      return new Scalar("S");
    } else if (v.n() != null) {
      return Num.of(v.n());
    } else if (v.b() != null) {
      return new Scalar("B");
    } else if (v.bool() != null) {
      return new Scalar("BOOL");
    } else if (Boolean.TRUE.equals(v.nul())) {
      return new Scalar("NULL");
    }
    switch (v.type()) {
      case SS:
        return new Arr("SS", new Scalar("S"));
      case BS:
        return new Arr("BS", new Scalar("B"));
      case NS: {
        Shape e = null;
        for (String n : v.ns()) {
          e = merge(e, Num.of(n));
        }
        return new Arr("NS", e);
      }
      case L: {
        Shape e = null;
        for (AttributeValue m : v.l()) {
          e = merge(e, shapeOf(m));
        }
        return e instanceof Json ? Json.INSTANCE : new Arr("L", e);
      }
      case M: {
        TreeMap<String, Shape> fields = new TreeMap<>();
        for (Map.Entry<String, AttributeValue> f : v.m().entrySet()) {
          fields.put(f.getKey(), shapeOf(f.getValue()));
        }
        return new Struct(fields);
      }
      default:
        return Json.INSTANCE;
    }
  }

  /** The shape covering both; null means "nothing seen yet". */
  static Shape merge(Shape a, Shape b) {
    if (a == null || isNull(a)) {
      return b == null ? a : b;
    }
    if (b == null || isNull(b)) {
      return a;
    }
    if (a instanceof Json || b instanceof Json) {
      return Json.INSTANCE;
    }
    if (a instanceof Scalar && b instanceof Scalar) {
      return ((Scalar) a).kind.equals(((Scalar) b).kind) ? a : Json.INSTANCE;
    }
    if (a instanceof Num && b instanceof Num) {
      return ((Num) a).merge((Num) b);
    }
    if (a instanceof Arr && b instanceof Arr) {
      Arr x = (Arr) a;
      Arr y = (Arr) b;
      Shape e = merge(x.element, y.element);
      if (e instanceof Json) {
        return Json.INSTANCE;
      }
      return new Arr(x.kind.equals(y.kind) ? x.kind : "L", e);
    }
    if (a instanceof Struct && b instanceof Struct) {
      TreeMap<String, Shape> fields = new TreeMap<>(((Struct) a).fields);
      for (Map.Entry<String, Shape> f : ((Struct) b).fields.entrySet()) {
        fields.merge(f.getKey(), f.getValue(), SchemaInference::merge);
      }
      return new Struct(fields);
    }
    return Json.INSTANCE;
  }

  private static boolean isNull(Shape s) {
    return s instanceof Scalar && ((Scalar) s).kind.equals("NULL");
  }

  /** The schema of {@code items}: key attributes first and NOT NULL, then the others by name. */
  static StructType infer(Collection<Map<String, AttributeValue>> items, List<TableInfo.KeyAttribute> keys) {
    TreeMap<String, Shape> shapes = new TreeMap<>();
    for (Map<String, AttributeValue> item : items) {
      for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
        shapes.merge(e.getKey(), shapeOf(e.getValue()), SchemaInference::merge);
      }
    }
    List<StructField> fields = new ArrayList<>();
    for (TableInfo.KeyAttribute k : keys) {
      Shape s = shapes.remove(k.name());
      DataType t;
      switch (k.type()) {
        case "S":
          t = DataTypes.StringType;
          break;
        case "B":
          t = DataTypes.BinaryType;
          break;
        default:
          t = s instanceof Num ? s.sparkType() : DataTypes.LongType;
      }
      fields.add(DataTypes.createStructField(k.name(), t, false, SparkTypes.typeMetadata(k.type())));
    }
    for (Map.Entry<String, Shape> e : shapes.entrySet()) {
      fields.add(DataTypes.createStructField(e.getKey(), e.getValue().sparkType(), true, e.getValue().metadata()));
    }
    return DataTypes.createStructType(fields);
  }
}
