package io.ddbconnector.plan;

import io.ddbconnector.plan.Predicate.And;
import io.ddbconnector.plan.Predicate.BeginsWith;
import io.ddbconnector.plan.Predicate.Between;
import io.ddbconnector.plan.Predicate.Column;
import io.ddbconnector.plan.Predicate.Compare;
import io.ddbconnector.plan.Predicate.In;
import io.ddbconnector.plan.Predicate.IsNull;
import io.ddbconnector.plan.Predicate.Kind;
import io.ddbconnector.plan.Predicate.Not;
import io.ddbconnector.plan.Predicate.Op;
import io.ddbconnector.plan.Predicate.Or;
import io.ddbconnector.read.ExpressionPlaceholders;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Renders predicates as DynamoDB condition text, either with placeholders for every name and value (what
 * is sent) or inline (what plans show). The rules of what DynamoDB evaluates the way the engine would live
 * here, once for every engine:
 * <ul>
 *   <li>strings and exactly-read numbers: every comparison; booleans and binaries: equality only;</li>
 *   <li>numbers the engine rounds to a scale: a comparison widened by half a unit of that scale (a wider
 *   condition, so the engine keeps it as residual); never under NOT, never {@code <>} or IN;</li>
 *   <li>{@code IS NULL} is absence or DynamoDB's NULL, unless the engine reads other types as null;</li>
 *   <li>the result may only keep more rows than the engine would (a superset): inside AND a part that
 *   cannot be rendered is dropped, an OR needs every part; under NOT the polarity flips.</li>
 * </ul>
 */
final class ExpressionWriter {

  /** DynamoDB allows at most 100 operands in IN; longer lists become an OR of INs. */
  static final int MAX_IN_VALUES = 100;

  /** Text, and whether it keeps exactly the rows the engine keeps. */
  record Rendered(String text, boolean exact) {}

  private final ExpressionPlaceholders placeholders; // null: inline
  private final boolean mismatchAsNull;

  ExpressionWriter(ExpressionPlaceholders placeholders, boolean mismatchAsNull) {
    this.placeholders = placeholders;
    this.mismatchAsNull = mismatchAsNull;
  }

  String path(Column c) {
    StringBuilder sb = new StringBuilder();
    for (Object p : c.path()) {
      if (p instanceof Integer) {
        sb.append('[').append(p).append(']');
      } else {
        sb.append(sb.length() > 0 ? "." : "").append(placeholders == null ? (String) p : placeholders.name((String) p));
      }
    }
    return sb.toString();
  }

  String value(AttributeValue v) {
    return placeholders == null ? Predicate.text(v) : placeholders.value(v);
  }

  long mark() {
    return placeholders == null ? 0 : placeholders.mark();
  }

  void reset(long mark) {
    if (placeholders != null) {
      placeholders.reset(mark);
    }
  }

  /** The condition keeping at least the rows the engine keeps, or null (placeholders of a null are undone). */
  Rendered render(Predicate p) {
    long mark = mark();
    Rendered r = render(p, true);
    if (r == null) {
      reset(mark);
    }
    return r;
  }

  /** @param superset true: keep at least the engine's rows; false (under NOT): at most */
  private Rendered render(Predicate p, boolean superset) {
    if (p instanceof And a) {
      return junction(a.parts(), " AND ", superset, superset);
    }
    if (p instanceof Or o) {
      return junction(o.parts(), " OR ", superset, !superset);
    }
    if (p instanceof Not n) {
      Rendered c = render(n.child(), !superset);
      return c == null ? null : new Rendered("NOT (" + c.text() + ")", false); // NOT keeps absent attributes
    }
    if (p instanceof IsNull n) {
      if (mismatchAsNull && superset != n.negated()) {
        return null; // a value of another type reads as null, but DynamoDB sees a value
      }
      String a = path(n.column());
      String nul = value(AttributeValue.fromS("NULL"));
      return new Rendered(n.negated() ? "attribute_exists(" + a + ") AND NOT attribute_type(" + a + ", " + nul + ")"
          : "attribute_not_exists(" + a + ") OR attribute_type(" + a + ", " + nul + ")", true);
    }
    if (p instanceof BeginsWith b) {
      return b.column().kind() != Kind.S ? null
          : new Rendered("begins_with(" + path(b.column()) + ", " + value(AttributeValue.fromS(b.prefix())) + ")", true);
    }
    if (p instanceof Compare c) {
      return compare(c, superset);
    }
    if (p instanceof Between b) {
      return between(b, superset);
    }
    return in((In) p);
  }

  /** @param dropAllowed whether an unrenderable part may be left out (AND for a superset, OR for a subset) */
  private Rendered junction(List<Predicate> parts, String op, boolean superset, boolean dropAllowed) {
    List<String> out = new ArrayList<>();
    boolean exact = true;
    for (Predicate part : parts) {
      long mark = mark();
      Rendered r = render(part, superset);
      if (r == null) {
        reset(mark);
        if (!dropAllowed) {
          return null;
        }
        exact = false;
        continue;
      }
      out.add("(" + r.text() + ")");
      exact &= r.exact();
    }
    if (out.isEmpty()) {
      return null;
    }
    return new Rendered(out.size() == 1 ? out.get(0).substring(1, out.get(0).length() - 1) : String.join(op, out),
        exact);
  }

  /** Whether a literal is of the column's kind and the operator means the same in DynamoDB. */
  private static boolean comparable(Column c, AttributeValue v, boolean equality) {
    String t = Predicate.type(v);
    return switch (c.kind()) {
      case S -> "S".equals(t);
      case N, ROUNDED_N -> "N".equals(t);
      case BOOL -> "BOOL".equals(t) && equality;
      case B -> "B".equals(t) && equality;
    };
  }

  private Rendered compare(Compare c, boolean superset) {
    boolean equality = c.op() == Op.EQ || c.op() == Op.NE;
    if (!comparable(c.column(), c.value(), equality)) {
      return null;
    }
    if (c.column().kind() == Kind.ROUNDED_N) {
      if (!superset || c.op() == Op.NE) {
        return null;
      }
      BigDecimal v = new BigDecimal(c.value().n());
      BigDecimal h = half(c.column());
      if (c.op() == Op.EQ) {
        return new Rendered(path(c.column()) + " BETWEEN " + value(Predicate.number(v.subtract(h))) + " AND "
            + value(Predicate.number(v.add(h))), false);
      }
      boolean lower = c.op() == Op.GT || c.op() == Op.GE;
      return new Rendered(path(c.column()) + " " + c.op().symbol + " "
          + value(Predicate.number(lower ? v.subtract(h) : v.add(h))), false);
    }
    // <> keeps items without the attribute, which the engine drops as null
    return new Rendered(path(c.column()) + " " + c.op().symbol + " " + value(c.value()), c.op() != Op.NE);
  }

  private Rendered between(Between b, boolean superset) {
    Column c = b.column();
    if (!comparable(c, b.low(), false) || !comparable(c, b.high(), false)) {
      return null;
    }
    if (c.kind() == Kind.ROUNDED_N) {
      if (!superset) {
        return null;
      }
      BigDecimal h = half(c);
      return new Rendered(path(c) + " BETWEEN " + value(Predicate.number(new BigDecimal(b.low().n()).subtract(h)))
          + " AND " + value(Predicate.number(new BigDecimal(b.high().n()).add(h))), false);
    }
    return new Rendered(path(c) + " BETWEEN " + value(b.low()) + " AND " + value(b.high()), true);
  }

  private Rendered in(In in) {
    if (in.values().isEmpty() || in.column().kind() == Kind.ROUNDED_N) {
      return null;
    }
    for (AttributeValue v : in.values()) {
      if (!comparable(in.column(), v, true)) {
        return null;
      }
    }
    String a = path(in.column());
    if (in.values().size() == 1) {
      return new Rendered(a + " = " + value(in.values().get(0)), true);
    }
    List<String> groups = new ArrayList<>();
    for (int from = 0; from < in.values().size(); from += MAX_IN_VALUES) {
      List<String> ps = new ArrayList<>();
      for (AttributeValue x : in.values().subList(from, Math.min(in.values().size(), from + MAX_IN_VALUES))) {
        ps.add(value(x));
      }
      groups.add(a + " IN (" + String.join(", ", ps) + ")");
    }
    return new Rendered(groups.size() == 1 ? groups.get(0) : "(" + String.join(") OR (", groups) + ")", true);
  }

  /** Half a unit of the column's scale: how far the engine's rounding moves a value. */
  private static BigDecimal half(Column c) {
    return BigDecimal.valueOf(5, c.scale() + 1);
  }
}
