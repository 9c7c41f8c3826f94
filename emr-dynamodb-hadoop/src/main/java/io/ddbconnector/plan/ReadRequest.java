package io.ddbconnector.plan;

import java.util.List;
import java.util.Set;

/**
 * What an engine asks of a read: the top-level conjuncts of its predicate (already in the core model; those
 * it could not translate are simply absent), the top-level attributes it needs (null: all), and two facts
 * about how it reads values. The read's settings add the consistent-read flag and a user-named index.
 *
 * @param required the attributes of the columns read; empty for none (e.g. {@code count(*)}); null for all
 * @param mismatchAsNull whether the engine reads a value of another type as null (then {@code IS NULL}
 *     cannot be pushed: DynamoDB sees a value)
 * @param maxQueries beyond this many values of {@code IN} on a hash key, scan instead (each Query is a task)
 */
public record ReadRequest(List<Predicate> conjuncts, Set<String> required, boolean mismatchAsNull, int maxQueries,
    boolean consistent, String indexName) {

  public static final int DEFAULT_MAX_QUERIES = 100;

  public ReadRequest {
    conjuncts = List.copyOf(conjuncts);
    required = required == null ? null : Set.copyOf(required);
  }

  public static ReadRequest of(List<Predicate> conjuncts, Set<String> required, boolean mismatchAsNull,
      int maxQueries) {
    return new ReadRequest(conjuncts, required, mismatchAsNull, maxQueries, false, null);
  }

  /** This request with the read settings' consistent-read flag and index name. */
  public ReadRequest reading(boolean consistentRead, String index) {
    return new ReadRequest(conjuncts, required, mismatchAsNull, maxQueries, consistentRead,
        index == null || index.isBlank() ? null : index);
  }
}
