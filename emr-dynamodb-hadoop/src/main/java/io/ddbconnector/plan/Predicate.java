package io.ddbconnector.plan;

import io.ddbconnector.types.DynamoNumbers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one predicate model both engines translate into: comparisons, IN, BETWEEN, begins_with, null tests
 * and AND/OR/NOT over attribute paths and typed literals. The engine states, per column, how it reads the
 * attribute ({@link Kind}); the {@link ReadPlanner} alone decides what DynamoDB can evaluate exactly.
 * {@code toString()} is a stable, placeholder-free rendering (used in plans and the contract test).
 */
public sealed interface Predicate {

  /** How the engine reads a column's values, which decides what compares the same way in DynamoDB. */
  enum Kind {
    /** Strings: ordered by UTF-8 bytes in both. */
    S,
    /** Numbers read exactly (integers, or decimals never rounded). */
    N,
    /** Numbers the engine rounds to the column's scale when reading (a decimal of that scale). */
    ROUNDED_N,
    /** Booleans: equality only (DynamoDB does not order them). */
    BOOL,
    /** Binaries: equality only. */
    B
  }

  /** Comparison operators. */
  enum Op {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    /** The operator with its operands swapped ({@code 5 < a} is {@code a > 5}). */
    public Op flipped() {
      return switch (this) {
        case LT -> GT;
        case LE -> GE;
        case GT -> LT;
        case GE -> LE;
        default -> this;
      };
    }
  }

  /**
   * A column: an attribute path ({@code a}, {@code a.b}, {@code a.b[2]}: names and list indexes) and how the
   * engine reads it; {@code scale} is the rounding scale of {@link Kind#ROUNDED_N}.
   */
  record Column(List<Object> path, Kind kind, int scale) {
    public Column {
      path = List.copyOf(path);
      if (path.isEmpty() || !(path.get(0) instanceof String)) {
        throw new IllegalArgumentException("an attribute path starts with a name: " + path);
      }
    }

    public static Column of(String attribute, Kind kind) {
      return new Column(List.of(attribute), kind, 0);
    }

    /** The top-level attribute. */
    public String attribute() {
      return (String) path.get(0);
    }

    public boolean topLevel() {
      return path.size() == 1;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (Object p : path) {
        sb.append(p instanceof Integer ? "[" + p + "]" : (sb.length() > 0 ? "." : "") + p);
      }
      return sb.toString();
    }
  }

  record Compare(Column column, Op op, AttributeValue value) implements Predicate {
    @Override
    public String toString() {
      return column + " " + op.symbol + " " + text(value);
    }
  }

  record In(Column column, List<AttributeValue> values) implements Predicate {
    public In {
      values = List.copyOf(new java.util.LinkedHashSet<>(values));
    }

    @Override
    public String toString() {
      StringJoiner j = new StringJoiner(", ", column + " IN (", ")");
      values.forEach(v -> j.add(text(v)));
      return j.toString();
    }
  }

  record Between(Column column, AttributeValue low, AttributeValue high) implements Predicate {
    @Override
    public String toString() {
      return column + " BETWEEN " + text(low) + " AND " + text(high);
    }
  }

  record BeginsWith(Column column, String prefix) implements Predicate {
    @Override
    public String toString() {
      return "begins_with(" + column + ", " + text(AttributeValue.fromS(prefix)) + ")";
    }
  }

  /** {@code IS NULL} (absent or DynamoDB NULL), or {@code IS NOT NULL} when {@code negated}. */
  record IsNull(Column column, boolean negated) implements Predicate {
    @Override
    public String toString() {
      return column + (negated ? " IS NOT NULL" : " IS NULL");
    }
  }

  /** Parts in a canonical order: engines' optimisers reorder them freely, plans must not differ by it. */
  record And(List<Predicate> parts) implements Predicate {
    public And {
      parts = canonical(parts);
    }

    @Override
    public String toString() {
      return join(parts, " AND ");
    }
  }

  record Or(List<Predicate> parts) implements Predicate {
    public Or {
      parts = canonical(parts);
    }

    @Override
    public String toString() {
      return join(parts, " OR ");
    }
  }

  record Not(Predicate child) implements Predicate {
    @Override
    public String toString() {
      return "NOT (" + child + ")";
    }
  }

  /** {@code NOT} with the trivial rewrites both engines' optimisers may or may not have done. */
  static Predicate not(Predicate p) {
    if (p instanceof Not n) {
      return n.child();
    }
    if (p instanceof IsNull n) {
      return new IsNull(n.column(), !n.negated());
    }
    if (p instanceof Compare c && (c.op() == Op.EQ || c.op() == Op.NE)) {
      return new Compare(c.column(), c.op() == Op.EQ ? Op.NE : Op.EQ, c.value());
    }
    return new Not(p);
  }

  /** An AND of the parts, flattened; the part itself when there is one. */
  static Predicate and(List<Predicate> parts) {
    List<Predicate> flat = new ArrayList<>();
    for (Predicate p : parts) {
      if (p instanceof And a) {
        flat.addAll(a.parts());
      } else {
        flat.add(p);
      }
    }
    return flat.size() == 1 ? flat.get(0) : new And(flat);
  }

  /** A number literal as DynamoDB's exact number text. */
  static AttributeValue number(BigDecimal n) {
    return AttributeValue.fromN(DynamoNumbers.format(n));
  }

  static AttributeValue binary(byte[] b) {
    return AttributeValue.fromB(SdkBytes.fromByteArray(b));
  }

  /** The DynamoDB type of a literal: S, N, B, BOOL, or null for others. */
  static String type(AttributeValue v) {
    return v.s() != null ? "S" : v.n() != null ? "N" : v.b() != null ? "B" : v.bool() != null ? "BOOL" : null;
  }

  /** A literal as plan text: {@code 'text'}, {@code 12.5}, {@code true}, {@code b64'...'}. */
  static String text(AttributeValue v) {
    if (v.s() != null) {
      return "'" + v.s().replace("'", "''") + "'";
    }
    if (v.n() != null) {
      return v.n();
    }
    if (v.b() != null) {
      return "b64'" + Base64.getEncoder().encodeToString(v.b().asByteArray()) + "'";
    }
    return String.valueOf(v.bool());
  }

  private static List<Predicate> canonical(List<Predicate> parts) {
    List<Predicate> sorted = new ArrayList<>(parts);
    sorted.sort(java.util.Comparator.comparing(Predicate::toString));
    return List.copyOf(sorted);
  }

  private static String join(List<Predicate> parts, String op) {
    StringJoiner j = new StringJoiner(op);
    parts.forEach(p -> j.add("(" + p + ")"));
    return j.toString();
  }
}
