package io.ddbconnector.spark.datasource;

import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.plan.Predicate;
import io.ddbconnector.plan.ReadPlan;
import io.ddbconnector.plan.ReadRequest;
import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.spark.SparkSettings.MismatchPolicy;
import io.ddbconnector.table.TableInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Collects what Spark pushes (predicates, then the columns it needs), translates it into the core's model
 * and lets the core plan the read ({@link DynamoDBConnector#planRead}). Every predicate is also returned to
 * Spark as a post-scan filter, so results never depend on the pushdown.
 */
final class DynamoDBScanBuilder implements ScanBuilder, SupportsPushDownV2Filters, SupportsPushDownRequiredColumns {

  private final StructType schema;
  private final SparkSettings settings;
  private final TableInfo table;
  private final Map<Predicate, org.apache.spark.sql.connector.expressions.filter.Predicate> translated =
      new LinkedHashMap<>();
  private StructType required;

  DynamoDBScanBuilder(StructType schema, SparkSettings settings, TableInfo table) {
    this.schema = schema;
    this.settings = settings;
    this.table = table;
    this.required = schema;
  }

  @Override
  public org.apache.spark.sql.connector.expressions.filter.Predicate[] pushPredicates(
      org.apache.spark.sql.connector.expressions.filter.Predicate[] predicates) {
    if (settings.pushdown()) {
      SparkPredicates t = new SparkPredicates(schema);
      for (org.apache.spark.sql.connector.expressions.filter.Predicate p : predicates) {
        t.conjuncts(p, translated);
      }
    }
    return predicates; // Spark evaluates them all again
  }

  /** What the plan uses (known before the columns are pruned: an index choice may still change). */
  @Override
  public org.apache.spark.sql.connector.expressions.filter.Predicate[] pushedPredicates() {
    return pushed(plan()).toArray(new org.apache.spark.sql.connector.expressions.filter.Predicate[0]);
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    this.required = requiredSchema;
  }

  @Override
  public Scan build() {
    ReadPlan plan = plan();
    List<String> pushed = new ArrayList<>();
    pushed(plan).forEach(p -> pushed.add(p.toString()));
    return new DynamoDBScan(required, settings, table, plan, pushed);
  }

  private ReadPlan plan() {
    Set<String> attributes = new LinkedHashSet<>();
    for (StructField f : required.fields()) {
      attributes.add(f.name());
    }
    ReadRequest rq = ReadRequest.of(new ArrayList<>(translated.keySet()), attributes,
        settings.onTypeMismatch() == MismatchPolicy.NULL, settings.maxKeyQueries());
    return DynamoDBConnector.planRead(table, settings.core(), rq);
  }

  private List<org.apache.spark.sql.connector.expressions.filter.Predicate> pushed(ReadPlan plan) {
    Set<org.apache.spark.sql.connector.expressions.filter.Predicate> out = new LinkedHashSet<>();
    plan.pushed().forEach(p -> out.add(translated.get(p)));
    return new ArrayList<>(out);
  }
}
