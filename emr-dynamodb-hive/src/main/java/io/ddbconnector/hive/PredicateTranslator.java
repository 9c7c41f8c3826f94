package io.ddbconnector.hive;

import io.ddbconnector.hive.ColumnMapping.Column;
import io.ddbconnector.plan.Predicate;
import io.ddbconnector.plan.Predicate.Kind;
import io.ddbconnector.plan.Predicate.Op;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hive.common.type.HiveChar;
import org.apache.hadoop.hive.common.type.HiveDecimal;
import org.apache.hadoop.hive.common.type.HiveVarchar;
import org.apache.hadoop.hive.ql.plan.ExprNodeColumnDesc;
import org.apache.hadoop.hive.ql.plan.ExprNodeConstantDesc;
import org.apache.hadoop.hive.ql.plan.ExprNodeDesc;
import org.apache.hadoop.hive.ql.plan.ExprNodeFieldDesc;
import org.apache.hadoop.hive.ql.plan.ExprNodeGenericFuncDesc;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDF;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFBetween;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFIn;
import org.apache.hadoop.hive.ql.udf.UDFLike;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFBridge;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPAnd;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPEqual;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPEqualOrGreaterThan;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPEqualOrLessThan;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPGreaterThan;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPLessThan;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPNot;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPNotEqual;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPNotNull;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPNull;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPOr;
import org.apache.hadoop.hive.serde2.typeinfo.DecimalTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.PrimitiveTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Translates a Hive predicate into the core's model ({@link Predicate}); the core's planner decides what
 * becomes a Query, an index read or a filter. An expression is translated whole or not at all. Columns are
 * described by how Hive reads them: string, tinyint..bigint (exact), decimal (rounded to its scale),
 * boolean and binary, through struct fields; varchar/char (truncated or padded when read), floating point,
 * date and timestamp columns, functions and casts are not translated. {@code LIKE 'prefix%'} is
 * begins_with.
 */
public final class PredicateTranslator {

  /** A top-level conjunct of the Hive predicate that could be translated, with its translation. */
  public record Conjunct(ExprNodeDesc hive, Predicate predicate) {}

  private final ColumnMapping mapping;

  public PredicateTranslator(ColumnMapping mapping) {
    this.mapping = mapping;
  }

  /** The translatable top-level conjuncts of {@code predicate} (empty when none or when it is null). */
  public List<Conjunct> conjuncts(ExprNodeDesc predicate) {
    List<Conjunct> out = new ArrayList<>();
    if (predicate instanceof ExprNodeGenericFuncDesc f && f.getGenericUDF() instanceof GenericUDFOPAnd) {
      for (ExprNodeDesc c : f.getChildren()) {
        out.addAll(conjuncts(c));
      }
    } else if (predicate != null) {
      Predicate p = translate(predicate);
      if (p != null) {
        out.add(new Conjunct(predicate, p));
      }
    }
    return out;
  }

  /** The translation of one expression, or null when it has none. */
  Predicate translate(ExprNodeDesc e) {
    if (!(e instanceof ExprNodeGenericFuncDesc)) {
      return null;
    }
    GenericUDF udf = ((ExprNodeGenericFuncDesc) e).getGenericUDF();
    List<ExprNodeDesc> args = e.getChildren();
    if (udf instanceof GenericUDFOPAnd || udf instanceof GenericUDFOPOr) {
      List<Predicate> parts = new ArrayList<>();
      for (ExprNodeDesc c : args) {
        Predicate p = translate(c);
        if (p == null) {
          return null;
        }
        parts.add(p);
      }
      return udf instanceof GenericUDFOPAnd ? Predicate.and(parts) : new Predicate.Or(parts);
    }
    if (udf instanceof GenericUDFOPNot) {
      Predicate p = translate(args.get(0));
      return p == null ? null : Predicate.not(p);
    }
    if (udf instanceof GenericUDFOPNull || udf instanceof GenericUDFOPNotNull) {
      Predicate.Column c = column(args.get(0));
      return c == null ? null : new Predicate.IsNull(c, udf instanceof GenericUDFOPNotNull);
    }
    Op op = comparison(udf);
    if (op != null && args.size() == 2) {
      boolean flipped = args.get(0) instanceof ExprNodeConstantDesc;
      Predicate.Column c = column(args.get(flipped ? 1 : 0));
      AttributeValue v = literal(c, args.get(flipped ? 0 : 1));
      return v == null ? null : new Predicate.Compare(c, flipped ? op.flipped() : op, v);
    }
    if (udf instanceof GenericUDFBetween && args.size() == 4 && args.get(0) instanceof ExprNodeConstantDesc k) {
      Predicate.Column c = column(args.get(1));
      AttributeValue lo = literal(c, args.get(2));
      AttributeValue hi = literal(c, args.get(3));
      return lo == null || hi == null ? null : Boolean.TRUE.equals(k.getValue())
          ? Predicate.not(new Predicate.Between(c, lo, hi)) : new Predicate.Between(c, lo, hi);
    }
    if (udf instanceof GenericUDFIn && args.size() >= 2) {
      Predicate.Column c = column(args.get(0));
      List<AttributeValue> values = new ArrayList<>();
      for (ExprNodeDesc k : args.subList(1, args.size())) {
        AttributeValue v = literal(c, k);
        if (v == null) {
          return null;
        }
        values.add(v);
      }
      return new Predicate.In(c, values);
    }
    if (udf instanceof GenericUDFBridge b && UDFLike.class.getName().equals(b.getUdfClassName()) && args.size() == 2 && args.get(1) instanceof ExprNodeConstantDesc k
        && k.getValue() != null) {
      String pattern = k.getValue().toString();
      String prefix = pattern.endsWith("%") ? pattern.substring(0, pattern.length() - 1) : null;
      Predicate.Column c = column(args.get(0));
      boolean plain = prefix != null && !prefix.isEmpty() && prefix.chars().noneMatch(ch -> "%_\\".indexOf(ch) >= 0);
      return c == null || !plain || c.kind() != Kind.S ? null : new Predicate.BeginsWith(c, prefix);
    }
    return null;
  }

  private static Op comparison(GenericUDF udf) {
    if (udf instanceof GenericUDFOPEqual) {
      return Op.EQ;
    } else if (udf instanceof GenericUDFOPNotEqual) {
      return Op.NE;
    } else if (udf instanceof GenericUDFOPLessThan) {
      return Op.LT;
    } else if (udf instanceof GenericUDFOPEqualOrLessThan) {
      return Op.LE;
    } else if (udf instanceof GenericUDFOPGreaterThan) {
      return Op.GT;
    } else if (udf instanceof GenericUDFOPEqualOrGreaterThan) {
      return Op.GE;
    }
    return null;
  }

  /**
   * A mapped column, when Hive reads it in a way DynamoDB compares alike. Not a struct field of one: Hive
   * lowercases struct field names and reads a map's keys ignoring case ({@code doc.city} reads a stored
   * {@code City}), while DynamoDB compares attribute names exactly, so a pushed filter on {@code doc.city}
   * would drop the items that store {@code City}. Such predicates stay with Hive.
   */
  private Predicate.Column column(ExprNodeDesc e) {
    List<Object> path = new ArrayList<>();
    ExprNodeDesc at = e;
    if (at instanceof ExprNodeFieldDesc) {
      return null;
    }
    if (!(at instanceof ExprNodeColumnDesc ref)) {
      return null;
    }
    Column c = mapping.column(ref.getColumn());
    if (c == null || c.wholeItem()) {
      return null;
    }
    path.add(0, c.attribute());
    TypeInfo t = e.getTypeInfo();
    if (!(t instanceof PrimitiveTypeInfo p)) {
      return null;
    }
    Kind kind = switch (p.getPrimitiveCategory()) {
      case STRING -> Kind.S; // not varchar(n) or char(n): Hive truncates or pads what it reads
      case BYTE, SHORT, INT, LONG -> Kind.N;
      case DECIMAL -> Kind.ROUNDED_N;
      case BOOLEAN -> Kind.BOOL;
      case BINARY -> Kind.B;
      default -> null;
    };
    return kind == null ? null : new Predicate.Column(path, kind, t instanceof DecimalTypeInfo d ? d.scale() : 0);
  }

  /** A constant as a value of the column's kind, or null. */
  private static AttributeValue literal(Predicate.Column c, ExprNodeDesc e) {
    if (c == null || !(e instanceof ExprNodeConstantDesc k) || k.getValue() == null) {
      return null;
    }
    Object v = k.getValue();
    return switch (c.kind()) {
      case S -> v instanceof String || v instanceof HiveVarchar ? AttributeValue.fromS(v.toString())
          : v instanceof HiveChar h ? AttributeValue.fromS(h.getStrippedValue()) : null;
      case N, ROUNDED_N -> v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long
          ? Predicate.number(BigDecimal.valueOf(((Number) v).longValue()))
          : v instanceof HiveDecimal d ? Predicate.number(d.bigDecimalValue())
          : v instanceof BigDecimal d ? Predicate.number(d) : null;
      case BOOL -> v instanceof Boolean b ? AttributeValue.fromBool(b) : null;
      case B -> v instanceof byte[] b ? Predicate.binary(b) : null;
    };
  }
}
