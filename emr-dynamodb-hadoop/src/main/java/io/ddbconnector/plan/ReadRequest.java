package io.ddbconnector.plan;

import java.util.List;
import java.util.Set;

/**
 * What an engine asks of a read: the top-level conjuncts of its predicate (already in the core model; those
 * it could not translate are simply absent), the top-level attributes it needs (null: all), and two facts
 * about how it reads values. The read's settings add the consistent-read flag and a user-named index. An
 * engine may also ask for at most {@code limit} rows, or for the number of rows only ({@code countOnly});
 * the planner grants either only when DynamoDB alone decides which items are rows ({@link ReadPlan#limit()},
 * {@link ReadPlan#countOnly()}).
 *
 * @param required the attributes of the columns read; empty for none (e.g. {@code count(*)}); null for all
 * @param mismatchAsNull whether the engine reads a value of another type as null (then {@code IS NULL}
 *     cannot be pushed: DynamoDB sees a value)
 * @param maxQueries beyond this many values of {@code IN} on a hash key, scan instead (each Query is a task)
 * @param limit the most rows the engine needs from each split, or {@link #NO_LIMIT}
 * @param countOnly the engine wants the number of rows (its {@code count(*)}), not the rows; only with
 *     every conjunct given here and no column read
 */
public record ReadRequest(List<Predicate> conjuncts, Set<String> required, boolean mismatchAsNull, int maxQueries,
    boolean consistent, String indexName, long limit, boolean countOnly) {

  public static final int DEFAULT_MAX_QUERIES = 100;
  public static final long NO_LIMIT = -1;

  public ReadRequest {
    conjuncts = List.copyOf(conjuncts);
    required = required == null ? null : Set.copyOf(required);
    if (limit < NO_LIMIT) {
      throw new IllegalArgumentException("a read's row limit must be >= 0 (or -1 for none), not " + limit);
    }
  }

  public ReadRequest(List<Predicate> conjuncts, Set<String> required, boolean mismatchAsNull, int maxQueries,
      boolean consistent, String indexName) {
    this(conjuncts, required, mismatchAsNull, maxQueries, consistent, indexName, NO_LIMIT, false);
  }

  public static ReadRequest of(List<Predicate> conjuncts, Set<String> required, boolean mismatchAsNull,
      int maxQueries) {
    return new ReadRequest(conjuncts, required, mismatchAsNull, maxQueries, false, null);
  }

  /** This request with the read settings' consistent-read flag and index name. */
  public ReadRequest reading(boolean consistentRead, String index) {
    return new ReadRequest(conjuncts, required, mismatchAsNull, maxQueries, consistentRead,
        index == null || index.isBlank() ? null : index, limit, countOnly);
  }

  /** This request asking for at most {@code rows} rows per split ({@link #NO_LIMIT}: all). */
  public ReadRequest withLimit(long rows) {
    return new ReadRequest(conjuncts, required, mismatchAsNull, maxQueries, consistent, indexName, rows, countOnly);
  }

  /** This request asking for the number of rows only (or, false, for the rows). */
  public ReadRequest countingOnly(boolean count) {
    return new ReadRequest(conjuncts, required, mismatchAsNull, maxQueries, consistent, indexName, limit, count);
  }

  public boolean hasLimit() {
    return limit != NO_LIMIT;
  }
}
