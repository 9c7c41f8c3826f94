package io.ddbconnector.mapred;

import io.ddbconnector.hadoop.CounterSink;
import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.hadoop.HadoopWriteLedger;
import io.ddbconnector.hadoop.ItemWriting;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.write.WriteSettings;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.OutputFormat;
import org.apache.hadoop.mapred.RecordWriter;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.util.Progressable;

/**
 * Writes items to {@code dynamodb.output.tableName} with the old {@code mapred} API (also what
 * {@code saveAsHadoopDataset} uses). Keys are ignored. The table must exist: checked when the job is
 * submitted.
 */
public class DynamoDBOutputFormat<K> implements OutputFormat<K, DynamoDBItemWritable> {

  @Override
  public RecordWriter<K, DynamoDBItemWritable> getRecordWriter(FileSystem ignored, JobConf job, String name,
      Progressable progress) {
    Reporter r = progress instanceof Reporter ? (Reporter) progress : Reporter.NULL;
    String group = HadoopSettings.jobGroup(job);
    ItemWriting writing = new ItemWriting(HadoopSettings.from(job), group, HadoopSettings.writingTasks(job),
        new CounterSink((c, v) -> r.incrCounter(c, v)), HadoopSettings.engineAttempts(job),
        HadoopWriteLedger.forTask(job, group));
    return new RecordWriter<K, DynamoDBItemWritable>() {
      @Override
      public void write(K key, DynamoDBItemWritable value) {
        writing.write(value);
      }

      @Override
      public void close(Reporter reporter) {
        writing.close();
      }
    };
  }

  @Override
  public void checkOutputSpecs(FileSystem ignored, JobConf job) {
    HadoopSettings.markSecretsSensitive(job);
    Settings settings = HadoopSettings.from(job);
    DynamoDBConnector.checkKeys(settings);
    DynamoDBConnector.describeOutput(WriteSettings.from(settings), new ConnectorMetrics());
    HadoopSettings.stampJobGroup(job);
    if (job.get("mapred.output.committer.class") == null) {
      job.setOutputCommitter(DynamoDBOutputCommitter.class);
    }
  }
}
