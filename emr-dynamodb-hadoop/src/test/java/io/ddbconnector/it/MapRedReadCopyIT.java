package io.ddbconnector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.mapred.DynamoDBOutputFormat;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.nio.file.Path;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Real MapReduce jobs (old mapred API, LocalJobRunner) against the backend. */
@ExtendWith(DynamoDBBackendExtension.class)
class MapRedReadCopyIT {

  static final int ITEMS = 20_000;
  static String source;
  static List<Map<String, AttributeValue>> expected;

  @BeforeAll
  static void load(Backend backend) {
    source = backend.createTable("mr_src", "id", ScalarAttributeType.S);
    backend.putAll(source, ItemCorpus.generated("id", ITEMS, 42));
    expected = backend.scanAll(source);
    assertEquals(ITEMS, expected.size());
  }

  @Test
  void readJobReturnsExactlyTheTable(Backend backend, @TempDir Path tmp) throws Exception {
    JobConf conf = Jobs.localConf(backend, tmp);
    conf.setJobName("read");
    conf.set("dynamodb.input.tableName", source);
    conf.setInputFormat(DynamoDBInputFormat.class);
    conf.setMapperClass(IdentityMapper.class);
    conf.setNumReduceTasks(0);
    conf.setOutputKeyClass(Text.class);
    conf.setOutputValueClass(DynamoDBItemWritable.class);
    conf.setOutputFormat(SequenceFileOutputFormat.class);
    Path out = tmp.resolve("out");
    FileOutputFormat.setOutputPath(conf, new org.apache.hadoop.fs.Path(out.toUri()));

    int splits = new DynamoDBInputFormat().getSplits(conf, 2).length;
    assertTrue(splits >= 4, "several splits without any setting, got " + splits);

    RunningJob job = JobClient.runJob(conf);
    assertTrue(job.isSuccessful());
    Map<String, String> keys = new HashMap<>();
    List<Map<String, AttributeValue>> got = Jobs.readSequenceFiles(out, keys);
    ItemChecksum.assertSameItems(expected, got);
    assertEquals(ItemChecksum.of(expected), ItemChecksum.of(got));
    assertEquals(ITEMS, keys.size(), "keys are the items' distinct primary keys");
    assertTrue(keys.containsKey("{\"id\":{\"S\":\"item-000123\"}}") || keys.keySet().iterator().next().startsWith("{\"id\":"),
        "key is the primary key as DynamoDB JSON: " + keys.keySet().iterator().next());
    Counters c = job.getCounters();
    assertEquals(ITEMS, c.getCounter(ConnectorMetrics.Counter.ITEMS_READ));
    assertTrue(c.getCounter(ConnectorMetrics.Counter.READ_UNITS_MILLI) > 0);
  }

  @Test
  void copyJobWritesAnEqualTable(Backend backend, @TempDir Path tmp) throws Exception {
    String target = backend.createTable("mr_dst", "id", ScalarAttributeType.S);
    RunningJob job = copy(backend, tmp, source, target);
    assertTrue(job.isSuccessful());
    ItemChecksum.assertSameItems(expected, backend.scanAll(target));
    assertEquals(ITEMS, job.getCounters().getCounter(ConnectorMetrics.Counter.ITEMS_WRITTEN));
  }

  @Test
  void trickyItemsSurviveACopyExactly(Backend backend, @TempDir Path tmp) throws Exception {
    String a = backend.createTable("tricky_src", "pk", ScalarAttributeType.S);
    String b = backend.createTable("tricky_dst", "pk", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> corpus = ItemCorpus.tricky("pk");
    backend.putAll(a, corpus);
    List<Map<String, AttributeValue>> stored = backend.scanAll(a);
    assertEquals(corpus.size(), stored.size());
    assertTrue(copy(backend, tmp, a, b).isSuccessful());
    List<Map<String, AttributeValue>> copied = backend.scanAll(b);
    ItemChecksum.assertSameItems(stored, copied);
    // bit for bit: the same AttributeValues, not just the same canonical form
    Map<AttributeValue, Map<String, AttributeValue>> byKey = new HashMap<>();
    for (Map<String, AttributeValue> i : stored) {
      byKey.put(i.get("pk"), i);
    }
    for (Map<String, AttributeValue> i : copied) {
      assertEquals(byKey.get(i.get("pk")), i, "item " + i.get("pk"));
    }
  }

  static RunningJob copy(Backend backend, Path tmp, String from, String to) throws Exception {
    JobConf conf = Jobs.localConf(backend, tmp);
    conf.setJobName("copy");
    conf.set("dynamodb.input.tableName", from);
    conf.set("dynamodb.output.tableName", to);
    conf.setInputFormat(DynamoDBInputFormat.class);
    conf.setMapperClass(IdentityMapper.class);
    conf.setNumReduceTasks(0);
    conf.setOutputKeyClass(Text.class);
    conf.setOutputValueClass(DynamoDBItemWritable.class);
    conf.setOutputFormat(DynamoDBOutputFormat.class);
    return JobClient.runJob(conf);
  }
}
