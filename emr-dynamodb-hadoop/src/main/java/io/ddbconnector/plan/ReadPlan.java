package io.ddbconnector.plan;

import io.ddbconnector.split.KeyQuery;
import io.ddbconnector.split.ReadExpressions;
import java.util.List;
import java.util.StringJoiner;

/**
 * How a read runs: a Scan, or Queries (one per hash-key value) on the table or an index, with the
 * expressions every request sends. It states what it pushed and what the engine must still evaluate
 * ({@link #residual()}: conjuncts not pushed, or pushed only as a wider condition), and whether the
 * engine's row limit or count was pushed ({@link #limit()}, {@link #countOnly()}) or why not. Immutable.
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
  private final long requestedLimit;
  private final boolean countRequested;
  private final String refusal;

  /**
   * @param requestedLimit the engine's limit, pushed or not ({@link ReadRequest#NO_LIMIT}: none asked)
   * @param countRequested whether the engine asked for a count, pushed or not
   * @param refusal why a requested limit or count was not pushed, or null
   */
  ReadPlan(String table, String indexName, List<KeyQuery> queries, String keyCondition, String filter,
      List<Predicate> pushed, List<Predicate> residual, ReadExpressions expressions, long requestedLimit,
      boolean countRequested, String refusal) {
    this.requestedLimit = requestedLimit;
    this.countRequested = countRequested;
    this.refusal = refusal;
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

  /** The most items each split returns (the engine's pushed limit), or {@link ReadRequest#NO_LIMIT}. */
  public long limit() { return expressions.limit(); }
  public boolean hasLimit() { return expressions.limit() != ReadRequest.NO_LIMIT; }
  /**
   * Whether every request sends {@code Select=COUNT} and each split returns only its number of items: the
   * engine's count is the sum over the splits. Billed like the same read returning the items.
   */
  public boolean countOnly() { return expressions.count(); }
  /** The limit the engine asked for, pushed or not. */
  public long requestedLimit() { return requestedLimit; }
  /** Whether the engine asked for a count, pushed or not. */
  public boolean countRequested() { return countRequested; }
  /** Why an asked limit or count was not pushed, or null. */
  public String refusal() { return refusal; }

  /** One line: request kind, index, key condition, filter, residual, limit and count, without placeholders. */
  public String summary() {
    StringJoiner r = new StringJoiner(" AND ");
    residual.forEach(p -> r.add("(" + p + ")"));
    return (isQuery() ? "Query x" + queries.size() : "Scan") + (indexName != null ? " index " + indexName : "")
        + "; key: " + (keyCondition == null ? "-" : keyCondition) + "; filter: " + (filter == null ? "-" : filter)
        + "; residual: " + (residual.isEmpty() ? "-" : r.toString()) + pushdown();
  }

  /** The limit and count part of {@link #summary()}: empty when the engine asked for neither. */
  public String pushdown() {
    StringBuilder b = new StringBuilder();
    if (hasLimit()) {
      b.append("; limit ").append(limit()).append(" per split");
    } else if (requestedLimit != ReadRequest.NO_LIMIT) {
      b.append("; limit ").append(requestedLimit).append(" not pushed: ").append(refusal);
    }
    if (countOnly()) {
      b.append("; COUNT pushed: Select=COUNT (billed like the full ").append(isQuery() ? "Queries" : "scan")
          .append(")");
    } else if (countRequested) {
      b.append("; COUNT not pushed: ").append(refusal);
    }
    return b.toString();
  }

  /** This plan sending {@code e}, with what the engine asked for and why it was not pushed. */
  ReadPlan with(ReadExpressions e, long asked, boolean countAsked, String why) {
    return new ReadPlan(table, indexName, queries, keyCondition, filter, pushed, residual, e, asked, countAsked, why);
  }

  @Override
  public String toString() {
    return "ReadPlan{table " + table + ": " + summary() + ", projection=" + expressions.projection() + "}";
  }
}
