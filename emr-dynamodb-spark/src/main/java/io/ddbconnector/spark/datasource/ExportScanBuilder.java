package io.ddbconnector.spark.datasource;

import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.export.TableExport;
import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.table.TableInfo;
import java.util.List;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;

/**
 * A read of a table export: columns are pruned (only the needed attributes become row values); filters are not
 * pushed (the files hold items in no useful order), Spark evaluates them all.
 */
final class ExportScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns {

  private final SparkSettings settings;
  private final TableExport export;
  private final List<String> keyNames;
  private org.apache.spark.sql.types.StructType required;

  ExportScanBuilder(org.apache.spark.sql.types.StructType schema, SparkSettings settings) {
    this.settings = settings;
    this.export = ExportSource.open(settings.core());
    this.keyNames = DynamoDBConnector.describeNamedInput(settings.core()).map(TableInfo::keyNames).orElse(List.of());
    this.required = schema;
  }

  @Override
  public void pruneColumns(org.apache.spark.sql.types.StructType requiredSchema) {
    this.required = requiredSchema;
  }

  @Override
  public Scan build() {
    return new ExportScan(required, settings, export, keyNames);
  }
}
