package io.ddbconnector.spark.datasource;

import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.plan.ReadPlan;
import io.ddbconnector.plan.SplitPlanner;
import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.table.TableInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A planned read ({@link ReadPlan}): a parallel Scan of the table's segments, or one Query per pinned
 * hash-key value on the table or an index. The splits come from {@link DynamoDBConnector} (which also
 * divides the read budget); each becomes one input partition carrying the split and the read's settings.
 */
final class DynamoDBScan implements Scan, Batch {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDBScan.class);

  private final StructType readSchema;
  private final SparkSettings settings;
  private final TableInfo table;
  private final ReadPlan plan;
  private final List<String> pushed;
  private InputPartition[] partitions;

  DynamoDBScan(StructType readSchema, SparkSettings settings, TableInfo table, ReadPlan plan, List<String> pushed) {
    this.readSchema = readSchema;
    this.settings = settings;
    this.table = table;
    this.plan = plan;
    this.pushed = List.copyOf(pushed);
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  /** Shown by {@code explain()}: table, index, Query or Scan, columns, pushed filters and the residual. */
  @Override
  public String description() {
    List<String> columns = new ArrayList<>();
    for (StructField f : readSchema.fields()) {
      columns.add(f.name());
    }
    return "DynamoDB table '" + table.tableName() + "'" + (plan.indexName() != null ? " index '" + plan.indexName()
        + "'" : "") + ": " + (plan.isQuery() ? "Query x" + plan.queries().size() + " [" + plan.keyCondition() + "]"
        : "Scan") + ", columns=" + (plan.expressions().projection() == null ? "[whole items]" : columns)
        + ", pushedFilters=" + pushed + (plan.filter() == null ? "" : ", FilterExpression=" + plan.filter())
        + ", residual=" + plan.residual();
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  ReadPlan plan() {
    return plan;
  }

  @Override
  public synchronized InputPartition[] planInputPartitions() {
    if (partitions == null) {
      SplitPlanner.Plan splits = DynamoDBConnector.create(settings.core()).splits(table, plan,
          SparkSession.active().sparkContext().defaultParallelism());
      LOG.info("{} -> {}", description(), splits.explanation());
      List<InputPartition> out = new ArrayList<>();
      HashMap<String, String> raw = new HashMap<>(settings.core().raw());
      for (ScanSplit split : splits.splits()) {
        out.add(new DynamoDBInputPartition(split, raw));
      }
      partitions = out.toArray(new InputPartition[0]);
    }
    return partitions.clone();
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new DynamoDBReaderFactory(readSchema, table.tableName(), table.keyNames(), settings.onTypeMismatch());
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return ReadMetrics.supported();
  }
}
