package io.ddbconnector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.mapred.DynamoDBOutputFormat;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.proxy.RateReport;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.nio.file.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RunningJob;
import org.apache.hadoop.mapred.lib.IdentityMapper;
import org.apache.hadoop.mapred.lib.NullOutputFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The job-wide budget of MapReduce jobs (LocalJobRunner) whose task count differs from what runs at once,
 * measured by the throttling proxy, with no concurrency configured: the tasks share the budget live.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class JobWideRateIT {

  static ThrottlingProxy proxy;

  @BeforeAll
  static void start(Backend backend) {
    proxy = ThrottlingProxy.start(backend.endpoint());
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  private static JobConf conf(Backend backend, Path tmp, int slots) {
    JobConf conf = Jobs.localConf(backend, tmp);
    conf.set("dynamodb.endpoint", proxy.endpoint().toString());
    conf.setInt("mapreduce.local.map.tasks.maximum", slots);
    conf.setInputFormat(DynamoDBInputFormat.class);
    conf.setMapperClass(IdentityMapper.class);
    conf.setNumReduceTasks(0);
    conf.setOutputKeyClass(Text.class);
    conf.setOutputValueClass(DynamoDBItemWritable.class);
    return conf;
  }

  @Test
  void eightMapsOnTwoSlotsReadAtTheJobsRate(Backend backend, @TempDir Path tmp) throws Exception {
    String table = backend.createTable("rate_mr", "id", ScalarAttributeType.S);
    backend.putAll(table, ItemCorpus.generated("id", 5_000, 11));
    // 20 RCU/s, half for the job: 10/s; a planned division by 8 maps would read at 2 x 10/8 = 2.5/s
    proxy.setCapacity(table, 20, 1_000_000);
    JobConf conf = conf(backend, tmp, 2);
    conf.set("dynamodb.input.tableName", table);
    conf.set("dynamodb.scan.segments", "8");
    conf.set("dynamodb.throughput.read", "20");
    conf.set("dynamodb.throughput.read.percent", "0.5");
    conf.setOutputFormat(NullOutputFormat.class);
    RunningJob job = JobClient.runJob(conf);
    assertTrue(job.isSuccessful());
    assertEquals(5_000, job.getCounters().getCounter(ConnectorMetrics.Counter.ITEMS_READ));
    RateReport r = RateReport.of(proxy, table, false, 10);
    System.out.println("8 maps on 2 slots: " + r);
    assertEquals(0, r.throttled(), r.toString());
    assertTrue(r.budgetUse() >= 0.75 && r.budgetUse() <= 1.10, r.toString());
    assertTrue(r.peak5OfTarget() <= 1.25, r.toString());
    assertTrue(job.getCounters().getCounter(ConnectorMetrics.Counter.COORDINATION_REQUESTS) > 0,
        "the coordination cost shows in the job's counters");
  }

  @Test
  void aJobThrottledByOtherTrafficBacksOffAndCountsIt(Backend backend, @TempDir Path tmp) throws Exception {
    String table = backend.createTable("rate_shared", "id", ScalarAttributeType.S);
    backend.putAll(table, ItemCorpus.generated("id", 3_000, 13));
    // the job believes it may use 40 RCU/s, but the table (shared with production traffic) serves only 6
    proxy.setCapacity(table, 6, 1_000_000);
    JobConf conf = conf(backend, tmp, 2);
    conf.set("dynamodb.input.tableName", table);
    conf.set("dynamodb.scan.segments", "2");
    conf.set("dynamodb.throughput.read", "80");
    conf.set("dynamodb.throughput.read.percent", "0.5");
    conf.setOutputFormat(NullOutputFormat.class);
    RunningJob job = JobClient.runJob(conf);
    assertTrue(job.isSuccessful());
    assertEquals(3_000, job.getCounters().getCounter(ConnectorMetrics.Counter.ITEMS_READ), "nothing lost");
    long backoffs = job.getCounters().getCounter(ConnectorMetrics.Counter.RATE_BACKOFFS);
    long requests = job.getCounters().getCounter(ConnectorMetrics.Counter.REQUESTS);
    long throttles = job.getCounters().getCounter(ConnectorMetrics.Counter.THROTTLE_EVENTS);
    System.out.println("shared table: " + backoffs + " back-offs, " + throttles + " throttles in " + requests
        + " requests; " + RateReport.of(proxy, table, false, 6));
    assertTrue(backoffs > 0, "the job lowered its rate after the service throttled it (RATE_BACKOFFS counter)");
    assertTrue(throttles > 0, "the service's throttles are counted (THROTTLE_EVENTS)");
    RateReport r = RateReport.of(proxy, table, false, 6);
    // the emulated table starts with a full one-second bucket, which a ~10 s job may spend on top
    assertTrue(r.rate() <= 6 * 1.35, "the job kept to what the shared table served: " + r);
  }

  @Test
  void twoJobsAtHalfTheTableEachStayWithinItTogether(Backend backend, @TempDir Path tmp) throws Exception {
    String source = backend.createTable("rate_two_src", "id", ScalarAttributeType.S);
    String target = backend.createTable("rate_two_dst", "id", ScalarAttributeType.S);
    backend.putAll(source, ItemCorpus.generated("id", 1_200, 12));
    // the target has 200 WCU/s; each copy job may use half. Together: 200/s, never above.
    proxy.setCapacity(target, 1_000_000, 200);
    Thread[] jobs = new Thread[2];
    Throwable[] failures = new Throwable[2];
    for (int i = 0; i < 2; i++) {
      int n = i;
      jobs[i] = new Thread(() -> {
        try {
          JobConf conf = conf(backend, tmp.resolve("job" + n), 2);
          conf.set("dynamodb.input.tableName", source);
          conf.set("dynamodb.output.tableName", target);
          conf.set("dynamodb.scan.segments", "4");
          conf.set("dynamodb.throughput.write", "200");
          conf.set("dynamodb.throughput.write.percent", "0.5");
          conf.setOutputFormat(DynamoDBOutputFormat.class);
          assertTrue(JobClient.runJob(conf).isSuccessful());
        } catch (Throwable t) {
          failures[n] = t;
        }
      });
      jobs[i].start();
    }
    for (Thread t : jobs) {
      t.join();
    }
    for (Throwable f : failures) {
      if (f != null) {
        throw new AssertionError(f);
      }
    }
    assertEquals(1_200, backend.count(target));
    RateReport r = RateReport.of(proxy, target, true, 200);
    System.out.println("two jobs at 50% each: " + r);
    assertEquals(0, r.throttled(), r.toString());
    assertTrue(r.peak5OfTarget() <= 1.10, r.toString());
  }
}
