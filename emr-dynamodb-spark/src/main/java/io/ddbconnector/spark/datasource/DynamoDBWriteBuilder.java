package io.ddbconnector.spark.datasource;

import io.ddbconnector.spark.SparkSettings;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.connector.write.streaming.StreamingWrite;
import org.apache.spark.sql.internal.connector.SupportsStreamingUpdateAsAppend;
import org.apache.spark.sql.types.StructType;

/**
 * Builds an appending write: puts (or deletes) in batches, or UpdateItem per row in update mode; for a batch
 * job or a streaming query. A streaming query's {@code outputMode("update")} is accepted as appending
 * ({@link SupportsStreamingUpdateAsAppend}): each updated row is written by its key — a put of the whole row,
 * or with {@code mode=update} an UpdateItem of its columns.
 */
final class DynamoDBWriteBuilder implements WriteBuilder, SupportsStreamingUpdateAsAppend {

  private final StructType schema;
  private final SparkSettings settings;
  /** Where a streaming write leaves each committed epoch's figures for the query's progress. */
  private final SinkFigures figures;

  DynamoDBWriteBuilder(StructType schema, SparkSettings settings, SinkFigures figures) {
    this.schema = schema;
    this.settings = settings;
    this.figures = figures;
  }

  @Override
  public Write build() {
    SparkTypes.checkSupported(schema);
    return new Write() {
      private DynamoDBBatchWrite batch;

      @Override
      public String description() {
        io.ddbconnector.write.WriteCondition condition =
            io.ddbconnector.write.WriteSettings.from(settings.core()).condition();
        return "DynamoDB " + (settings.updateMode() ? "UpdateItem" : condition != null ? "PutItem per item"
            : "BatchWriteItem") + " to table '" + settings.outputTableName() + "'"
            + (condition == null ? "" : " if " + condition);
      }

      @Override
      public BatchWrite toBatch() {
        batch = new DynamoDBBatchWrite(schema, settings);
        return batch;
      }

      @Override
      public StreamingWrite toStreaming() {
        return new DynamoDBStreamingWrite(schema, settings, figures);
      }

      @Override
      public CustomMetric[] supportedCustomMetrics() {
        return WriteMetrics.supported();
      }

      /**
       * The committed tasks' exact figures: Spark takes the tasks' metrics before they commit, while items are
       * still queued or on the wire, so those undercount what the tasks wrote and rejected.
       */
      @Override
      public CustomTaskMetric[] reportDriverMetrics() {
        return batch == null ? new CustomTaskMetric[0] : batch.driverMetrics();
      }
    };
  }
}
