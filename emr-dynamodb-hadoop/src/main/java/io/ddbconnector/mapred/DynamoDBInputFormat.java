package io.ddbconnector.mapred;

import io.ddbconnector.hadoop.CounterSink;
import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.hadoop.DynamoDBSplit;
import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.hadoop.ItemRecordReaders;
import io.ddbconnector.hadoop.SplitReading;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.split.ScanSplit;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.InputFormat;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;

/**
 * Reads a DynamoDB table ({@code dynamodb.input.tableName}) with the old {@code mapred} API, the one
 * {@code sc.hadoopRDD} and Hive use. Keys are the items' primary keys as DynamoDB JSON; values the items.
 */
public class DynamoDBInputFormat implements InputFormat<Text, DynamoDBItemWritable> {

  @Override
  public InputSplit[] getSplits(JobConf job, int numSplits) throws IOException {
    HadoopSettings.markSecretsSensitive(job);
    Settings settings = HadoopSettings.from(job);
    List<ScanSplit> splits = DynamoDBConnector.splits(settings, numSplits);
    Path[] dirs = FileInputFormat.getInputPaths(job);
    InputSplit[] out = new InputSplit[splits.size()];
    for (int i = 0; i < out.length; i++) {
      Path p = dirs.length > 0 ? dirs[0] : DynamoDBSplit.defaultPath(splits.get(i).tableName());
      out[i] = new DynamoDBSplit(splits.get(i), p);
    }
    return out;
  }

  @Override
  public RecordReader<Text, DynamoDBItemWritable> getRecordReader(InputSplit split, JobConf job, Reporter reporter)
      throws IOException {
    if (!(split instanceof DynamoDBSplit)) {
      throw new IOException("DynamoDBInputFormat got a split of type " + split.getClass().getName()
          + "; expected " + DynamoDBSplit.class.getName());
    }
    Reporter r = reporter == null ? Reporter.NULL : reporter;
    SplitReading reading = new SplitReading(HadoopSettings.from(job), ((DynamoDBSplit) split).scanSplit(),
        new CounterSink((c, v) -> r.incrCounter(c, v)), HadoopSettings.engineAttempts(job));
    return ItemRecordReaders.mapred(reading);
  }
}
