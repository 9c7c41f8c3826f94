package io.ddbconnector.spark.datasource;

import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.read.ReadSettings;
import io.ddbconnector.spark.SparkSettings;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code dynamodb} data source: {@code spark.read.format("dynamodb").option("tableName", ...).load()},
 * {@code df.write.format("dynamodb").mode("append")...save()} and {@code CREATE TEMPORARY VIEW ... USING
 * dynamodb OPTIONS (...)}. A schema given by the user is taken as is ({@link #supportsExternalMetadata});
 * otherwise it is inferred from a sample of items ({@link SchemaInference}). Either way, option
 * {@code numbersAsStrings} turns its number columns into exact number text ({@link SparkTypes#widenNumbers}).
 */
public final class DynamoDBDataSource implements TableProvider, DataSourceRegister {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDBDataSource.class);

  @Override
  public String shortName() {
    return "dynamodb";
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return inferSchema(options, null);
  }

  /** {@link #inferSchema(CaseInsensitiveStringMap)} of a table already described ({@code table}; null: describe it). */
  public StructType inferSchema(CaseInsensitiveStringMap options, TableInfo table) {
    SparkSettings settings = settings(options.asCaseSensitiveMap());
    if (ExportSource.isExportRead(settings)) {
      return ExportSource.inferSchema(settings, options.asCaseSensitiveMap());
    }
    return Sampler.inferSchema(settings, table != null ? table
        : DynamoDBConnector.describeInput(ReadSettings.from(settings.core()), new ConnectorMetrics()));
  }

  @Override
  public boolean supportsExternalMetadata() {
    return true;
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    SparkTypes.checkSupported(schema);
    SparkSettings settings = SparkSettings.from(SparkSession.active(), properties);
    boolean widen = settings.numbersAsStrings();
    Map<String, String> props = ExportSource.isExportRead(settings)
        ? ExportSource.withExportPath(settings, properties) : properties;
    return new DynamoDBTable(widen ? SparkTypes.widenNumbers(schema) : schema, props);
  }

  static SparkSettings settings(Map<String, String> options) {
    SparkSettings s = SparkSettings.from(SparkSession.active(), options);
    for (String w : s.checkKeys()) {
      LOG.warn(w);
    }
    return s;
  }
}
