package io.ddbconnector.hive;

import io.ddbconnector.hive.PredicateTranslator.Condition;
import io.ddbconnector.hive.PredicateTranslator.Node;
import io.ddbconnector.hive.PredicateTranslator.Op;
import io.ddbconnector.split.KeyQuery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Chooses Queries instead of a Scan from the translated conjuncts of a predicate:
 * <ol>
 *   <li>hash-key equality (or {@code IN}: one Query per value) on the table, with a condition on the
 *   range key when there is one;</li>
 *   <li>otherwise, with table hash-key equality but no range-key condition, a local secondary index whose
 *   sort key has a condition and whose projection covers the columns read;</li>
 *   <li>otherwise a global secondary index whose partition key has equality / IN and whose projection
 *   covers the columns read (preferring one whose sort key also has a condition); never for a strongly
 *   consistent read, which GSIs do not offer.</li>
 * </ol>
 * Key conditions only narrow what is read; Hive still applies the whole predicate.
 */
final class QueryPlanner {

  /** More values than this in {@code IN} scan instead: each Query is a split (a task) of its own. */
  static final int MAX_QUERIES = 256;

  /** The chosen Queries, the index they read (null: the table) and that target's key attributes. */
  record Plan(String indexName, List<KeyQuery> queries, Set<String> keyAttributes, String explanation) {}

  private record Target(String indexName, String hashKey, String rangeKey, Projection projection) {}

  private QueryPlanner() {}

  /**
   * @param neededAttributes the attributes the query reads, or null when it reads every attribute
   * @return the plan, or null to scan
   */
  static Plan plan(List<Node> conjuncts, TableDescription table, Set<String> neededAttributes, boolean consistent) {
    Map<String, String> types = new java.util.HashMap<>();
    for (AttributeDefinition d : table.attributeDefinitions()) {
      types.put(d.attributeName(), d.attributeTypeAsString());
    }
    Target base = target(null, table.keySchema(), null);
    List<AttributeValue> hashValues = hashValues(conjuncts, base.hashKey(), types);
    if (hashValues != null) {
      Condition range = rangeCondition(conjuncts, base.rangeKey(), types);
      if (range == null && table.hasLocalSecondaryIndexes()) {
        for (LocalSecondaryIndexDescription lsi : table.localSecondaryIndexes()) {
          Target t = target(lsi.indexName(), lsi.keySchema(), lsi.projection());
          Condition r = rangeCondition(conjuncts, t.rangeKey(), types);
          if (r != null && covers(t, base, neededAttributes)) {
            return build(t, hashValues, r, base, "local secondary index '" + lsi.indexName() + "'");
          }
        }
      }
      return build(base, hashValues, range, base, "table");
    }
    if (consistent || !table.hasGlobalSecondaryIndexes()) {
      return null;
    }
    Plan best = null;
    boolean bestHasRange = false;
    for (GlobalSecondaryIndexDescription gsi : table.globalSecondaryIndexes()) {
      if (gsi.indexStatus() != null && gsi.indexStatus() != IndexStatus.ACTIVE) {
        continue;
      }
      Target t = target(gsi.indexName(), gsi.keySchema(), gsi.projection());
      List<AttributeValue> values = hashValues(conjuncts, t.hashKey(), types);
      if (values == null || !covers(t, base, neededAttributes)) {
        continue;
      }
      Condition r = rangeCondition(conjuncts, t.rangeKey(), types);
      Plan p = build(t, values, r, base, "global secondary index '" + gsi.indexName() + "'");
      if (best == null || (r != null && !bestHasRange)) {
        best = p;
        bestHasRange = r != null;
      }
    }
    return best;
  }

  private static Target target(String index, List<KeySchemaElement> schema, Projection projection) {
    String hash = null;
    String range = null;
    for (KeySchemaElement k : schema) {
      if (k.keyType() == KeyType.HASH) {
        hash = k.attributeName();
      } else if (k.keyType() == KeyType.RANGE) {
        range = k.attributeName();
      }
    }
    return new Target(index, hash, range, projection);
  }

  /** The distinct values of the first equality / IN on the attribute whose values have its key type. */
  private static List<AttributeValue> hashValues(List<Node> conjuncts, String attribute, Map<String, String> types) {
    for (Node n : conjuncts) {
      if (n instanceof Condition c && c.attribute().equals(attribute) && (c.op() == Op.EQ || c.op() == Op.IN)
          && ofType(c.values(), types.get(attribute)) && c.values().size() <= MAX_QUERIES) {
        return c.values();
      }
    }
    return null;
  }

  /**
   * One key condition on a range key: an equality if there is one, else BETWEEN, else a lower and an upper
   * bound combined into BETWEEN (inclusive: a superset of strict bounds), else a single bound.
   */
  static Condition rangeCondition(List<Node> conjuncts, String attribute, Map<String, String> types) {
    if (attribute == null) {
      return null;
    }
    Condition lower = null;
    Condition upper = null;
    Condition between = null;
    for (Node n : conjuncts) {
      if (!(n instanceof Condition c) || !c.attribute().equals(attribute) || !ofType(c.values(), types.get(attribute))) {
        continue;
      }
      switch (c.op()) {
        case EQ:
          return c;
        case IN:
          if (c.values().size() == 1) {
            return new Condition(attribute, Op.EQ, c.values());
          }
          break;
        case BETWEEN:
          between = between == null ? c : between;
          break;
        case GT:
        case GE:
          lower = lower == null ? c : lower;
          break;
        case LT:
        case LE:
          upper = upper == null ? c : upper;
          break;
        default:
          break;
      }
    }
    if (between != null) {
      return between;
    }
    if (lower != null && upper != null) {
      return new Condition(attribute, Op.BETWEEN, List.of(lower.values().get(0), upper.values().get(0)));
    }
    return lower != null ? lower : upper;
  }

  private static boolean ofType(List<AttributeValue> values, String keyType) {
    if (keyType == null || values.isEmpty()) {
      return false;
    }
    for (AttributeValue v : values) {
      String t = v.s() != null ? "S" : v.n() != null ? "N" : v.b() != null ? "B" : "other";
      if (!t.equals(keyType)) {
        return false;
      }
    }
    return true;
  }

  /** Whether an index's projection holds every attribute read (an unknown set of attributes: only ALL). */
  private static boolean covers(Target index, Target base, Set<String> needed) {
    Projection p = index.projection();
    if (p == null || p.projectionType() == ProjectionType.ALL) {
      return true;
    }
    if (needed == null) {
      return false;
    }
    Set<String> held = new HashSet<>();
    held.add(base.hashKey());
    held.add(base.rangeKey());
    held.add(index.hashKey());
    held.add(index.rangeKey());
    if (p.projectionType() == ProjectionType.INCLUDE && p.hasNonKeyAttributes()) {
      held.addAll(p.nonKeyAttributes());
    }
    return held.containsAll(needed);
  }

  private static Plan build(Target t, List<AttributeValue> hashValues, Condition range, Target base, String what) {
    Set<String> keys = new LinkedHashSet<>();
    keys.add(base.hashKey());
    if (base.rangeKey() != null) {
      keys.add(base.rangeKey());
    }
    keys.add(t.hashKey());
    if (t.rangeKey() != null) {
      keys.add(t.rangeKey());
    }
    List<KeyQuery> queries = new ArrayList<>();
    for (AttributeValue v : hashValues) {
      DynamoExpressions e = new DynamoExpressions("q");
      String cond = e.condition(new Condition(t.hashKey(), Op.EQ, List.of(v)));
      if (range != null) {
        cond += " AND " + e.condition(range);
      }
      queries.add(new KeyQuery(t.indexName(), cond, e.names(), e.values()));
    }
    return new Plan(t.indexName(), queries, keys, hashValues.size() + " Quer" + (hashValues.size() == 1 ? "y" : "ies")
        + " on the " + what + " (" + queries.get(0).keyCondition() + (range != null ? "" : ", no range condition") + ")");
  }
}
