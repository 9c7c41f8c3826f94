package io.ddbconnector.spark.catalog;

import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.streaming.ReportsSinkMetrics;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A catalog table: the {@code dynamodb} data source's table for reading and writing, under the catalog's name and
 * with the table's description as its properties ({@link TableDescription}).
 */
final class CatalogTable implements SupportsRead, SupportsWrite, ReportsSinkMetrics {

  private final String name;
  private final Table table;
  private final StructType schema;
  private final Map<String, String> properties;

  /** {@code schema}: the table's, as shown (with comments); the data source's table reads and writes by its own. */
  CatalogTable(String name, Table table, StructType schema, Map<String, String> properties) {
    this.name = name;
    this.table = table;
    this.schema = schema;
    this.properties = properties;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  @SuppressWarnings("deprecation") // still the method DataSource V2 tables implement in Spark 4.0
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return table.capabilities();
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    return ((SupportsRead) table).newScanBuilder(options);
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    return ((SupportsWrite) table).newWriteBuilder(info);
  }

  /** A streaming query's progress: the data source table's figures of its last micro-batch. */
  @Override
  public Map<String, String> metrics() {
    return table instanceof ReportsSinkMetrics r ? r.metrics() : Map.of();
  }
}
