package io.ddbconnector.hive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ddbconnector.mapred.DynamoDBOutputCommitter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.hive.ql.io.HiveFileFormatUtils;
import org.apache.hadoop.hive.ql.plan.TableDesc;
import org.apache.hadoop.mapred.JobConf;
import org.junit.jupiter.api.Test;

/** Which jobs {@link DynamoDBStorageHandler#configureJobConf} gives the connector's committer, and with what. */
class DynamoDBStorageHandlerTest {

  private static TableDesc table(Map<String, String> jobProperties) {
    TableDesc t = new TableDesc();
    t.setJobProperties(new LinkedHashMap<>(jobProperties));
    return t;
  }

  private static JobConf hiveJob() {
    JobConf job = new JobConf(false);
    HiveFileFormatUtils.prepareJobOutput(job); // what Hive does before asking the handlers
    return job;
  }

  @Test
  void aJobWritingTheTableGetsTheCommitterAndTheKeysItReads() {
    JobConf job = hiveJob();
    new DynamoDBStorageHandler().configureJobConf(table(Map.of("dynamodb.output.tableName", "Orders",
        "dynamodb.write.reportDir", "/reports", "dynamodb.retry.maxDurationMs", "3000",
        "dynamodb.throughput.coordination.group", "", "dynamodb.endpoint", "http://x")), job);
    assertEquals(DynamoDBOutputCommitter.class, job.getOutputCommitter().getClass());
    assertEquals("Orders", job.get("dynamodb.output.tableName"));
    assertEquals("/reports", job.get("dynamodb.write.reportDir"));
    assertEquals("3000", job.get("dynamodb.retry.maxDurationMs"));
    assertNull(job.get("dynamodb.throughput.coordination.group"), "unset stays unset");
    assertNull(job.get("dynamodb.endpoint"), "the rest stays per table");
  }

  @Test
  void aJobOnlyReadingTheTableKeepsHivesCommitter() {
    JobConf job = hiveJob();
    new DynamoDBStorageHandler().configureJobConf(table(Map.of("dynamodb.input.tableName", "Orders")), job);
    assertEquals(HiveFileFormatUtils.NullOutputCommitter.class, job.getOutputCommitter().getClass());
    assertNull(job.get("dynamodb.input.tableName"));
  }

  @Test
  void anotherHandlersCommitterIsLeftAlone() {
    JobConf job = hiveJob();
    job.setOutputCommitter(org.apache.hadoop.mapred.FileOutputCommitter.class);
    new DynamoDBStorageHandler().configureJobConf(table(Map.of("dynamodb.output.tableName", "Orders")), job);
    assertEquals(org.apache.hadoop.mapred.FileOutputCommitter.class, job.getOutputCommitter().getClass());
  }
}
