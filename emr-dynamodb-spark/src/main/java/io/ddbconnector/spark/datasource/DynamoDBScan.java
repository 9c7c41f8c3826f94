package io.ddbconnector.spark.datasource;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.split.KeyQuery;
import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.plan.SplitPlanner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A planned read: a parallel Scan of the table's segments, or one Query per pinned hash-key value. The
 * splits come from {@link DynamoDBConnector} (which also divides the read budget); each becomes one input
 * partition carrying the split and the read's settings.
 */
final class DynamoDBScan implements Scan, Batch {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDBScan.class);

  private final StructType readSchema;
  private final Settings settings;
  private final SparkSettings sparkSettings;
  private final TableKeys keys;
  private final List<KeyQuery> queries;
  private final List<Filter> pushed;
  private final List<String> keyConditions;
  private final List<String> projectedColumns;
  private InputPartition[] partitions;

  DynamoDBScan(StructType readSchema, Settings settings, SparkSettings sparkSettings, TableKeys keys,
      List<KeyQuery> queries, List<Filter> pushed, List<String> keyConditions, List<String> projectedColumns) {
    this.readSchema = readSchema;
    this.settings = settings;
    this.sparkSettings = sparkSettings;
    this.keys = keys;
    this.queries = queries;
    this.pushed = pushed;
    this.keyConditions = keyConditions;
    this.projectedColumns = projectedColumns;
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  /** Shown by {@code explain()}: table, Query or Scan, pruned columns and pushed filters. */
  @Override
  public String description() {
    StringBuilder sb = new StringBuilder("DynamoDB table '").append(keys.table.tableName()).append('\'');
    if (keys.indexName != null) {
      sb.append(" index '").append(keys.indexName).append('\'');
    }
    if (queries.isEmpty()) {
      sb.append(": Scan");
    } else {
      sb.append(": Query x").append(queries.size()).append(" [").append(String.join("; ", keyConditions))
          .append(']');
    }
    sb.append(", columns=").append(projectedColumns == null ? "[whole items]" : projectedColumns);
    sb.append(", pushedFilters=").append(pushed.stream().map(Filter::toString)
        .collect(Collectors.joining(", ", "[", "]")));
    String filter = settings.get(ConnectorOptions.FILTER);
    if (filter != null) {
      sb.append(", FilterExpression=").append(filter);
    }
    String projection = settings.get(ConnectorOptions.PROJECTION);
    if (projection != null) {
      sb.append(", ProjectionExpression=").append(projection);
    }
    String names = settings.get(ConnectorOptions.EXPRESSION_NAMES);
    if (names != null) {
      sb.append(", names={").append(names).append('}');
    }
    return sb.toString();
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  /** True when the read runs Queries instead of a Scan. */
  boolean isQuery() {
    return !queries.isEmpty();
  }

  Settings settings() {
    return settings;
  }

  @Override
  public synchronized InputPartition[] planInputPartitions() {
    if (partitions == null) {
      SplitPlanner.Plan plan = queries.isEmpty()
          ? DynamoDBConnector.planSplits(settings, SparkSession.active().sparkContext().defaultParallelism())
          : DynamoDBConnector.planQuerySplits(settings, queries);
      LOG.info("{} -> {}", description(), plan.explanation());
      List<InputPartition> out = new ArrayList<>();
      HashMap<String, String> raw = new HashMap<>(settings.raw());
      for (ScanSplit split : plan.splits()) {
        out.add(new DynamoDBInputPartition(split, raw));
      }
      partitions = out.toArray(new InputPartition[0]);
    }
    return partitions.clone();
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new DynamoDBReaderFactory(readSchema, keys.table.tableName(), keys.table.keyNames(),
        sparkSettings.onTypeMismatch());
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return ReadMetrics.supported();
  }
}
