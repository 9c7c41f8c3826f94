package io.ddbconnector.spark.datasource;

import io.ddbconnector.plan.Predicate;
import io.ddbconnector.plan.Predicate.Column;
import io.ddbconnector.plan.Predicate.Kind;
import io.ddbconnector.plan.Predicate.Op;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Translates Spark's V2 predicates into the core's model ({@link Predicate}); the core's planner decides
 * what becomes a Query, an index read or a filter. A predicate is translated whole or not at all. Columns
 * are described by how Spark reads them: strings, integral numbers (exact), decimals (with their scale),
 * booleans and binaries, through struct fields; doubles and floats (rounded differently from DynamoDB's
 * exact decimals), {@code JSON} columns (mixed types) and string columns of number text (metadata
 * {@code dynamodb.type=N}: Spark compares the text) are never translated.
 */
final class SparkPredicates {

  private final StructType schema;

  SparkPredicates(StructType schema) {
    this.schema = schema;
  }

  /** Adds the translation of each top-level conjunct of {@code p} to {@code out}, keyed to {@code p}. */
  void conjuncts(org.apache.spark.sql.connector.expressions.filter.Predicate p,
      Map<Predicate, org.apache.spark.sql.connector.expressions.filter.Predicate> out) {
    if (p.name().equals("AND")) {
      for (Expression c : p.children()) {
        conjuncts((org.apache.spark.sql.connector.expressions.filter.Predicate) c, out);
      }
      return;
    }
    Predicate t = translate(p);
    if (t != null) {
      out.putIfAbsent(t, p);
    }
  }

  /** The core predicate, or null when Spark's cannot be one exactly. */
  Predicate translate(Expression e) {
    if (!(e instanceof org.apache.spark.sql.connector.expressions.filter.Predicate p)) {
      return null;
    }
    Expression[] c = p.children();
    switch (p.name()) {
      case "AND":
      case "OR": {
        List<Predicate> parts = new ArrayList<>();
        for (Expression x : c) {
          Predicate t = translate(x);
          if (t == null) {
            return null;
          }
          parts.add(t);
        }
        return p.name().equals("AND") ? Predicate.and(parts) : new Predicate.Or(parts);
      }
      case "NOT": {
        Predicate t = translate(c[0]);
        return t == null ? null : Predicate.not(t);
      }
      case "IS_NULL":
      case "IS_NOT_NULL": {
        Column col = column(c[0]);
        return col == null ? null : new Predicate.IsNull(col, p.name().equals("IS_NOT_NULL"));
      }
      case "STARTS_WITH": {
        Column col = column(c[0]);
        AttributeValue v = col == null ? null : literal(col, c[1]);
        return v == null ? null : new Predicate.BeginsWith(col, v.s());
      }
      case "IN": {
        Column col = column(c[0]);
        List<AttributeValue> values = new ArrayList<>();
        for (int i = 1; col != null && i < c.length; i++) {
          if (c[i] instanceof Literal<?> l && l.value() == null) {
            continue; // x IN (.., NULL) keeps what x IN (..) keeps
          }
          AttributeValue v = literal(col, c[i]);
          if (v == null) {
            return null;
          }
          values.add(v);
        }
        return col == null || values.isEmpty() ? null : new Predicate.In(col, values);
      }
      default:
        return comparison(p.name(), c);
    }
  }

  private Predicate comparison(String name, Expression[] c) {
    Op op = switch (name) {
      case "=", "<=>" -> Op.EQ;
      case "<>" -> Op.NE;
      case "<" -> Op.LT;
      case "<=" -> Op.LE;
      case ">" -> Op.GT;
      case ">=" -> Op.GE;
      default -> null;
    };
    if (op == null || c.length != 2) {
      return null;
    }
    boolean flipped = !(c[0] instanceof NamedReference);
    Column col = column(flipped ? c[1] : c[0]);
    AttributeValue v = col == null ? null : literal(col, flipped ? c[0] : c[1]);
    return v == null ? null : new Predicate.Compare(col, flipped ? op.flipped() : op, v);
  }

  /** A reference to a (possibly nested) column Spark reads in a way DynamoDB compares alike, or null. */
  private Column column(Expression e) {
    if (!(e instanceof NamedReference ref)) {
      return null;
    }
    String[] names = ref.fieldNames();
    StructType struct = schema;
    StructField f = null;
    for (String n : names) {
      if (struct == null || !List.of(struct.fieldNames()).contains(n)) {
        return null;
      }
      f = struct.apply(n);
      if (SparkTypes.isJson(f) || SparkTypes.isNumberText(f)) {
        return null;
      }
      struct = f.dataType() instanceof StructType s ? s : null;
    }
    Kind kind = kind(f.dataType());
    int scale = f.dataType() instanceof DecimalType d ? d.scale() : 0;
    return kind == null ? null : new Column(List.of((Object[]) names), kind, scale);
  }

  /**
   * Decimals are declared rounded to their scale: Spark refuses values with more decimals, Hive rounds
   * them; the planner's one rule (a comparison widened by half a unit, re-applied by the engine) is right
   * for both and gives both the same plan.
   */
  private static Kind kind(DataType t) {
    if (t instanceof StringType) {
      return Kind.S;
    } else if (t instanceof LongType || t instanceof IntegerType || t instanceof ShortType || t instanceof ByteType) {
      return Kind.N;
    } else if (t instanceof DecimalType) {
      return Kind.ROUNDED_N;
    } else if (t instanceof BooleanType) {
      return Kind.BOOL;
    } else if (t instanceof BinaryType) {
      return Kind.B;
    }
    return null;
  }

  /** A Spark literal as a DynamoDB value of the column's kind, or null. */
  private static AttributeValue literal(Column col, Expression e) {
    if (!(e instanceof Literal<?> l) || l.value() == null) {
      return null;
    }
    Object v = l.value();
    return switch (col.kind()) {
      case S -> v instanceof org.apache.spark.unsafe.types.UTF8String ? AttributeValue.fromS(v.toString()) : null;
      case N, ROUNDED_N -> v instanceof Decimal d ? Predicate.number(d.toJavaBigDecimal())
          : v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
              ? Predicate.number(BigDecimal.valueOf(((Number) v).longValue())) : null;
      case BOOL -> v instanceof Boolean b ? AttributeValue.fromBool(b) : null;
      case B -> v instanceof byte[] b ? Predicate.binary(b) : null;
    };
  }
}
