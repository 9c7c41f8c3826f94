package io.ddbconnector.plan;

import io.ddbconnector.split.KeyQuery;
import io.ddbconnector.split.ReadExpressions;
import java.util.List;
import java.util.StringJoiner;

/**
 * How a read runs: a Scan, or Queries (one per hash-key value) on the table or an index, with the
 * expressions every request sends. It states what it pushed and what the engine must still evaluate
 * ({@link #residual()}: conjuncts not pushed, or pushed only as a wider condition). Immutable.
 */
public final class ReadPlan {

  private final String table;
  private final String indexName;
  private final List<KeyQuery> queries;
  private final String keyCondition;
  private final String filter;
  private final List<Predicate> pushed;
  private final List<Predicate> residual;
  private final ReadExpressions expressions;

  ReadPlan(String table, String indexName, List<KeyQuery> queries, String keyCondition, String filter,
      List<Predicate> pushed, List<Predicate> residual, ReadExpressions expressions) {
    this.table = table;
    this.indexName = indexName;
    this.queries = List.copyOf(queries);
    this.keyCondition = keyCondition;
    this.filter = filter;
    this.pushed = List.copyOf(pushed);
    this.residual = List.copyOf(residual);
    this.expressions = expressions;
  }

  public String table() { return table; }
  /** The index read, or null for the table. */
  public String indexName() { return indexName; }
  public boolean isQuery() { return !queries.isEmpty(); }
  /** One per hash-key value; empty for a Scan. */
  public List<KeyQuery> queries() { return queries; }
  /** The key condition of the Queries, readable ({@code IN} for several values), or null for a Scan. */
  public String keyCondition() { return keyCondition; }
  /** The pushed FilterExpression, readable (without the user's own filter), or null. */
  public String filter() { return filter; }
  /** Conjuncts used, in whole or in part, by the key condition or the filter. */
  public List<Predicate> pushed() { return pushed; }
  /** Conjuncts the engine must still evaluate. */
  public List<Predicate> residual() { return residual; }
  /** What every request sends, the user's expressions merged in. */
  public ReadExpressions expressions() { return expressions; }

  /** One line: request kind, index, key condition, filter and residual, without placeholders. */
  public String summary() {
    StringJoiner r = new StringJoiner(" AND ");
    residual.forEach(p -> r.add("(" + p + ")"));
    return (isQuery() ? "Query x" + queries.size() : "Scan") + (indexName != null ? " index " + indexName : "")
        + "; key: " + (keyCondition == null ? "-" : keyCondition) + "; filter: " + (filter == null ? "-" : filter)
        + "; residual: " + (residual.isEmpty() ? "-" : r.toString());
  }

  @Override
  public String toString() {
    return "ReadPlan{table " + table + ": " + summary() + ", projection=" + expressions.projection() + "}";
  }
}
