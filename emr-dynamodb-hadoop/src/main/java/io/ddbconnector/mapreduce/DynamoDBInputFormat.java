package io.ddbconnector.mapreduce;

import io.ddbconnector.hadoop.CounterSink;
import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.hadoop.DynamoDBSplit;
import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.hadoop.ItemRecordReaders;
import io.ddbconnector.hadoop.SplitReading;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.split.ScanSplit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/** Reads a DynamoDB table ({@code dynamodb.input.tableName}) with the new {@code mapreduce} API. */
public class DynamoDBInputFormat extends InputFormat<Text, DynamoDBItemWritable> {

  @Override
  public List<InputSplit> getSplits(JobContext context) {
    HadoopSettings.markSecretsSensitive(context.getConfiguration());
    int hint = context.getConfiguration().getInt("mapreduce.job.maps", 1);
    List<InputSplit> out = new ArrayList<>();
    for (ScanSplit s : DynamoDBConnector.splits(HadoopSettings.from(context.getConfiguration()), hint)) {
      out.add(new DynamoDBSplit(s, DynamoDBSplit.defaultPath(s.tableName())));
    }
    return out;
  }

  @Override
  public RecordReader<Text, DynamoDBItemWritable> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return ItemRecordReaders.mapreduce((s, ctx) -> {
      if (!(s instanceof DynamoDBSplit)) {
        throw new IOException("DynamoDBInputFormat got a split of type " + s.getClass().getName());
      }
      return new SplitReading(HadoopSettings.from(ctx.getConfiguration()), ((DynamoDBSplit) s).scanSplit(),
          new CounterSink((c, v) -> ctx.getCounter(c).increment(v)),
          HadoopSettings.engineAttempts(ctx.getConfiguration()));
    });
  }
}
