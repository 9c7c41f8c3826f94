package io.ddbconnector.hadoop;

import org.apache.hadoop.io.Text;

/**
 * The records of one split as both Hadoop APIs' record readers take them ({@link ItemRecordReaders}): a live
 * read of the table ({@link SplitReading}) or of an export's data file ({@link ExportReading}).
 */
public interface ItemRecords extends AutoCloseable {

  /** Fills {@code key} (may be null) and {@code value} with the next record; false at the end. */
  boolean next(Text key, DynamoDBItemWritable value);

  /** Records delivered so far. */
  long position();

  /** Share of the split read, 0 to 1. */
  float progress();

  @Override
  void close();
}
