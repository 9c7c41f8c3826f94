package io.ddbconnector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.write.BatchWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Each kind of bad input fails early with an error naming the table, key, attribute or config key. */
@ExtendWith(DynamoDBBackendExtension.class)
class BadInputIT {

  private static Map<String, String> base(Backend backend) {
    Map<String, String> m = new HashMap<>();
    m.put("dynamodb.endpoint", backend.endpoint().toString());
    m.put("dynamodb.region", backend.region());
    m.put("dynamodb.awsAccessKeyId", "dummy");
    m.put("dynamodb.awsSecretAccessKey", "dummy");
    return m;
  }

  private static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }

  @Test
  void missingTableIsNamedAtSplitTime(Backend backend, @TempDir Path tmp) {
    JobConf conf = Jobs.localConf(backend, tmp);
    conf.set("dynamodb.input.tableName", "no_such_table_xyz");
    Exception e = assertThrows(Exception.class, () -> new DynamoDBInputFormat().getSplits(conf, 2));
    assertTrue(messages(e).contains("'no_such_table_xyz'") && messages(e).contains("does not exist"), messages(e));
    assertTrue(messages(e).contains("dynamodb.input.tableName"), messages(e));
  }

  @Test
  void missingTableNameKeyIsNamed(Backend backend, @TempDir Path tmp) {
    JobConf conf = Jobs.localConf(backend, tmp);
    Exception e = assertThrows(Exception.class, () -> new DynamoDBInputFormat().getSplits(conf, 2));
    assertTrue(messages(e).contains("dynamodb.input.tableName"), messages(e));
  }

  @Test
  void unparseableConfigValueIsNamed(Backend backend, @TempDir Path tmp) {
    JobConf conf = Jobs.localConf(backend, tmp);
    conf.set("dynamodb.input.tableName", "t");
    conf.set("dynamodb.throughput.read.percent", "fifty");
    Exception e = assertThrows(Exception.class, () -> new DynamoDBInputFormat().getSplits(conf, 2));
    assertTrue(messages(e).contains("'dynamodb.throughput.read.percent'") && messages(e).contains("'fifty'"),
        messages(e));
  }

  @Test
  void unreachableEndpointFailsWithinTheRetryWindow(Backend backend) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> m = base(backend);
    m.put("dynamodb.endpoint", "http://127.0.0.1:" + port);
    m.put("dynamodb.input.tableName", "t");
    m.put("dynamodb.retry.maxDurationMs", "1500");
    long start = System.nanoTime();
    Exception e = assertThrows(Exception.class, () -> DynamoDBConnector.planSplits(Settings.of(m), 1));
    double secs = (System.nanoTime() - start) / 1e9;
    assertTrue(secs < 15, "gave up after " + secs + " s");
    assertTrue(messages(e).contains("127.0.0.1:" + port) && messages(e).contains("'t'"), messages(e));
  }

  @Test
  void writerRejectsBadItemsNamingKeyAndAttribute(Backend backend) {
    String table = backend.createTable("bad_items", "id", ScalarAttributeType.S, "n", ScalarAttributeType.N);
    Map<String, String> m = base(backend);
    m.put("dynamodb.output.tableName", table);
    Settings settings = Settings.of(m);
    Map<String, AttributeValue> ok = new LinkedHashMap<>();
    ok.put("id", AttributeValue.fromS("fine"));
    ok.put("n", AttributeValue.fromN("1"));

    Map<String, AttributeValue> noRange = new LinkedHashMap<>();
    noRange.put("id", AttributeValue.fromS("a"));
    Exception e1 = rejected(settings, ok, noRange);
    assertTrue(e1.getMessage().contains("no key attribute 'n'") && e1.getMessage().contains(table), e1.getMessage());

    Map<String, AttributeValue> wrongType = new LinkedHashMap<>();
    wrongType.put("id", AttributeValue.fromN("5"));
    wrongType.put("n", AttributeValue.fromN("1"));
    Exception e2 = rejected(settings, ok, wrongType);
    assertTrue(e2.getMessage().contains("'id'") && e2.getMessage().contains("must be of type S but is N"),
        e2.getMessage());

    Map<String, AttributeValue> huge = new LinkedHashMap<>();
    huge.put("id", AttributeValue.fromS("big-one"));
    huge.put("n", AttributeValue.fromN("1"));
    huge.put("blob", AttributeValue.fromS("x".repeat(410 * 1024)));
    Exception e3 = rejected(settings, ok, huge);
    assertTrue(e3.getMessage().contains("big-one") && e3.getMessage().contains("409600"), e3.getMessage());
    assertEquals(1, backend.count(table), "the good item was written, the bad ones rejected loudly");
  }

  /** Writes {@code good}, then {@code bad}: the writer fails at the bad one, having written the good one. */
  private static Exception rejected(Settings settings, Map<String, AttributeValue> good,
      Map<String, AttributeValue> bad) {
    BatchWriter w = DynamoDBConnector.openWriter(settings, 1, new ConnectorMetrics());
    w.put(good);
    w.flush();
    Exception e = assertThrows(RuntimeException.class, () -> w.put(bad));
    assertTrue(e.getMessage().contains("1 items confirmed written"), e.getMessage());
    assertEquals(e.getMessage(), assertThrows(RuntimeException.class, w::close).getMessage());
    return e;
  }

  /**
   * Each input line is an amount: item {@code {"id": "amount-<line>", "v": {"amount": <line as N>}}}. The
   * job's tasks run in this JVM, and the LocalJobRunner reports a task's failure only in its log, so the
   * mapper keeps what the output format threw.
   */
  public static class AmountMapper extends Mapper<LongWritable, Text, Text, DynamoDBItemWritable> {
    static volatile RuntimeException failure;

    @Override
    protected void map(LongWritable offset, Text line, Context context) throws IOException, InterruptedException {
      DynamoDBItemWritable item = new DynamoDBItemWritable();
      item.setItem(Map.of("id", AttributeValue.fromS("amount-" + line),
          "v", AttributeValue.fromM(Map.of("amount", AttributeValue.fromN(line.toString())))));
      try {
        context.write(line, item);
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
    }
  }

  @Test
  void aJobWritingAValueTheServiceRefusesFailsNamingTableKeyAndPath(Backend backend, @TempDir Path tmp)
      throws Exception {
    String table = backend.createTable("bad_value_job", "id", ScalarAttributeType.S);
    Path input = Files.writeString(Files.createDirectories(tmp.resolve("in")).resolve("amounts.txt"),
        "1\n2.5\n12,50\n4\n", StandardCharsets.UTF_8);
    JobConf conf = Jobs.localConf(backend, tmp);
    conf.set("dynamodb.output.tableName", table);
    Job job = Job.getInstance(conf, "bad-value");
    job.setInputFormatClass(TextInputFormat.class);
    FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(input.toUri()));
    job.setMapperClass(AmountMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(DynamoDBItemWritable.class);
    job.setOutputFormatClass(io.ddbconnector.mapreduce.DynamoDBOutputFormat.class);
    AmountMapper.failure = null;

    assertFalse(job.waitForCompletion(false), "the job must fail");
    assertNotNull(AmountMapper.failure, "the output format refused the item in the task");
    String message = AmountMapper.failure.getMessage();
    assertTrue(message.contains("Item with key {\"id\":{\"S\":\"amount-12,50\"}} for table '" + table + "'"),
        message);
    assertTrue(message.contains("has attribute 'v.amount' whose N value '12,50' is not a number"), message);
    assertTrue(message.contains("this was its last attempt"), message);
  }

  @Test
  void sameKeyTwiceInABatchKeepsTheLaterWrite(Backend backend) {
    String table = backend.createTable("dupes", "id", ScalarAttributeType.S);
    Map<String, String> m = base(backend);
    m.put("dynamodb.output.tableName", table);
    try (BatchWriter w = DynamoDBConnector.openWriter(Settings.of(m), 1, new ConnectorMetrics())) {
      for (int i = 0; i < 10; i++) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", AttributeValue.fromS("k" + (i % 3)));
        item.put("v", AttributeValue.fromN(Integer.toString(i)));
        w.put(item);
      }
    }
    Map<String, String> got = new HashMap<>();
    for (Map<String, AttributeValue> i : backend.scanAll(table)) {
      got.put(i.get("id").s(), i.get("v").n());
    }
    assertEquals(Map.of("k0", "9", "k1", "7", "k2", "8"), got);
  }

  @Test
  void writesOfOneKeyAcrossBatchesInFlightLandInOrder(Backend backend) {
    String table = backend.createTable("ordered", "id", ScalarAttributeType.S);
    Map<String, String> m = base(backend);
    m.put("dynamodb.output.tableName", table);
    m.put("dynamodb.write.batchesInFlight", "8");
    m.put("dynamodb.write.batchSize", "1");
    try (BatchWriter w = DynamoDBConnector.openWriter(Settings.of(m), 1, new ConnectorMetrics())) {
      for (int i = 0; i < 200; i++) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", AttributeValue.fromS("k" + (i % 4)));
        item.put("v", AttributeValue.fromN(Integer.toString(i)));
        w.put(item);
      }
    }
    Map<String, String> got = new HashMap<>();
    for (Map<String, AttributeValue> i : backend.scanAll(table)) {
      got.put(i.get("id").s(), i.get("v").n());
    }
    assertEquals(Map.of("k0", "196", "k1", "197", "k2", "198", "k3", "199"), got);
  }

  @Test
  void writerFailureIsReportedWithHowMuchWasWritten(Backend backend) {
    String table = backend.createTable("fails", "id", ScalarAttributeType.S);
    Map<String, String> m = base(backend);
    m.put("dynamodb.output.tableName", table);
    BatchWriter w = DynamoDBConnector.openWriter(Settings.of(m), 1, new ConnectorMetrics());
    Map<String, AttributeValue> ok = new LinkedHashMap<>();
    ok.put("id", AttributeValue.fromS("first"));
    w.put(ok);
    w.flush();
    backend.deleteTable(table);
    Map<String, AttributeValue> next = new LinkedHashMap<>();
    next.put("id", AttributeValue.fromS("second"));
    w.put(next);
    RuntimeException e = assertThrows(RuntimeException.class, w::close);
    assertTrue(e.getMessage().contains(table) && e.getMessage().contains("1 items confirmed written"),
        e.getMessage());
    // the service refused the whole batch (no such table): its items are named, not dropped silently
    assertTrue(e.getMessage().contains("1 queued but not written")
        && e.getMessage().contains("Not written: {\"id\":{\"S\":\"second\"}}"), e.getMessage());
  }

  @Test
  void badItemStopsTheWriterBeforeItCountsAndNothingIsSentAfter(Backend backend) throws Exception {
    String table = backend.createTable("bad_mid_stream", "id", ScalarAttributeType.S);
    try (io.ddbconnector.testkit.proxy.ThrottlingProxy proxy =
        io.ddbconnector.testkit.proxy.ThrottlingProxy.start(backend.endpoint())) {
      // slow answers, so that batches are still on the wire when the bad item comes
      proxy.setRequestLatency(java.time.Duration.ofMillis(300));
      Map<String, String> m = base(backend);
      m.put("dynamodb.endpoint", proxy.endpoint().toString());
      m.put("dynamodb.output.tableName", table);
      m.put("dynamodb.throughput.write", "100000");
      m.put("dynamodb.throughput.coordination", "off");
      m.put("dynamodb.write.batchSize", "10");
      m.put("dynamodb.write.batchesInFlight", "4");
      BatchWriter w = DynamoDBConnector.openWriter(Settings.of(m), 1, new ConnectorMetrics());
      for (int i = 0; i < 45; i++) {
        Map<String, AttributeValue> ok = new LinkedHashMap<>();
        ok.put("id", AttributeValue.fromS("k" + i));
        w.put(ok);
      }
      Map<String, AttributeValue> bad = new LinkedHashMap<>();
      bad.put("id", AttributeValue.fromN("7"));
      RuntimeException e = assertThrows(RuntimeException.class, () -> w.put(bad));
      long atReport = backend.count(table);
      // batches on the wire landed before the count; the open batch (and any batch still waiting for its
      // rate) was never sent
      java.util.regex.Matcher figures = java.util.regex.Pattern.compile("\\[this task attempt: (\\d+) items confirmed"
          + " written to table '" + table + "', (\\d+) queued but not written; nothing more was sent")
          .matcher(e.getMessage());
      assertTrue(figures.find(), e.getMessage());
      long confirmed = Long.parseLong(figures.group(1));
      assertEquals(45, confirmed + Long.parseLong(figures.group(2)), e.getMessage());
      assertTrue(confirmed >= 10, "batches were on the wire when the bad item came: " + e.getMessage());
      assertEquals(confirmed, atReport, "the table holds what the failure said");
      Thread.sleep(1_500);
      assertEquals(confirmed, backend.count(table), "nothing is written after the failure was reported");
      RuntimeException again = assertThrows(RuntimeException.class, w::close);
      assertEquals(e.getMessage(), again.getMessage(), "close reports the same failure");
      assertEquals(confirmed, backend.count(table));
    }
  }

  @Test
  void deleteModeDeletesTheGivenKeys(Backend backend) {
    String table = backend.createTable("deletes", "id", ScalarAttributeType.S);
    backend.putAll(table, io.ddbconnector.testkit.ItemCorpus.generated("id", 100, 3));
    Map<String, String> m = base(backend);
    m.put("dynamodb.output.tableName", table);
    m.put("dynamodb.write.mode", "delete");
    try (BatchWriter w = DynamoDBConnector.openWriter(Settings.of(m), 1, new ConnectorMetrics())) {
      for (Map<String, AttributeValue> i : backend.scanAll(table)) {
        if (i.get("id").s().compareTo("item-000050") < 0) {
          w.write(i);
        }
      }
    }
    assertEquals(50, backend.count(table));
  }
}
