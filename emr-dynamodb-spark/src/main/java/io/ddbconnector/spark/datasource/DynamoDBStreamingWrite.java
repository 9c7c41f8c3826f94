package io.ddbconnector.spark.datasource;

import io.ddbconnector.spark.SparkSettings;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.connector.write.streaming.StreamingDataWriterFactory;
import org.apache.spark.sql.connector.write.streaming.StreamingWrite;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver side of a Structured Streaming write ({@code df.writeStream.format("dynamodb")}): every
 * micro-batch (epoch) goes through the same writer, rate contract, retries and failure reports as a batch
 * write ({@link DynamoDBBatchWrite}, to which it delegates). One coordination group serves the whole run of
 * the query, so the write budget is shared among the tasks of every epoch under one identity instead of
 * being re-divided for each short micro-batch.
 *
 * <p>Exactly-once end state for keyed writes: a micro-batch that Spark replays after a failure (the same
 * epoch from the checkpoint) puts the same items again, and a put replaces the whole item, so the table
 * ends as if the epoch had run once. What this does not make exactly-once: {@code mode=delete} followed by
 * a replayed put of the same key in a later epoch is fine, but {@code mode=update} with a non-idempotent
 * expression is not available (updates SET given values, which is idempotent); rows of one epoch with the
 * same key are applied in no defined order across partitions. Under a write condition a replayed epoch
 * meets the items its failed run wrote and counts them as rejected; each committed epoch's figures go to
 * the table's {@link SinkFigures} for the query's progress.
 */
final class DynamoDBStreamingWrite implements StreamingWrite {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDBStreamingWrite.class);

  private final DynamoDBBatchWrite delegate;
  private final SparkSettings settings;
  private final SinkFigures figures;

  DynamoDBStreamingWrite(StructType schema, SparkSettings settings, SinkFigures figures) {
    this.delegate = new DynamoDBBatchWrite(schema, settings);
    this.settings = settings;
    this.figures = figures;
  }

  @Override
  public StreamingDataWriterFactory createStreamingWriterFactory(PhysicalWriteInfo info) {
    DynamoDBWriterFactory factory = (DynamoDBWriterFactory) delegate.createBatchWriterFactory(info);
    LOG.info("Streaming writes to DynamoDB table '{}' ({}) share one write budget for this run of the query",
        settings.outputTableName(), settings.updateMode() ? "UpdateItem" : "BatchWriteItem");
    return factory;
  }

  @Override
  public boolean useCommitCoordinator() {
    return false;
  }

  @Override
  public void commit(long epochId, WriterCommitMessage[] messages) {
    delegate.commit(messages, "epoch " + epochId);
    figures.committed(epochId, DynamoDBBatchWrite.total(messages), DynamoDBBatchWrite.rejected(messages));
  }

  @Override
  public void abort(long epochId, WriterCommitMessage[] messages) {
    delegate.abort(messages, "epoch " + epochId);
  }
}
