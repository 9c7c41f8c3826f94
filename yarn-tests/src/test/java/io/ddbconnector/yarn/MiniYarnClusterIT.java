package io.ddbconnector.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.mapred.DynamoDBOutputFormat;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.proxy.RateReport;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.write.WriteLedger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileOutputFormat;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RunningJob;
import org.apache.hadoop.mapred.SequenceFileOutputFormat;
import org.apache.hadoop.mapred.lib.IdentityMapper;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Read and copy jobs on a mini YARN cluster with two NodeManagers: map tasks run in separate container
 * JVMs, talk to the backend on loopback through the throttling proxy, and together stay within the
 * job's budget (the proxy, not the connector, measures and enforces it).
 */
@ExtendWith(DynamoDBBackendExtension.class)
class MiniYarnClusterIT {

  static MiniMRYarnCluster cluster;
  static ThrottlingProxy proxy;

  @BeforeAll
  static void startCluster(Backend backend) {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "yarn");
    conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
    conf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
    conf.setInt("yarn.nodemanager.resource.memory-mb", 2048);
    conf.setInt("yarn.nodemanager.resource.cpu-vcores", 4);
    conf.setInt("yarn.scheduler.minimum-allocation-mb", 128);
    conf.setInt("yarn.scheduler.maximum-allocation-mb", 2048);
    conf.setFloat("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", 99f);
    conf.setInt("yarn.app.mapreduce.am.resource.mb", 512);
    conf.set("yarn.app.mapreduce.am.command-opts", "-Xmx320m");
    conf.setInt("mapreduce.map.memory.mb", 384);
    conf.setInt("mapreduce.reduce.memory.mb", 384);
    conf.set("mapreduce.map.java.opts", "-Xmx256m");
    conf.set("mapreduce.reduce.java.opts", "-Xmx256m");
    conf.setBoolean("mapreduce.job.ubertask.enable", false);
    conf.setLong("yarn.nodemanager.process-kill-wait.ms", 500);
    conf.setLong("yarn.nodemanager.sleep-delay-before-sigkill.ms", 100);
    cluster = new MiniMRYarnCluster("ddb-connector", 2);
    cluster.init(conf);
    cluster.start();
    proxy = ThrottlingProxy.start(backend.endpoint());
  }

  @AfterAll
  static void stopCluster() {
    if (proxy != null) {
      proxy.close();
    }
    if (cluster != null) {
      cluster.stop();
    }
  }

  private static JobConf jobConf(String name) {
    JobConf conf = new JobConf(cluster.getConfig());
    conf.setJobName(name);
    conf.setJarByClass(MiniYarnClusterIT.class);
    conf.set("dynamodb.endpoint", proxy.endpoint().toString());
    conf.set("dynamodb.region", "us-east-1");
    conf.set("dynamodb.awsAccessKeyId", "dummy");
    conf.set("dynamodb.awsSecretAccessKey", "dummy");
    conf.setInt("mapreduce.map.maxattempts", 1);
    conf.setInputFormat(DynamoDBInputFormat.class);
    conf.setMapperClass(IdentityMapper.class);
    conf.setNumReduceTasks(0);
    conf.setOutputKeyClass(Text.class);
    conf.setOutputValueClass(DynamoDBItemWritable.class);
    return conf;
  }

  @Test
  void readAndCopyJobsInContainersKeepTheJobWideBudget(Backend backend, @TempDir Path tmp) throws Exception {
    String a = backend.createTable("yarn_src", "id", ScalarAttributeType.S);
    String b = backend.createTable("yarn_dst", "id", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> items = ItemCorpus.generated("id", 4_000, 21);
    backend.putAll(a, items);
    List<Map<String, AttributeValue>> expected = backend.scanAll(a);

    // Read: 16 map tasks, more than the cluster's containers (~9 of 384 MB in 2 x 2 GB); the job may use
    // 50% of 6 RCU/s = 3/s; the emulated table has 4.5/s, so a job that ignored the job-wide budget would
    // be throttled, and one that divided it by 16 would read at most at ~9/16 of it. The budget is small so
    // that reading, not container start-up, takes most of the job's time.
    proxy.setCapacity(a, 4.5, 1_000_000);
    JobConf read = jobConf("yarn-read");
    read.set("dynamodb.input.tableName", a);
    read.set("dynamodb.scan.segments", "16");
    read.set("dynamodb.throughput.read", "6");
    read.set("dynamodb.throughput.read.percent", "0.5");
    read.setOutputFormat(SequenceFileOutputFormat.class);
    Path out = tmp.resolve("read-out");
    FileOutputFormat.setOutputPath(read, new org.apache.hadoop.fs.Path(out.toUri()));
    RunningJob readJob = JobClient.runJob(read);
    assertTrue(readJob.isSuccessful());
    ItemChecksum.assertSameItems(expected, readSequenceFiles(out));
    assertEquals(expected.size(), readJob.getCounters().getCounter(ConnectorMetrics.Counter.ITEMS_READ));
    assertEquals(0, proxy.throttled(a), "the container tasks together stayed within the table's capacity");
    RateReport readRate = RateReport.of(proxy, a, false, 3);
    System.out.println("YARN read, 16 maps: " + readRate);
    assertTrue(readRate.budgetUse() >= 0.7 && readRate.budgetUse() <= 1.10, "16 maps in fewer containers: "
        + readRate);
    assertTrue(readJob.getCounters().getCounter(ConnectorMetrics.Counter.COORDINATION_REQUESTS) > 0);

    // Copy: 16 maps write at 50% of 400 WCU/s = 200/s together; the emulated table allows 240/s.
    proxy.setCapacity(b, 1_000_000, 240);
    JobConf copy = jobConf("yarn-copy");
    copy.set("dynamodb.input.tableName", a);
    copy.set("dynamodb.output.tableName", b);
    copy.set("dynamodb.scan.segments", "16");
    copy.set("dynamodb.throughput.write", "400");
    copy.set("dynamodb.throughput.write.percent", "0.5");
    copy.setOutputFormat(DynamoDBOutputFormat.class);
    RunningJob copyJob = JobClient.runJob(copy);
    assertTrue(copyJob.isSuccessful());
    ItemChecksum.assertSameItems(expected, backend.scanAll(b));
    assertEquals(0, proxy.throttled(b), "the writers together stayed within the table's capacity");
    RateReport writeRate = RateReport.of(proxy, b, true, 200);
    System.out.println("YARN copy, 16 maps: " + writeRate);
    // container JVMs start one after another on a 2-core machine while the first maps already write, so
    // how much of the budget the copy uses depends on the machine's load (57-86% here): only the upper
    // bound is checked; the read above checks the use, benchmarks/run.sh rate has the precise figures
    assertTrue(writeRate.budgetUse() <= 1.10, "16 writing maps: " + writeRate);
    double written = proxy.consumed(b, true);
    assertTrue(written >= expected.size(), "every item was written: " + written + " units");
  }

  /**
   * The backend goes away in the middle of a copy in containers: the job fails, and the job-wide figures the
   * AM's committer sums from every attempt's record bracket what the table holds. On YARN the committer that
   * {@code DynamoDBOutputFormat.checkOutputSpecs} installs is the one the AM uses.
   */
  @Test
  void copyFailingInContainersReportsWhatTheTableHolds(Backend backend, @TempDir Path tmp) throws Exception {
    String a = backend.createTable("yarn_fail_src", "id", ScalarAttributeType.S);
    String b = backend.createTable("yarn_fail_dst", "id", ScalarAttributeType.S);
    backend.putAll(a, ItemCorpus.generated("id", 4_000, 17));
    Path reports = tmp.resolve("reports");
    JobConf copy = jobConf("yarn-copy-fails");
    copy.set("dynamodb.input.tableName", a);
    copy.set("dynamodb.output.tableName", b);
    copy.set("dynamodb.scan.segments", "4");
    copy.set("dynamodb.throughput.write", "400");
    copy.set("dynamodb.retry.maxDurationMs", "3000");
    copy.set("dynamodb.retry.maxDelayMs", "200");
    copy.set("dynamodb.write.reportDir", reports.toUri().toString());
    copy.setOutputFormat(DynamoDBOutputFormat.class);
    Thread outage = new Thread(() -> {
      try {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && !java.nio.file.Files.isDirectory(reports)) {
          Thread.sleep(50);
        }
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        return;
      }
      proxy.setDown(true);
    });
    outage.start();
    try {
      assertThrows(java.io.IOException.class, () -> JobClient.runJob(copy), "the copy must fail");
    } finally {
      outage.join();
      proxy.setDown(false);
    }
    List<Path> jobs;
    try (java.util.stream.Stream<Path> dirs = java.nio.file.Files.list(reports)) {
      jobs = dirs.collect(java.util.stream.Collectors.toList());
    }
    assertEquals(1, jobs.size(), "one job's reports: " + jobs);
    assertTrue(java.nio.file.Files.exists(jobs.get(0).resolve(WriteLedger.SUMMARY)),
        "the AM's committer wrote the summary: " + jobs.get(0));
    WriteLedger.Summary s = WriteLedger.summarize(WriteLedger.localDirectory(jobs.get(0)));
    long inTable = backend.count(b);
    System.out.println("YARN copy cut off: " + s.describe() + "; table holds " + inTable);
    assertTrue(s.confirmed() > 0 && inTable < 4_000, "cut off mid-copy: " + s.describe() + ", table " + inTable);
    assertTrue(s.confirmed() <= inTable && inTable <= s.atMost(), s.describe() + " but the table holds " + inTable);
  }

  private static List<Map<String, AttributeValue>> readSequenceFiles(Path dir) throws Exception {
    Configuration conf = new Configuration();
    FileSystem fs = FileSystem.getLocal(conf);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (FileStatus st : fs.listStatus(new org.apache.hadoop.fs.Path(dir.toUri()))) {
      if (!st.getPath().getName().startsWith("part-")) {
        continue;
      }
      try (SequenceFile.Reader r = new SequenceFile.Reader(conf, SequenceFile.Reader.file(st.getPath()))) {
        Text k = new Text();
        DynamoDBItemWritable v = new DynamoDBItemWritable();
        while (r.next(k, v)) {
          items.add(v.getItem());
          v = new DynamoDBItemWritable();
        }
      }
    }
    return items;
  }
}
