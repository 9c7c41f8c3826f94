package io.ddbconnector.hadoop;

import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/** {@link ItemRecords} as the record readers of the {@code mapred} and {@code mapreduce} APIs. */
public final class ItemRecordReaders {

  private ItemRecordReaders() {}

  /** Opens the records of a split once the new API hands the reader its split and context. */
  @FunctionalInterface
  public interface Opener {
    ItemRecords open(InputSplit split, TaskAttemptContext context) throws IOException;
  }

  /** The old API's reader over {@code records}. */
  public static org.apache.hadoop.mapred.RecordReader<Text, DynamoDBItemWritable> mapred(ItemRecords records) {
    return new org.apache.hadoop.mapred.RecordReader<Text, DynamoDBItemWritable>() {
      @Override
      public boolean next(Text key, DynamoDBItemWritable value) {
        return records.next(key, value);
      }

      @Override
      public Text createKey() {
        return new Text();
      }

      @Override
      public DynamoDBItemWritable createValue() {
        return new DynamoDBItemWritable();
      }

      @Override
      public long getPos() {
        return records.position();
      }

      @Override
      public void close() {
        records.close();
      }

      @Override
      public float getProgress() {
        return records.progress();
      }
    };
  }

  /** The new API's reader, whose records {@code opener} opens in {@code initialize}. */
  public static org.apache.hadoop.mapreduce.RecordReader<Text, DynamoDBItemWritable> mapreduce(Opener opener) {
    return new org.apache.hadoop.mapreduce.RecordReader<Text, DynamoDBItemWritable>() {
      private ItemRecords records;
      private final Text key = new Text();
      private final DynamoDBItemWritable value = new DynamoDBItemWritable();

      @Override
      public void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
        records = opener.open(split, context);
      }

      @Override
      public boolean nextKeyValue() {
        return records.next(key, value);
      }

      @Override
      public Text getCurrentKey() {
        return key;
      }

      @Override
      public DynamoDBItemWritable getCurrentValue() {
        return value;
      }

      @Override
      public float getProgress() {
        return records == null ? 0 : records.progress();
      }

      @Override
      public void close() {
        if (records != null) {
          records.close();
        }
      }
    };
  }
}
