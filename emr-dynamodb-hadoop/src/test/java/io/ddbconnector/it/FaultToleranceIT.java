package io.ddbconnector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.proxy.Faults;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.Counters;
import org.apache.hadoop.mapred.FileOutputFormat;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RunningJob;
import org.apache.hadoop.mapred.SequenceFileOutputFormat;
import org.apache.hadoop.mapred.lib.IdentityMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Jobs through the fault-injecting proxy: throttles, 500s, connection resets and partial batches are
 * retried with nothing lost or duplicated; a backend that goes away fails the job within the retry window.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class FaultToleranceIT {

  ThrottlingProxy proxy;

  @BeforeEach
  void startProxy(Backend backend) {
    proxy = ThrottlingProxy.start(backend.endpoint());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private JobConf viaProxy(Backend backend, Path tmp) {
    JobConf conf = Jobs.localConf(backend, tmp);
    conf.set("dynamodb.endpoint", proxy.endpoint().toString());
    conf.set("dynamodb.retry.baseDelayMs", "5");
    conf.set("dynamodb.retry.maxDelayMs", "200");
    conf.set("dynamodb.read.pageLimit", "200");
    return conf;
  }

  @Test
  void readJobUnderFaultsReturnsExactlyTheTable(Backend backend, @TempDir Path tmp) throws Exception {
    String table = backend.createTable("faulty_read", "id", ScalarAttributeType.S);
    backend.putAll(table, ItemCorpus.generated("id", 6_000, 11));
    List<Map<String, AttributeValue>> expected = backend.scanAll(table);
    proxy.setFaults(Faults.none().throttleRate(0.2).serverErrorRate(0.03).connectionResetRate(0.02).seed(5));

    JobConf conf = viaProxy(backend, tmp);
    conf.set("dynamodb.input.tableName", table);
    conf.set("dynamodb.scan.segments", "4");
    conf.setInputFormat(DynamoDBInputFormat.class);
    conf.setMapperClass(IdentityMapper.class);
    conf.setNumReduceTasks(0);
    conf.setOutputKeyClass(Text.class);
    conf.setOutputValueClass(DynamoDBItemWritable.class);
    conf.setOutputFormat(SequenceFileOutputFormat.class);
    Path out = tmp.resolve("out");
    FileOutputFormat.setOutputPath(conf, new org.apache.hadoop.fs.Path(out.toUri()));
    RunningJob job = JobClient.runJob(conf);
    assertTrue(job.isSuccessful());
    List<Map<String, AttributeValue>> got = Jobs.readSequenceFiles(out, null);
    assertEquals(expected.size(), got.size(), "no item skipped or read twice");
    assertEquals(ItemChecksum.of(expected), ItemChecksum.of(got));
    Counters c = job.getCounters();
    assertTrue(c.getCounter(ConnectorMetrics.Counter.RETRIES) > 0, "retries counted");
    assertTrue(c.getCounter(ConnectorMetrics.Counter.THROTTLE_EVENTS) > 0, "throttles counted");
    assertTrue(proxy.injectedFaults() > 0);
  }

  @Test
  void copyJobUnderFaultsAndPartialBatchesWritesEveryItem(Backend backend, @TempDir Path tmp) throws Exception {
    String src = backend.createTable("faulty_src", "id", ScalarAttributeType.S);
    String dst = backend.createTable("faulty_dst", "id", ScalarAttributeType.S);
    backend.putAll(src, ItemCorpus.generated("id", 5_000, 12));
    List<Map<String, AttributeValue>> expected = backend.scanAll(src);
    proxy.setFaults(Faults.none().throttleRate(0.2).serverErrorRate(0.03).connectionResetRate(0.02)
        .batchPartialRate(0.3).seed(6));

    JobConf conf = viaProxy(backend, tmp);
    conf.set("dynamodb.input.tableName", src);
    conf.set("dynamodb.output.tableName", dst);
    conf.setInputFormat(DynamoDBInputFormat.class);
    conf.setMapperClass(IdentityMapper.class);
    conf.setNumReduceTasks(0);
    conf.setOutputKeyClass(Text.class);
    conf.setOutputValueClass(DynamoDBItemWritable.class);
    conf.setOutputFormat(io.ddbconnector.mapred.DynamoDBOutputFormat.class);
    RunningJob job = JobClient.runJob(conf);
    assertTrue(job.isSuccessful());
    proxy.setFaults(Faults.none());
    ItemChecksum.assertSameItems(expected, backend.scanAll(dst));
    Counters c = job.getCounters();
    assertEquals(expected.size(), c.getCounter(ConnectorMetrics.Counter.ITEMS_WRITTEN));
    assertTrue(c.getCounter(ConnectorMetrics.Counter.RETRIES) > 0);
    assertTrue(proxy.injectedFaults(Faults.Kind.PARTIAL_BATCH) > 0, "partial batches were injected");
  }

  @Test
  void backendGoingAwayMidReadFailsWithinTheRetryWindow(Backend backend) throws Exception {
    String table = backend.createTable("goes_away", "id", ScalarAttributeType.S);
    backend.putAll(table, ItemCorpus.generated("id", 3_000, 13));
    Map<String, String> m = new HashMap<>();
    m.put("dynamodb.endpoint", proxy.endpoint().toString());
    m.put("dynamodb.region", "us-east-1");
    m.put("dynamodb.awsAccessKeyId", "dummy");
    m.put("dynamodb.awsSecretAccessKey", "dummy");
    m.put("dynamodb.input.tableName", table);
    m.put("dynamodb.scan.segments", "1");
    m.put("dynamodb.read.pageLimit", "100");
    m.put("dynamodb.retry.maxDurationMs", "2000");
    m.put("dynamodb.retry.baseDelayMs", "10");
    Settings s = Settings.of(m);
    ScanSplit split = DynamoDBConnector.splits(s, 1).get(0);
    ConnectorMetrics metrics = new ConnectorMetrics();
    long items = 0;
    long start = 0;
    try (ScanReader r = DynamoDBConnector.openReader(s, split, metrics)) {
      RuntimeException e = assertThrows(RuntimeException.class, () -> {
        long n = 0;
        while (r.hasNext()) {
          r.next();
          if (++n == 250) {
            proxy.setDown(true);
          }
        }
      });
      double secs = metrics.retries() > 0 ? 0 : -1;
      assertTrue(e.getMessage().contains("'" + table + "'"), e.getMessage());
      assertTrue(e.getMessage().contains("dynamodb.retry.maxDurationMs=2000"), e.getMessage());
      assertTrue(metrics.retries() > 0, "it retried before giving up");
      assertFalse(secs < -1);
      items = r.itemsDelivered();
    }
    assertTrue(items < 3_000, "did not report a complete read: " + items);
  }

  @Test
  void backendGoingAwayFailsTheJob(Backend backend, @TempDir Path tmp) throws Exception {
    String table = backend.createTable("job_goes_away", "id", ScalarAttributeType.S);
    backend.putAll(table, ItemCorpus.generated("id", 3_000, 14));
    JobConf conf = viaProxy(backend, tmp);
    conf.set("dynamodb.input.tableName", table);
    conf.set("dynamodb.scan.segments", "2");
    conf.set("dynamodb.read.pageLimit", "20");
    conf.set("dynamodb.throughput.read", "40");
    conf.set("dynamodb.retry.maxDurationMs", "2000");
    conf.setInt("mapreduce.map.maxattempts", 1);
    conf.setInputFormat(DynamoDBInputFormat.class);
    conf.setMapperClass(IdentityMapper.class);
    conf.setNumReduceTasks(0);
    conf.setOutputKeyClass(Text.class);
    conf.setOutputValueClass(DynamoDBItemWritable.class);
    conf.setOutputFormat(SequenceFileOutputFormat.class);
    FileOutputFormat.setOutputPath(conf, new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri()));
    Thread killer = new Thread(() -> {
      long deadline = System.currentTimeMillis() + 30_000;
      while (proxy.requests(table, "Scan") < 3 && System.currentTimeMillis() < deadline) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
      proxy.setDown(true);
    });
    killer.start();
    long start = System.nanoTime();
    assertThrows(java.io.IOException.class, () -> JobClient.runJob(conf), "the job must not report success");
    double secs = (System.nanoTime() - start) / 1e9;
    killer.join();
    assertTrue(secs < 30, "failed after " + secs + " s");
  }
}
