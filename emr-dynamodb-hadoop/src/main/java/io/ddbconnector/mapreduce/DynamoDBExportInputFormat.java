package io.ddbconnector.mapreduce;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.hadoop.ExportReading;
import io.ddbconnector.hadoop.ExportSplit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * Reads a DynamoDB point-in-time export with the new {@code mapreduce} API; see
 * {@link io.ddbconnector.mapred.DynamoDBExportInputFormat}.
 */
public class DynamoDBExportInputFormat extends InputFormat<Text, DynamoDBItemWritable> {

  @Override
  public List<InputSplit> getSplits(JobContext context) throws IOException {
    return new ArrayList<>(ExportReading.splits(context.getConfiguration()));
  }

  @Override
  public RecordReader<Text, DynamoDBItemWritable> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new RecordReader<Text, DynamoDBItemWritable>() {
      private ExportReading reading;
      private final Text key = new Text();
      private final DynamoDBItemWritable value = new DynamoDBItemWritable();

      @Override
      public void initialize(InputSplit s, TaskAttemptContext ctx) throws IOException {
        if (!(s instanceof ExportSplit)) {
          throw new IOException("DynamoDBExportInputFormat got a split of type " + s.getClass().getName());
        }
        reading = new ExportReading(ctx.getConfiguration(), (ExportSplit) s);
      }

      @Override
      public boolean nextKeyValue() {
        return reading.next(key, value);
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
        return reading == null ? 0 : reading.progress();
      }

      @Override
      public void close() {
        if (reading != null) {
          reading.close();
        }
      }
    };
  }
}
