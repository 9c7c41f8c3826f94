package io.ddbconnector.hive;

import io.ddbconnector.hive.ColumnMapping.Column;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.hive.common.type.HiveChar;
import org.apache.hadoop.hive.common.type.HiveDecimal;
import org.apache.hadoop.hive.common.type.HiveVarchar;
import org.apache.hadoop.hive.ql.plan.ExprNodeColumnDesc;
import org.apache.hadoop.hive.ql.plan.ExprNodeConstantDesc;
import org.apache.hadoop.hive.ql.plan.ExprNodeDesc;
import org.apache.hadoop.hive.ql.plan.ExprNodeGenericFuncDesc;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDF;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFBetween;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFIn;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPAnd;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPEqual;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPEqualOrGreaterThan;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPEqualOrLessThan;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPGreaterThan;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPLessThan;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPNotEqual;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPNotNull;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPOr;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector.PrimitiveCategory;
import org.apache.hadoop.hive.serde2.typeinfo.PrimitiveTypeInfo;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Translates a Hive predicate into conditions on DynamoDB attributes.
 *
 * <p>Every translation is a <em>superset</em> of what Hive would keep: a condition may let through rows
 * that Hive then drops (Hive always re-applies the whole predicate), but never drops a row Hive would
 * keep. So only exact comparisons are translated: columns of type string, tinyint..bigint and boolean
 * against literals of the same kind (decimal literals for integer columns). Floating-point columns or
 * literals, decimal, date, timestamp, char and varchar columns, functions and casts stay with Hive.
 * Inside AND, untranslatable parts are dropped (still a superset); an OR is translated only whole.
 */
public final class PredicateTranslator {

  /** Comparison operators DynamoDB expressions share with Hive. */
  public enum Op {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="), BETWEEN("BETWEEN"), IN("IN"), NOT_NULL("attribute_exists");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    Op flipped() {
      switch (this) {
        case LT: return GT;
        case LE: return GE;
        case GT: return LT;
        case GE: return LE;
        default: return this;
      }
    }
  }

  /** A translated predicate: a condition on one attribute, or an AND / OR of translated predicates. */
  public sealed interface Node permits Condition, And, Or {
    /** The attributes the predicate reads. */
    Set<String> attributes();
  }

  /** {@code attribute op values}: one value for comparisons, two for BETWEEN, any for IN, none for NOT_NULL. */
  public record Condition(String attribute, Op op, List<AttributeValue> values) implements Node {
    public Condition {
      values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    @Override
    public Set<String> attributes() {
      return Set.of(attribute);
    }
  }

  public record And(List<Node> parts) implements Node {
    @Override
    public Set<String> attributes() {
      return union(parts);
    }
  }

  public record Or(List<Node> parts) implements Node {
    @Override
    public Set<String> attributes() {
      return union(parts);
    }
  }

  /** A top-level conjunct of the Hive predicate that could be translated, with its translation. */
  public record Conjunct(ExprNodeDesc hive, Node node) {}

  private static Set<String> union(List<Node> parts) {
    Set<String> s = new LinkedHashSet<>();
    for (Node n : parts) {
      s.addAll(n.attributes());
    }
    return s;
  }

  private final ColumnMapping mapping;

  public PredicateTranslator(ColumnMapping mapping) {
    this.mapping = mapping;
  }

  /** The translatable top-level conjuncts of {@code predicate} (empty when none or when it is null). */
  public List<Conjunct> conjuncts(ExprNodeDesc predicate) {
    List<Conjunct> out = new ArrayList<>();
    if (predicate == null) {
      return out;
    }
    List<ExprNodeDesc> flat = new ArrayList<>();
    flatten(predicate, flat);
    for (ExprNodeDesc e : flat) {
      Node n = translate(e);
      if (n != null) {
        out.add(new Conjunct(e, n));
      }
    }
    return out;
  }

  private static void flatten(ExprNodeDesc e, List<ExprNodeDesc> out) {
    if (e instanceof ExprNodeGenericFuncDesc && ((ExprNodeGenericFuncDesc) e).getGenericUDF() instanceof GenericUDFOPAnd) {
      for (ExprNodeDesc c : e.getChildren()) {
        flatten(c, out);
      }
    } else {
      out.add(e);
    }
  }

  /** The translation of one expression, or null when it has none. */
  Node translate(ExprNodeDesc e) {
    if (!(e instanceof ExprNodeGenericFuncDesc)) {
      return null;
    }
    GenericUDF udf = ((ExprNodeGenericFuncDesc) e).getGenericUDF();
    List<ExprNodeDesc> args = e.getChildren();
    if (udf instanceof GenericUDFOPAnd) {
      List<Node> parts = new ArrayList<>();
      for (ExprNodeDesc c : args) {
        Node n = translate(c);
        if (n != null) {
          parts.add(n);
        }
      }
      return parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : new And(parts);
    }
    if (udf instanceof GenericUDFOPOr) {
      List<Node> parts = new ArrayList<>();
      for (ExprNodeDesc c : args) {
        Node n = translate(c);
        if (n == null) {
          return null;
        }
        parts.add(n);
      }
      return new Or(parts);
    }
    Op op = comparison(udf);
    if (op != null && args.size() == 2) {
      if (args.get(0) instanceof ExprNodeColumnDesc && args.get(1) instanceof ExprNodeConstantDesc) {
        return condition((ExprNodeColumnDesc) args.get(0), op, args.subList(1, 2));
      }
      if (args.get(1) instanceof ExprNodeColumnDesc && args.get(0) instanceof ExprNodeConstantDesc) {
        return condition((ExprNodeColumnDesc) args.get(1), op.flipped(), args.subList(0, 1));
      }
      return null;
    }
    if (udf instanceof GenericUDFBetween && args.size() == 4 && args.get(0) instanceof ExprNodeConstantDesc
        && Boolean.FALSE.equals(((ExprNodeConstantDesc) args.get(0)).getValue())
        && args.get(1) instanceof ExprNodeColumnDesc) {
      return condition((ExprNodeColumnDesc) args.get(1), Op.BETWEEN, args.subList(2, 4));
    }
    if (udf instanceof GenericUDFIn && args.size() >= 2 && args.get(0) instanceof ExprNodeColumnDesc) {
      return condition((ExprNodeColumnDesc) args.get(0), Op.IN, args.subList(1, args.size()));
    }
    if (udf instanceof GenericUDFOPNotNull && args.size() == 1 && args.get(0) instanceof ExprNodeColumnDesc) {
      Column c = pushable((ExprNodeColumnDesc) args.get(0));
      return c == null ? null : new Condition(c.attribute(), Op.NOT_NULL, List.of());
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

  private Condition condition(ExprNodeColumnDesc column, Op op, List<ExprNodeDesc> constants) {
    Column c = pushable(column);
    if (c == null) {
      return null;
    }
    if (c.dynamoType().equals("BOOL") && op != Op.EQ && op != Op.NE && op != Op.IN) {
      return null; // DynamoDB only compares booleans for (in)equality
    }
    List<AttributeValue> values = new ArrayList<>();
    for (ExprNodeDesc k : constants) {
      if (!(k instanceof ExprNodeConstantDesc)) {
        return null;
      }
      AttributeValue v = literal(c, ((ExprNodeConstantDesc) k).getValue());
      if (v == null) {
        return null;
      }
      if (!values.contains(v)) {
        values.add(v);
      }
    }
    return new Condition(c.attribute(), op, values);
  }

  /** The mapped column of a column reference, when its type compares exactly in DynamoDB. */
  private Column pushable(ExprNodeColumnDesc ref) {
    Column c = mapping.column(ref.getColumn());
    if (c == null || c.wholeItem() || !(c.type() instanceof PrimitiveTypeInfo)) {
      return null;
    }
    switch (((PrimitiveTypeInfo) c.type()).getPrimitiveCategory()) {
      case STRING: // not varchar(n) or char(n): Hive truncates or pads what it reads, DynamoDB compares all of it
      case BYTE:
      case SHORT:
      case INT:
      case LONG:
      case BOOLEAN:
        return c;
      default:
        return null;
    }
  }

  /** A literal as the column's DynamoDB type, or null when it is not of the column's kind. */
  private static AttributeValue literal(Column c, Object v) {
    if (v == null) {
      return null;
    }
    PrimitiveCategory cat = ((PrimitiveTypeInfo) c.type()).getPrimitiveCategory();
    if (cat == PrimitiveCategory.STRING) {
      if (v instanceof String || v instanceof HiveVarchar) {
        return AttributeValue.fromS(v.toString());
      }
      if (v instanceof HiveChar) {
        return AttributeValue.fromS(((HiveChar) v).getStrippedValue());
      }
      return null;
    }
    if (cat == PrimitiveCategory.BOOLEAN) {
      return v instanceof Boolean ? AttributeValue.fromBool((Boolean) v) : null;
    }
    if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
      return AttributeValue.fromN(v.toString());
    }
    if (v instanceof HiveDecimal) {
      return AttributeValue.fromN(ScalarConverters.number(((HiveDecimal) v).bigDecimalValue()));
    }
    if (v instanceof BigDecimal) {
      return AttributeValue.fromN(ScalarConverters.number((BigDecimal) v));
    }
    return null;
  }
}
