package io.ddbconnector.mapreduce;

import io.ddbconnector.hadoop.CounterSink;
import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.hadoop.HadoopWriteLedger;
import io.ddbconnector.hadoop.ItemWriting;
import io.ddbconnector.hadoop.WriteReportCommitter;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.write.WriteSettings;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.OutputFormat;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * Writes items to {@code dynamodb.output.tableName} with the new {@code mapreduce} API. Writes go to the
 * table directly (there is nothing to commit), so a failed and retried task attempt rewrites its items:
 * puts are idempotent.
 */
public class DynamoDBOutputFormat<K> extends OutputFormat<K, DynamoDBItemWritable> {

  @Override
  public RecordWriter<K, DynamoDBItemWritable> getRecordWriter(TaskAttemptContext context) {
    String group = group(context);
    ItemWriting writing = new ItemWriting(HadoopSettings.from(context.getConfiguration()), group,
        HadoopSettings.writingTasks(context.getConfiguration()),
        new CounterSink((c, v) -> context.getCounter(c).increment(v)),
        HadoopSettings.engineAttempts(context.getConfiguration()),
        HadoopWriteLedger.forTask(context.getConfiguration(), group));
    return new RecordWriter<K, DynamoDBItemWritable>() {
      @Override
      public void write(K key, DynamoDBItemWritable value) {
        writing.write(value);
      }

      @Override
      public void close(TaskAttemptContext ctx) {
        writing.close();
      }
    };
  }

  @Override
  public void checkOutputSpecs(JobContext context) {
    HadoopSettings.markSecretsSensitive(context.getConfiguration());
    Settings settings = HadoopSettings.from(context.getConfiguration());
    DynamoDBConnector.checkKeys(settings);
    DynamoDBConnector.describeOutput(WriteSettings.from(settings), new ConnectorMetrics());
  }

  private static String group(JobContext context) {
    String g = HadoopSettings.jobGroup(context.getConfiguration());
    return g != null ? g : "job-" + context.getJobID();
  }

  /** The connector's committer ({@link WriteReportCommitter}), with this API's write-report group. */
  @Override
  public OutputCommitter getOutputCommitter(TaskAttemptContext context) {
    return new WriteReportCommitter(DynamoDBOutputFormat::group);
  }
}
