package io.ddbconnector.spark.datasource;

import io.ddbconnector.spark.SparkSettings;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;

/** Builds an appending write: puts (or deletes) in batches, or UpdateItem per row in update mode. */
final class DynamoDBWriteBuilder implements WriteBuilder {

  private final StructType schema;
  private final SparkSettings settings;

  DynamoDBWriteBuilder(StructType schema, SparkSettings settings) {
    this.schema = schema;
    this.settings = settings;
  }

  @Override
  public Write build() {
    SparkTypes.checkSupported(schema);
    return new Write() {
      @Override
      public String description() {
        return "DynamoDB " + (settings.updateMode() ? "UpdateItem" : "BatchWriteItem") + " to table '"
            + settings.outputTableName() + "'";
      }

      @Override
      public BatchWrite toBatch() {
        return new DynamoDBBatchWrite(schema, settings);
      }

      @Override
      public CustomMetric[] supportedCustomMetrics() {
        return WriteMetrics.supported();
      }
    };
  }
}
