package io.ddbconnector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileOutputFormat;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.SequenceFileOutputFormat;
import org.apache.hadoop.mapred.lib.IdentityMapper;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A task that fails with a {@link DynamoDBConnectorException} says how many attempts the engine still
 * makes. Real LocalJobRunner jobs whose backend dies once the job is submitted (the splits are planned, the
 * output table checked): the LocalJobRunner runs each task once, so the failure must say so. The runner
 * reports a task's failure only in its log, which is where the test reads it.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class EngineAttemptsIT {

  private static final String LAST_ATTEMPT =
      "task attempt 1 of 1 (mapreduce.framework.name=local); this was its last attempt, so the job fails";

  /** The job's tasks run in this JVM: the formats below take the backend down through it. */
  static volatile ThrottlingProxy proxy;

  private final List<Throwable> reported = new ArrayList<>();
  private final AppenderSkeleton runnerLog = new AppenderSkeleton() {
    @Override
    protected void append(LoggingEvent event) {
      if (event.getThrowableInformation() != null) {
        synchronized (reported) {
          reported.add(event.getThrowableInformation().getThrowable());
        }
      }
    }

    @Override
    public void close() { }

    @Override
    public boolean requiresLayout() {
      return false;
    }
  };

  @BeforeEach
  void start(Backend backend) {
    proxy = ThrottlingProxy.start(backend.endpoint());
    Logger.getLogger("org.apache.hadoop.mapred.LocalJobRunner").addAppender(runnerLog);
  }

  @AfterEach
  void stop() {
    Logger.getLogger("org.apache.hadoop.mapred.LocalJobRunner").removeAppender(runnerLog);
    proxy.close();
  }

  private static JobConf viaProxy(Backend backend, Path tmp) {
    JobConf conf = Jobs.localConf(backend, tmp);
    conf.set("dynamodb.endpoint", proxy.endpoint().toString());
    conf.set("dynamodb.retry.maxDurationMs", "1000");
    conf.set("dynamodb.retry.baseDelayMs", "5");
    conf.set("dynamodb.retry.maxDelayMs", "100");
    conf.setInt("mapreduce.map.maxattempts", 4); // ignored by the LocalJobRunner: the note must not claim it
    return conf;
  }

  /** The connector's exception the runner reported for the failed task. */
  private DynamoDBConnectorException reportedFailure() {
    synchronized (reported) {
      for (Throwable t : reported) {
        for (Throwable c = t; c != null; c = c.getCause()) {
          if (c instanceof DynamoDBConnectorException) {
            return (DynamoDBConnectorException) c;
          }
        }
      }
      throw new AssertionError("the LocalJobRunner reported no DynamoDBConnectorException; it reported " + reported);
    }
  }

  /** The old API's input format as the job uses it, but the backend dies once the splits are planned. */
  public static class DiesAfterPlanning extends io.ddbconnector.mapred.DynamoDBInputFormat {
    @Override
    public InputSplit[] getSplits(JobConf job, int numSplits) throws IOException {
      InputSplit[] splits = super.getSplits(job, numSplits);
      proxy.setDown(true);
      return splits;
    }
  }

  @Test
  void readTaskFailureSaysItWasTheLastAttempt(Backend backend, @TempDir Path tmp) throws Exception {
    String table = backend.createTable("attempts_read", "id", ScalarAttributeType.S);
    backend.putAll(table, ItemCorpus.generated("id", 200, 31));
    JobConf conf = viaProxy(backend, tmp);
    conf.set("dynamodb.input.tableName", table);
    conf.set("dynamodb.scan.segments", "1");
    conf.setInputFormat(DiesAfterPlanning.class);
    conf.setMapperClass(IdentityMapper.class);
    conf.setNumReduceTasks(0);
    conf.setOutputKeyClass(Text.class);
    conf.setOutputValueClass(DynamoDBItemWritable.class);
    conf.setOutputFormat(SequenceFileOutputFormat.class);
    FileOutputFormat.setOutputPath(conf, new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri()));

    assertThrows(IOException.class, () -> JobClient.runJob(conf), "the job must fail");
    assertTrue(proxy.isDown(), "the backend died after planning, in the task");
    DynamoDBConnectorException e = reportedFailure();
    assertTrue(e.getMessage().contains("'" + table + "'"), e.getMessage());
    assertTrue(e.getMessage().endsWith(" [" + LAST_ATTEMPT + "]"), e.getMessage());
    assertEquals(LAST_ATTEMPT, e.engineNote());
  }

  /** The new API's output format as the job uses it, but the backend dies once the table is checked. */
  public static class DiesAfterChecking extends io.ddbconnector.mapreduce.DynamoDBOutputFormat<Text> {
    @Override
    public void checkOutputSpecs(JobContext context) {
      super.checkOutputSpecs(context);
      proxy.setDown(true);
    }
  }

  /** Each input line becomes 100 items. */
  public static class ItemMaker extends Mapper<LongWritable, Text, Text, DynamoDBItemWritable> {
    @Override
    protected void map(LongWritable offset, Text line, Context context) throws IOException, InterruptedException {
      DynamoDBItemWritable w = new DynamoDBItemWritable();
      for (int i = 0; i < 100; i++) {
        w.setItem(Map.of("id", AttributeValue.fromS(line + "-" + i)));
        context.write(line, w);
      }
    }
  }

  @Test
  void writeTaskFailureSaysItWasTheLastAttempt(Backend backend, @TempDir Path tmp) throws Exception {
    String table = backend.createTable("attempts_write", "id", ScalarAttributeType.S);
    Path input = Files.writeString(Files.createDirectories(tmp.resolve("in")).resolve("lines.txt"), "a\nb\n",
        StandardCharsets.UTF_8);
    JobConf conf = viaProxy(backend, tmp);
    conf.set("dynamodb.output.tableName", table);
    Job job = Job.getInstance(conf, "attempts-write");
    job.setInputFormatClass(TextInputFormat.class);
    FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(input.toUri()));
    job.setMapperClass(ItemMaker.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(DynamoDBItemWritable.class);
    job.setOutputFormatClass(DiesAfterChecking.class);

    assertFalse(job.waitForCompletion(false), "the job must fail");
    assertTrue(proxy.isDown(), "the backend died after the check, in the task");
    DynamoDBConnectorException e = reportedFailure();
    assertTrue(e.getMessage().contains("'" + table + "'"), e.getMessage());
    assertNotNull(e.engineNote(), e.getMessage());
    assertTrue(e.getMessage().endsWith(" [" + LAST_ATTEMPT + "]"), e.getMessage());
    assertEquals(LAST_ATTEMPT, e.engineNote());
  }
}
