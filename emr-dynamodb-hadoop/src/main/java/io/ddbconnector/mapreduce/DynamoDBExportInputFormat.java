package io.ddbconnector.mapreduce;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.hadoop.ExportReading;
import io.ddbconnector.hadoop.ExportSplit;
import io.ddbconnector.hadoop.ItemRecordReaders;
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
    return ItemRecordReaders.mapreduce((s, ctx) -> {
      if (!(s instanceof ExportSplit)) {
        throw new IOException("DynamoDBExportInputFormat got a split of type " + s.getClass().getName());
      }
      return new ExportReading(ctx.getConfiguration(), (ExportSplit) s);
    });
  }
}
