package io.ddbconnector.plan;

import io.ddbconnector.conf.ConnectorOptions;
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
import io.ddbconnector.split.KeyQuery;
import io.ddbconnector.split.ReadExpressions;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.table.TableInfo.IndexInfo;
import io.ddbconnector.table.TableInfo.KeyAttribute;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns a {@link ReadRequest} into a {@link ReadPlan}, the same way for every engine:
 * <ol>
 *   <li>with a user-named index ({@code dynamodb.read.indexName}): Queries on it when its hash key is pinned,
 *   else a Scan of it;</li>
 *   <li>hash-key equality (or {@code IN}: one Query per value) on the table: Queries on the table with the
 *   range-key condition; without one, a local secondary index whose sort key has a condition and whose
 *   projection covers the attributes read;</li>
 *   <li>else, unless the read is strongly consistent (GSIs do not offer it), a global secondary index whose
 *   hash key is pinned and whose projection covers the attributes read, preferring one whose sort key also
 *   has a condition;</li>
 *   <li>else a Scan.</li>
 * </ol>
 * Every other conjunct DynamoDB can evaluate (see {@link ExpressionWriter}) goes into the FilterExpression,
 * except, in a Query, those naming a key attribute (DynamoDB refuses them).
 *
 * <p>An engine's row limit is pushed (every split stops after that many items, sending {@code Limit} no
 * larger than what it still needs) only when nothing is left for the engine to filter: otherwise DynamoDB's
 * items would be cut before the engine drops some of them. A count ({@code Select=COUNT}) is pushed only
 * when every conjunct is pushed exactly and no column is read, so DynamoDB's count is the engine's; a limit
 * is not pushed beside a count. Pure: unit-tested without a backend.
 */
public final class ReadPlanner {

  /** Beyond this many attributes a ProjectionExpression could pass DynamoDB's 4 KB limit: read whole items. */
  static final int MAX_PROJECTED = 300;
  /** DynamoDB's limit on one expression is 4 KB; stay below it and leave the rest to the engine. */
  static final int MAX_FILTER_CHARS = 4000;

  private ReadPlanner() {}

  /** A Query target: the table (index null) or an index, with its keys. */
  private record Target(IndexInfo index, KeyAttribute hash, KeyAttribute range) {
    static Target of(IndexInfo index, List<KeyAttribute> keys) {
      return new Target(index, keys.get(0), keys.size() > 1 ? keys.get(1) : null);
    }

    String name() {
      return index == null ? null : index.name();
    }
  }

  /** A key condition's part on one key, the conjuncts it used, and whether it is exactly those conjuncts. */
  private record KeyPart(Predicate condition, List<Predicate> used, boolean exact) {}

  /** @param user the read's own projection, filter, names and values ({@code dynamodb.read.*}) */
  public static ReadPlan plan(TableInfo table, ReadRequest rq, ReadExpressions user) {
    if (rq.countOnly() && (rq.required() == null || !rq.required().isEmpty())) {
      ReadPlan p = plan(table, rq.countingOnly(false).withLimit(ReadRequest.NO_LIMIT), user);
      return p.with(p.expressions(), rq.limit(), true, "a count reads no column, but "
          + (rq.required() == null ? "all" : rq.required()) + " were asked for");
    }
    List<Predicate> cs = rq.conjuncts();
    // an index must hold what the filter reads too: on an index item without it, the filter drops the item
    Set<String> read = null;
    if (rq.required() != null) {
      read = new HashSet<>(rq.required());
      for (Predicate p : cs) {
        read.addAll(attributes(p));
      }
    }
    Target base = Target.of(null, table.keys());
    Target target = base;
    KeyPart hash = null;
    KeyPart range = null;
    if (rq.indexName() != null) {
      target = Target.of(table.index(rq.indexName()), table.readKeys(rq.indexName(),
          ConnectorOptions.INDEX_NAME.name()));
      hash = hashPart(cs, target.hash(), rq.maxQueries());
      range = hash == null ? null : rangePart(cs, target.range());
    } else if ((hash = hashPart(cs, base.hash(), rq.maxQueries())) != null) {
      range = rangePart(cs, base.range());
      for (IndexInfo lsi : table.indexes()) {
        Target t = Target.of(lsi, lsi.keys());
        KeyPart r = lsi.global() || range != null ? null : rangePart(cs, t.range());
        if (r != null && covers(table, lsi, read)) {
          target = t;
          range = r;
        }
      }
    } else if (!rq.consistent()) {
      for (IndexInfo gsi : table.indexes()) {
        Target t = Target.of(gsi, gsi.keys());
        KeyPart h = gsi.global() && gsi.active() ? hashPart(cs, t.hash(), rq.maxQueries()) : null;
        if (h != null && covers(table, gsi, read) && (hash == null || range == null)) {
          KeyPart r = rangePart(cs, t.range());
          if (hash == null || r != null) {
            target = t;
            hash = h;
            range = r;
          }
        }
      }
    }
    return build(table, rq, user, target, hash, range);
  }

  private static ReadPlan build(TableInfo table, ReadRequest rq, ReadExpressions user, Target target,
      KeyPart hash, KeyPart range) {
    Map<Predicate, Boolean> exact = new LinkedHashMap<>(); // pushed conjunct -> pushed exactly
    List<KeyQuery> queries = new ArrayList<>();
    String keyText = null;
    Set<String> keyAttributes = new HashSet<>();
    if (hash != null) {
      for (KeyPart k : range == null ? List.of(hash) : List.of(hash, range)) {
        k.used().forEach(p -> exact.merge(p, k.exact(), Boolean::logicalAnd));
      }
      ExpressionWriter inline = new ExpressionWriter(null, false);
      keyText = inline.render(hash.condition()).text()
          + (range == null ? "" : " AND " + inline.render(range.condition()).text());
      for (AttributeValue v : values(hash.condition())) {
        ExpressionPlaceholders q = new ExpressionPlaceholders("#q", ":q");
        ExpressionWriter w = new ExpressionWriter(q, false);
        String cond = w.render(new Compare(Column.of(target.hash().name(), kind(target.hash())), Op.EQ, v)).text()
            + (range == null ? "" : " AND " + w.render(range.condition()).text());
        queries.add(new KeyQuery(target.name(), cond, q.names(), q.values()));
      }
      keyAttributes.addAll(table.keyNames()); // a Query's filter may name no key attribute
      if (target.index() != null) {
        target.index().keys().forEach(k -> keyAttributes.add(k.name()));
      }
    }

    boolean userNames = !user.names().isEmpty() || !user.values().isEmpty();
    ExpressionPlaceholders ph = userNames ? new ExpressionPlaceholders("#dp", ":dv")
        : new ExpressionPlaceholders("#p", ":f");
    ExpressionWriter w = new ExpressionWriter(ph, rq.mismatchAsNull());
    // a count sends no projection: written only once the count is refused, so no placeholder goes unused
    boolean countAsked = rq.countOnly() && user.projection() == null;
    String projection = user.projection() != null ? user.projection() : countAsked ? null
        : projection(table, rq.required(), w);

    List<String> parts = new ArrayList<>();
    List<String> readable = new ArrayList<>();
    int length = 0;
    // in a stable order, so that engines listing the same conjuncts differently get the same plan
    List<Predicate> ordered = new ArrayList<>(rq.conjuncts());
    ordered.sort(java.util.Comparator.comparing(Predicate::toString));
    for (Predicate p : ordered) {
      if (p instanceof IsNull n && n.negated() && implied(n.column(), rq.conjuncts())) {
        exact.put(p, true); // e.g. Spark's inferred isnotnull(a) beside a = 1: the engine applies a = 1 anyway
        continue;
      }
      if (exact.containsKey(p) || (hash != null && !java.util.Collections.disjoint(attributes(p), keyAttributes))) {
        continue;
      }
      long mark = w.mark();
      ExpressionWriter.Rendered r = w.render(p);
      if (r == null || length + r.text().length() + 9 > MAX_FILTER_CHARS) {
        w.reset(mark);
        continue;
      }
      parts.add(r.text());
      readable.add(new ExpressionWriter(null, rq.mismatchAsNull()).render(p).text());
      length += r.text().length() + 9;
      exact.put(p, r.exact());
    }
    String ours = join(parts);
    String filter = user.filter() == null ? ours : ours == null ? user.filter() : "(" + user.filter() + ") AND ("
        + ours + ")";

    List<Predicate> residual = new ArrayList<>();
    for (Predicate p : ordered) {
      if (!Boolean.TRUE.equals(exact.get(p))) {
        residual.add(p);
      }
    }
    String refusal = null;
    boolean count = false;
    long limit = ReadRequest.NO_LIMIT;
    if (rq.countOnly()) {
      if (!residual.isEmpty()) {
        refusal = "the engine still filters " + residual.size() + " conjunct(s) after the read";
      } else if (!countAsked) {
        refusal = "dynamodb.read.projection is set";
      } else {
        count = true;
        if (rq.hasLimit()) {
          refusal = "not beside a count";
        }
      }
    } else if (rq.hasLimit()) {
      if (residual.isEmpty()) {
        limit = rq.limit();
      } else {
        refusal = "the engine still filters " + residual.size() + " conjunct(s) after the read";
      }
    }
    if (countAsked && !count) {
      projection = projection(table, rq.required(), w);
    }
    Map<String, String> names = new LinkedHashMap<>(user.names());
    names.putAll(ph.names());
    Map<String, AttributeValue> values = new LinkedHashMap<>(user.values());
    values.putAll(ph.values());
    ReadExpressions expressions = new ReadExpressions(count ? null : projection, filter, names, values, limit, count);
    return new ReadPlan(table.tableName(), target.name(), queries, keyText, join(readable),
        new ArrayList<>(exact.keySet()), residual, expressions, rq.limit(), rq.countOnly(), refusal);
  }

  /**
   * Whether another conjunct compares the column or a path below it: in SQL that conjunct rejects nulls, so
   * the engine, applying it, never needs {@code IS NOT NULL} from DynamoDB.
   */
  private static boolean implied(Column c, List<Predicate> conjuncts) {
    for (Predicate p : conjuncts) {
      Column other = p instanceof Compare x ? x.column() : p instanceof In x ? x.column()
          : p instanceof Between x ? x.column() : p instanceof BeginsWith x ? x.column() : null;
      if (other != null && other.path().size() >= c.path().size()
          && other.path().subList(0, c.path().size()).equals(c.path())) {
        return true;
      }
    }
    return false;
  }

  private static String join(List<String> parts) {
    return parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : "(" + String.join(") AND (", parts) + ")";
  }

  /** The attributes read (none read: the table's keys), or null for whole items. */
  private static String projection(TableInfo table, Set<String> required, ExpressionWriter w) {
    if (required == null) {
      return null;
    }
    Set<String> attrs = required.isEmpty() ? new LinkedHashSet<>(table.keyNames()) : new java.util.TreeSet<>(required);
    if (attrs.size() > MAX_PROJECTED) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (String a : attrs) {
      parts.add(w.path(Column.of(a, Kind.S)));
    }
    return String.join(", ", parts);
  }

  /** Whether an index holds every attribute read (an unknown set of attributes: only ALL). */
  static boolean covers(TableInfo table, IndexInfo index, Set<String> required) {
    if (index.projectionType().equals("ALL")) {
      return true;
    }
    if (required == null) {
      return false;
    }
    Set<String> held = new HashSet<>(table.keyNames());
    index.keys().forEach(k -> held.add(k.name()));
    if (index.projectionType().equals("INCLUDE")) {
      held.addAll(index.projected());
    }
    return held.containsAll(required);
  }

  private static Kind kind(KeyAttribute k) {
    return switch (k.type()) {
      case "N" -> Kind.N;
      case "B" -> Kind.B;
      default -> Kind.S;
    };
  }

  /** Whether a conjunct's column is the key itself, read as the key's type. */
  private static boolean onKey(Column c, KeyAttribute key) {
    return key != null && c.topLevel() && c.attribute().equals(key.name()) && c.kind() == kind(key);
  }

  private static boolean ofKeyType(List<AttributeValue> values, KeyAttribute key) {
    for (AttributeValue v : values) {
      if (!key.type().equals(Predicate.type(v))) {
        return false;
      }
    }
    return !values.isEmpty();
  }

  /** The first equality or IN pinning the hash key, as a condition of the key's kind. */
  private static KeyPart hashPart(List<Predicate> cs, KeyAttribute key, int maxQueries) {
    for (Predicate p : cs) {
      if (p instanceof Compare c && c.op() == Op.EQ && onKey(c.column(), key) && ofKeyType(List.of(c.value()), key)) {
        return new KeyPart(c, List.of(c), true);
      }
      if (p instanceof In in && onKey(in.column(), key) && ofKeyType(in.values(), key)
          && in.values().size() <= maxQueries) {
        return new KeyPart(in, List.of(in), true);
      }
    }
    return null;
  }

  private static List<AttributeValue> values(Predicate hashCondition) {
    return hashCondition instanceof In in ? in.values() : List.of(((Compare) hashCondition).value());
  }

  /**
   * One condition on a range key: an equality if there is one, else BETWEEN, else begins_with, else a lower
   * and an upper bound as one BETWEEN (inclusive: wider than strict bounds, which stay residual), else one
   * bound. Binary keys take equality only.
   */
  private static KeyPart rangePart(List<Predicate> cs, KeyAttribute key) {
    if (key == null) {
      return null;
    }
    Predicate between = null;
    Predicate prefix = null;
    Compare lower = null;
    Compare upper = null;
    for (Predicate p : cs) {
      if (p instanceof Compare c && onKey(c.column(), key) && ofKeyType(List.of(c.value()), key)) {
        if (c.op() == Op.EQ) {
          return new KeyPart(c, List.of(c), true);
        }
        boolean ordered = !key.type().equals("B");
        if (ordered && (c.op() == Op.GT || c.op() == Op.GE)) {
          lower = lower == null ? c : lower;
        } else if (ordered && (c.op() == Op.LT || c.op() == Op.LE)) {
          upper = upper == null ? c : upper;
        }
      } else if (p instanceof In in && in.values().size() == 1 && onKey(in.column(), key)
          && ofKeyType(in.values(), key)) {
        return new KeyPart(new Compare(in.column(), Op.EQ, in.values().get(0)), List.of(in), true);
      } else if (p instanceof Between b && onKey(b.column(), key) && ofKeyType(List.of(b.low(), b.high()), key)
          && !key.type().equals("B")) {
        between = between == null ? b : between;
      } else if (p instanceof BeginsWith b && onKey(b.column(), key) && key.type().equals("S")) {
        prefix = prefix == null ? b : prefix;
      }
    }
    if (between != null || prefix != null) {
      Predicate p = between != null ? between : prefix;
      return new KeyPart(p, List.of(p), true);
    }
    if (lower != null && upper != null) {
      return new KeyPart(new Between(lower.column(), lower.value(), upper.value()), List.of(lower, upper),
          lower.op() == Op.GE && upper.op() == Op.LE);
    }
    Compare one = lower != null ? lower : upper;
    return one == null ? null : new KeyPart(one, List.of(one), true);
  }

  /** The top-level attributes a predicate reads. */
  static Set<String> attributes(Predicate p) {
    Set<String> out = new LinkedHashSet<>();
    if (p instanceof And a) {
      a.parts().forEach(x -> out.addAll(attributes(x)));
    } else if (p instanceof Or o) {
      o.parts().forEach(x -> out.addAll(attributes(x)));
    } else if (p instanceof Not n) {
      out.addAll(attributes(n.child()));
    } else {
      out.add(column(p).attribute());
    }
    return out;
  }

  private static Column column(Predicate p) {
    if (p instanceof Compare x) {
      return x.column();
    } else if (p instanceof In x) {
      return x.column();
    } else if (p instanceof Between x) {
      return x.column();
    } else if (p instanceof BeginsWith x) {
      return x.column();
    }
    return ((IsNull) p).column();
  }
}
