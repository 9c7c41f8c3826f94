package io.ddbconnector.mapred;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.hadoop.ExportReading;
import io.ddbconnector.hadoop.ExportSplit;
import io.ddbconnector.hadoop.ItemRecordReaders;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.InputFormat;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;

/**
 * Reads a DynamoDB point-in-time export ({@code dynamodb.export.path}, or one requested first with
 * {@code dynamodb.export.request.s3Bucket}) with the old {@code mapred} API, the one {@code sc.hadoopRDD} uses:
 * the same {@code Text}/{@link DynamoDBItemWritable} records as {@link DynamoDBInputFormat}, without any read of the
 * table (zero read capacity). One split per data file. Keys are the items' primary keys as DynamoDB JSON when
 * {@code dynamodb.input.tableName} is also set (one {@code DescribeTable}), else empty: the export does not record
 * the key schema.
 */
public class DynamoDBExportInputFormat implements InputFormat<Text, DynamoDBItemWritable> {

  @Override
  public InputSplit[] getSplits(JobConf job, int numSplits) throws IOException {
    return ExportReading.splits(job).toArray(new InputSplit[0]);
  }

  @Override
  public RecordReader<Text, DynamoDBItemWritable> getRecordReader(InputSplit split, JobConf job, Reporter reporter)
      throws IOException {
    if (!(split instanceof ExportSplit)) {
      throw new IOException("DynamoDBExportInputFormat got a split of type " + split.getClass().getName()
          + "; expected " + ExportSplit.class.getName());
    }
    return ItemRecordReaders.mapred(new ExportReading(job, (ExportSplit) split));
  }
}
