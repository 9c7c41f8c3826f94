package io.ddbconnector.hive;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.hadoop.CounterSink;
import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.hadoop.HadoopWriteLedger;
import io.ddbconnector.hadoop.ItemWriting;
import io.ddbconnector.mapred.DynamoDBOutputFormat;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.write.WriteSettings;
import java.io.IOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.ql.exec.FileSinkOperator;
import org.apache.hadoop.hive.ql.io.HiveOutputFormat;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordWriter;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.util.Progressable;

/**
 * Writes the rows of {@code INSERT INTO} through the core writer ({@link ItemWriting}: batched, rate-limited
 * puts with retries). Each row is an item from {@link DynamoDBSerDe}; a put replaces the item with the same
 * key. The path Hive passes is ignored: nothing is written to the file system. A failure names the task
 * attempt and the retries left ({@link HadoopSettings#engineAttempts}); reads get the same from the core's
 * input format, which {@link HiveDynamoDBInputFormat} delegates to.
 */
public class HiveDynamoDBOutputFormat implements HiveOutputFormat<Object, DynamoDBItemWritable> {

  @Override
  public FileSinkOperator.RecordWriter getHiveRecordWriter(JobConf jc, Path finalOutPath,
      Class<? extends Writable> valueClass, boolean isCompressed, Properties tableProperties, Progressable progress)
      throws IOException {
    Reporter r = progress instanceof Reporter ? (Reporter) progress : Reporter.NULL;
    ItemWriting writing;
    try {
      String group = HadoopSettings.jobGroup(jc);
      writing = new ItemWriting(settings(jc, tableProperties), group, HadoopSettings.writingTasks(jc),
          new CounterSink((c, v) -> r.incrCounter(c, v)), HadoopSettings.engineAttempts(jc),
          HadoopWriteLedger.forTask(jc, group));
    } catch (RuntimeException e) {
      throw new IOException(e.getMessage(), e);
    }
    return new FileSinkOperator.RecordWriter() {
      @Override
      public void write(Writable w) throws IOException {
        try {
          writing.write((DynamoDBItemWritable) w);
        } catch (RuntimeException e) {
          throw new IOException(e.getMessage(), e);
        }
      }

      @Override
      public void close(boolean abort) throws IOException {
        if (abort) {
          writing.abort("Hive is aborting the statement's task");
          return;
        }
        try {
          writing.close();
        } catch (RuntimeException e) {
          throw new IOException(e.getMessage(), e);
        }
      }
    };
  }

  /** The job's core settings with the table's own properties over them. */
  static Settings settings(JobConf jc, Properties tableProperties) {
    Map<String, String> raw = new TreeMap<>(HiveTableProperties.settings(jc).raw());
    if (tableProperties != null && tableProperties.getProperty(HiveTableProperties.TABLE_NAME) != null) {
      raw.putAll(HiveTableProperties.coreKeys(tableProperties));
      raw.put(ConnectorOptions.OUTPUT_TABLE_NAME.name(),
          HiveTableProperties.tableName(tableProperties, tableProperties.getProperty("name", "?")));
    }
    return Settings.of(raw);
  }

  @Override
  public RecordWriter<Object, DynamoDBItemWritable> getRecordWriter(FileSystem ignored, JobConf job, String name,
      Progressable progress) throws IOException {
    return new DynamoDBOutputFormat<Object>().getRecordWriter(ignored, job, name, progress);
  }

  /** Fails the job at submission when the table to write does not exist. */
  @Override
  public void checkOutputSpecs(FileSystem ignored, JobConf job) throws IOException {
    HadoopSettings.markSecretsSensitive(job);
    Settings s = settings(job, null);
    if (s.get(ConnectorOptions.OUTPUT_TABLE_NAME) != null) {
      try {
        DynamoDBConnector.checkKeys(s);
        DynamoDBConnector.describeOutput(WriteSettings.from(s), new ConnectorMetrics());
      } catch (RuntimeException e) {
        throw new IOException(e.getMessage(), e);
      }
    }
  }
}
