package org.apache.hadoop.dynamodb.read;

import java.io.IOException;
import org.apache.hadoop.dynamodb.DynamoDBItemWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.InputFormat;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;

/**
 * Reads {@code dynamodb.input.tableName} with the old {@code mapred} API under the EMR connector's class name:
 * keys are {@link Text}, values {@link DynamoDBItemWritable} (the EMR connector's class name, so mappers typed on
 * it run unchanged). Splits, rates and retries are this connector's ({@link io.ddbconnector.mapred.DynamoDBInputFormat}
 * does the work; this class only hands out values of the EMR connector's class). The key is the item's primary
 * key as DynamoDB JSON, where the EMR connector's was empty.
 */
public class DynamoDBInputFormat implements InputFormat<Text, DynamoDBItemWritable> {

  private final io.ddbconnector.mapred.DynamoDBInputFormat delegate = new io.ddbconnector.mapred.DynamoDBInputFormat();

  @Override
  public InputSplit[] getSplits(JobConf job, int numSplits) throws IOException {
    return delegate.getSplits(job, numSplits);
  }

  @Override
  public RecordReader<Text, DynamoDBItemWritable> getRecordReader(InputSplit split, JobConf job, Reporter reporter)
      throws IOException {
    RecordReader<Text, io.ddbconnector.hadoop.DynamoDBItemWritable> r = delegate.getRecordReader(split, job, reporter);
    return new RecordReader<Text, DynamoDBItemWritable>() {
      @Override
      public boolean next(Text key, DynamoDBItemWritable value) throws IOException {
        return r.next(key, value);
      }

      @Override
      public Text createKey() {
        return r.createKey();
      }

      @Override
      public DynamoDBItemWritable createValue() {
        return new DynamoDBItemWritable();
      }

      @Override
      public long getPos() throws IOException {
        return r.getPos();
      }

      @Override
      public void close() throws IOException {
        r.close();
      }

      @Override
      public float getProgress() throws IOException {
        return r.getProgress();
      }
    };
  }
}
