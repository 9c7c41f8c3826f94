package io.ddbconnector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.export.InvalidExportException;
import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapred.DynamoDBExportInputFormat;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.proxy.ExportApi;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileOutputFormat;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.SequenceFileOutputFormat;
import org.apache.hadoop.mapred.lib.IdentityMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The request side against the test kit's export stub ({@link ExportApi}): a MapReduce job (LocalJobRunner) whose
 * input format requests an export, waits for it through DescribeExport polls and reads it, with the tricky corpus;
 * its items equal the live table's, and the read makes no Scan or Query. A FAILED export fails the job's planning
 * with the service's failure code and message.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class ExportReadIT {

  @Test
  void aRequestedExportIsAwaitedAndReadsAsTheTableWithoutAScan(Backend backend, @TempDir Path tmp) throws Exception {
    String table = backend.createTable("export_req", "id", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> items = ItemCorpus.tricky("id");
    items.addAll(ItemCorpus.generated("id", 500, 17));
    backend.putAll(table, items);
    List<Map<String, AttributeValue>> live = backend.scanAll(table);

    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint())) {
      ExportApi exports = proxy.enableExports(tmp.resolve("s3"));
      exports.setDescribesInProgress(2);
      JobConf job = conf(backend, proxy, tmp, table);
      Path out = tmp.resolve("out");
      FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(out.toUri()));
      assertTrue(JobClient.runJob(job).isSuccessful());

      assertEquals(1, exports.exportsRequested());
      assertEquals(3, proxy.requests("DescribeExport"), "two IN_PROGRESS answers, then COMPLETED");
      assertEquals(0, proxy.requests("Scan"), "an export read makes no Scan");
      assertEquals(0, proxy.requests("Query"), "an export read makes no Query");
      Map<String, String> keys = new HashMap<>();
      List<Map<String, AttributeValue>> read = Jobs.readSequenceFiles(out, keys);
      ItemChecksum.assertSameItems(live, read);
      assertEquals(live.size(), keys.size(), "tableName given: every record's key is the item's key");
    }
  }

  @Test
  void aFailedExportFailsNamingTheServicesCodeAndMessage(Backend backend, @TempDir Path tmp) throws Exception {
    String table = backend.createTable("export_fail", "id", ScalarAttributeType.S);
    backend.putAll(table, ItemCorpus.generated("id", 10, 3));
    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint())) {
      ExportApi exports = proxy.enableExports(tmp.resolve("s3"));
      exports.failNextExport("S3NoSuchBucket", "The specified bucket does not exist");
      JobConf job = conf(backend, proxy, tmp, table);
      InvalidExportException e = assertThrows(InvalidExportException.class,
          () -> new DynamoDBExportInputFormat().getSplits(job, 1));
      assertTrue(e.getMessage().contains("FAILED") && e.getMessage().contains("S3NoSuchBucket")
          && e.getMessage().contains("The specified bucket does not exist"), e.getMessage());
      assertTrue(e.getMessage().contains(":table/" + table + "/export/"), e.getMessage());
    }
  }

  @Test
  void anExportStillRunningAtTheTimeoutFailsNamingItAndTheKey(Backend backend, @TempDir Path tmp) throws Exception {
    String table = backend.createTable("export_slow", "id", ScalarAttributeType.S);
    backend.putAll(table, ItemCorpus.generated("id", 10, 4));
    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint())) {
      proxy.enableExports(tmp.resolve("s3")).setDescribesInProgress(1_000_000);
      JobConf job = conf(backend, proxy, tmp, table);
      job.set("dynamodb.export.request.timeoutMs", "1000");
      InvalidExportException e = assertThrows(InvalidExportException.class,
          () -> new DynamoDBExportInputFormat().getSplits(job, 1));
      assertTrue(e.getMessage().contains("still IN_PROGRESS") && e.getMessage().contains("/export/")
          && e.getMessage().contains("dynamodb.export.request.timeoutMs"), e.getMessage());
      assertTrue(proxy.requests("DescribeExport") >= 2, "polled: " + proxy.requests("DescribeExport"));
    }
  }

  @Test
  void aTableArnNeedsNoDescribeTableAndTheExportIsReadWithEmptyKeys(Backend backend, @TempDir Path tmp)
      throws Exception {
    String table = backend.createTable("export_arn", "id", ScalarAttributeType.S);
    backend.putAll(table, ItemCorpus.generated("id", 50, 8));
    String arn = backend.client().describeTable(b -> b.tableName(table)).table().tableArn();
    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint())) {
      proxy.enableExports(tmp.resolve("s3")).setDescribesInProgress(0);
      JobConf job = conf(backend, proxy, tmp, arn);
      Path out = tmp.resolve("out");
      FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(out.toUri()));
      assertTrue(JobClient.runJob(job).isSuccessful());
      assertEquals(0, proxy.requests("DescribeTable"), "a table ARN is exported as given");
      assertEquals(0, proxy.requests("Scan"));
      Map<String, String> keys = new HashMap<>();
      ItemChecksum.assertSameItems(backend.scanAll(table), Jobs.readSequenceFiles(out, keys));
      assertEquals(java.util.Set.of(""), keys.keySet(), "no key schema known: empty keys");
    }
  }

  private static JobConf conf(Backend backend, ThrottlingProxy proxy, Path tmp, String table) {
    JobConf job = Jobs.localConf(backend, tmp);
    job.set("dynamodb.endpoint", proxy.endpoint().toString());
    job.set("dynamodb.input.tableName", table);
    job.set("dynamodb.export.request.s3Bucket", "exports-bucket");
    job.set("dynamodb.export.request.s3Prefix", "nightly/orders");
    job.set("dynamodb.export.request.bucketUri", tmp.resolve("s3").resolve("exports-bucket").toUri().toString());
    job.set("dynamodb.export.request.pollMs", "10");
    job.setInputFormat(DynamoDBExportInputFormat.class);
    job.setMapperClass(IdentityMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(DynamoDBItemWritable.class);
    job.setOutputFormat(SequenceFileOutputFormat.class);
    return job;
  }
}
