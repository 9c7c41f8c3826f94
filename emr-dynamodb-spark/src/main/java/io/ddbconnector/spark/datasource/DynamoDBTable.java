package io.ddbconnector.spark.datasource;

import io.ddbconnector.conf.Secrets;
import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.read.ReadSettings;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.streaming.ReportsSinkMetrics;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * One DynamoDB table (or index) as a Spark table: batch reads, appending batch and streaming writes; as a
 * streaming sink it reports its last micro-batch's items written and rejected in the query's progress.
 */
final class DynamoDBTable implements SupportsRead, SupportsWrite, ReportsSinkMetrics {

  private final StructType schema;
  private final Map<String, String> properties;
  private final SinkFigures sinkFigures = new SinkFigures();

  DynamoDBTable(StructType schema, Map<String, String> properties) {
    this.schema = schema;
    this.properties = Collections.unmodifiableMap(new HashMap<>(properties));
  }

  @Override
  public String name() {
    String table = properties.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("tableName"))
        .map(Map.Entry::getValue).findFirst().orElse("?");
    return "dynamodb:" + table;
  }

  @Override
  @SuppressWarnings("deprecation") // still the method DataSource V2 tables implement in Spark 4.0
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(TableCapability.BATCH_READ, TableCapability.BATCH_WRITE, TableCapability.STREAMING_WRITE);
  }

  /** The options the table was opened with, secrets masked ({@link Secrets#isSecret}): Spark may show them. */
  @Override
  public Map<String, String> properties() {
    Map<String, String> shown = new HashMap<>();
    properties.forEach((k, v) -> shown.put(k, Secrets.redact(k, v)));
    return Collections.unmodifiableMap(shown);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    SparkSettings settings = DynamoDBDataSource.settings(merge(options.asCaseSensitiveMap()));
    if (ExportSource.isExportRead(settings)) {
      return new ExportScanBuilder(schema, settings); // a table export: no request to DynamoDB for the items
    }
    return new DynamoDBScanBuilder(schema, settings, DynamoDBConnector.describeInput(
        ReadSettings.from(settings.core()), new ConnectorMetrics()));
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    SparkSettings settings = DynamoDBDataSource.settings(merge(info.options().asCaseSensitiveMap()));
    return new DynamoDBWriteBuilder(info.schema(), settings, sinkFigures);
  }

  /** The last committed micro-batch's figures ({@link SinkFigures}); Spark asks after each one. */
  @Override
  public Map<String, String> metrics() {
    return sinkFigures.metrics();
  }

  private Map<String, String> merge(Map<String, String> options) {
    Map<String, String> all = new HashMap<>(properties);
    all.putAll(options);
    return all;
  }
}
