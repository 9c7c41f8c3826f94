package io.ddbconnector.spark.datasource;

import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.plan.Predicate;
import io.ddbconnector.plan.ReadPlan;
import io.ddbconnector.plan.ReadRequest;
import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.spark.SparkSettings.MismatchPolicy;
import io.ddbconnector.table.TableInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Collects what Spark pushes (predicates, a {@code count(*)}, a limit, then the columns it needs),
 * translates it into the core's model and lets the core plan the read ({@link DynamoDBConnector#planRead}).
 *
 * <p>A predicate whose every conjunct the core pushes exactly (DynamoDB keeps exactly the rows Spark would),
 * in the plan for all the columns and in the plan for none (the columns are not known yet; with fewer, an
 * index may serve, whose Query cannot filter on the table's keys), is not handed back to Spark; every other
 * one is, so results never depend on the pushdown. Only with no
 * predicate handed back does Spark offer a limit or an aggregate, and the core takes them only when its
 * plan says DynamoDB alone decides the rows: a limit goes to every split (Spark keeps its own limit on top),
 * a {@code count(*)} becomes {@code Select=COUNT} scans returning one partial count per split, which Spark
 * sums. Should the plan for the pruned columns still push less than was promised, the scan keeps the plan
 * for all the columns, on which the promises were made.
 */
final class DynamoDBScanBuilder implements ScanBuilder, SupportsPushDownV2Filters, SupportsPushDownRequiredColumns,
    SupportsPushDownLimit, SupportsPushDownAggregates {

  private final StructType schema;
  private final SparkSettings settings;
  private final TableInfo table;
  private final Map<Predicate, org.apache.spark.sql.connector.expressions.filter.Predicate> translated =
      new LinkedHashMap<>();
  /** The core conjuncts Spark was told DynamoDB applies: the scan's plan must push them exactly. */
  private final Set<Predicate> handed = new HashSet<>();
  /** Whether Spark still filters after the scan (then neither a limit nor a count may be pushed). */
  private boolean sparkFilters;
  private StructType required;
  private long limit = ReadRequest.NO_LIMIT;
  /** The aggregate's output columns when a count was pushed, else null. */
  private StructType countSchema;

  DynamoDBScanBuilder(StructType schema, SparkSettings settings, TableInfo table) {
    this.schema = schema;
    this.settings = settings;
    this.table = table;
    this.required = schema;
  }

  @Override
  public org.apache.spark.sql.connector.expressions.filter.Predicate[] pushPredicates(
      org.apache.spark.sql.connector.expressions.filter.Predicate[] predicates) {
    if (!settings.pushdown()) {
      sparkFilters = predicates.length > 0;
      return predicates;
    }
    SparkPredicates t = new SparkPredicates(schema);
    for (org.apache.spark.sql.connector.expressions.filter.Predicate p : predicates) {
      t.conjuncts(p, translated);
    }
    // the columns are not known yet: exact for every column and for none (where an index covers most easily)
    ReadPlan all = plan(schema, ReadRequest.NO_LIMIT, false);
    ReadPlan none = plan(new StructType(), ReadRequest.NO_LIMIT, false);
    List<org.apache.spark.sql.connector.expressions.filter.Predicate> back = new ArrayList<>();
    for (org.apache.spark.sql.connector.expressions.filter.Predicate p : predicates) {
      List<Predicate> parts = new ArrayList<>();
      if (exactlyPushed(p, t, all, parts) && exactlyPushed(p, t, none, new ArrayList<>())) {
        handed.addAll(parts);
      } else {
        back.add(p);
      }
    }
    sparkFilters = !back.isEmpty();
    return back.toArray(new org.apache.spark.sql.connector.expressions.filter.Predicate[0]);
  }

  /** Whether every top-level conjunct of {@code p} translated and is pushed exactly; collects them. */
  private static boolean exactlyPushed(org.apache.spark.sql.connector.expressions.filter.Predicate p,
      SparkPredicates t, ReadPlan plan, List<Predicate> parts) {
    if (p.name().equals("AND")) {
      for (Expression c : p.children()) {
        if (!(c instanceof org.apache.spark.sql.connector.expressions.filter.Predicate child)
            || !exactlyPushed(child, t, plan, parts)) {
          return false;
        }
      }
      return true;
    }
    Predicate core = t.translate(p);
    parts.add(core);
    return core != null && exact(plan, core);
  }

  private static boolean exact(ReadPlan plan, Predicate p) {
    return plan.pushed().contains(p) && !plan.residual().contains(p);
  }

  /** What the plan uses (known before the columns are pruned: an index choice may still change). */
  @Override
  public org.apache.spark.sql.connector.expressions.filter.Predicate[] pushedPredicates() {
    return pushed(plan(required, limit, countSchema != null))
        .toArray(new org.apache.spark.sql.connector.expressions.filter.Predicate[0]);
  }

  @Override
  public boolean pushLimit(int rows) {
    if (!settings.pushdown() || sparkFilters || countSchema != null) {
      return false; // Spark offers no limit over its own filter; refused all the same
    }
    if (plan(required, rows, false).hasLimit()) {
      limit = rows;
      return true;
    }
    return false;
  }

  /** Spark applies its own limit over the partitions' rows: the limit holds per split, not overall. */
  @Override
  public boolean isPartiallyPushed() {
    return true;
  }

  /** {@code count(*)} without GROUP BY, when the core can count with {@code Select=COUNT}. */
  @Override
  public boolean pushAggregation(Aggregation aggregation) {
    if (!settings.pushdown() || sparkFilters || aggregation.groupByExpressions().length > 0
        || aggregation.aggregateExpressions().length == 0) {
      return false;
    }
    StructType out = new StructType();
    for (AggregateFunc f : aggregation.aggregateExpressions()) {
      if (!(f instanceof CountStar)) {
        return false; // COUNT(col) would need to know which values Spark reads as null: not pushed
      }
      out = out.add(f.toString() + "#" + out.size(), DataTypes.LongType, false);
    }
    if (!plan(required, ReadRequest.NO_LIMIT, true).countOnly()) {
      return false;
    }
    countSchema = out;
    return true;
  }

  /** Each split returns a partial count: only one split could give the whole answer. */
  @Override
  public boolean supportCompletePushDown(Aggregation aggregation) {
    return false;
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    this.required = requiredSchema;
  }

  @Override
  public Scan build() {
    boolean count = countSchema != null;
    ReadPlan plan = plan(required, limit, count);
    if (!keepsPromises(plan, count)) {
      plan = plan(schema, limit, count); // the plan the promises were made on
    }
    List<String> pushed = new ArrayList<>();
    pushed(plan).forEach(p -> pushed.add(p.toString()));
    return new DynamoDBScan(count ? countSchema : required, settings, table, plan, pushed, schema.size());
  }

  /** Whether a plan applies what Spark was told DynamoDB applies, and pushes the limit or count taken. */
  private boolean keepsPromises(ReadPlan plan, boolean count) {
    for (Predicate p : handed) {
      if (!exact(plan, p)) {
        return false;
      }
    }
    return (limit == ReadRequest.NO_LIMIT || plan.hasLimit()) && (!count || plan.countOnly());
  }

  private ReadPlan plan(StructType columns, long rows, boolean count) {
    Set<String> attributes = new LinkedHashSet<>();
    if (!count) {
      for (StructField f : columns.fields()) {
        attributes.add(f.name());
      }
    }
    ReadRequest rq = ReadRequest.of(new ArrayList<>(translated.keySet()), attributes,
        settings.onTypeMismatch() == MismatchPolicy.NULL, settings.maxKeyQueries()).withLimit(rows)
        .countingOnly(count);
    return DynamoDBConnector.planRead(table, settings.core(), rq);
  }

  private List<org.apache.spark.sql.connector.expressions.filter.Predicate> pushed(ReadPlan plan) {
    Set<org.apache.spark.sql.connector.expressions.filter.Predicate> out = new LinkedHashSet<>();
    plan.pushed().forEach(p -> out.add(translated.get(p)));
    return new ArrayList<>(out);
  }
}
