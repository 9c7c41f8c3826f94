package io.ddbconnector.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.LogCapture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.dynamodb.DynamoDBConstants;
import org.apache.hadoop.dynamodb.DynamoDBItemWritable;
import org.apache.hadoop.dynamodb.read.DynamoDBInputFormat;
import org.apache.hadoop.dynamodb.write.DynamoDBOutputFormat;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapReduceBase;
import org.apache.hadoop.mapred.Mapper;
import org.apache.hadoop.mapred.OutputCollector;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.RunningJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A copy job as users of the EMR DynamoDB connector write it: only that connector's class names
 * ({@code org.apache.hadoop.dynamodb.*}) and configuration keys ({@link DynamoDBConstants}), run by the
 * LocalJobRunner against the backend. The copy must hold exactly the source's items, and a key the EMR connector
 * had and this one does not need is reported once for the whole job (planning and every task).
 */
@ExtendWith(DynamoDBBackendExtension.class)
class ReferenceMapReduceIT {

  static final int ITEMS = 3_000;

  /** The mapper of a reference-connector job: typed on the EMR connector's item class, copying each item. */
  public static class CopyMapper extends MapReduceBase
      implements Mapper<Text, DynamoDBItemWritable, Text, DynamoDBItemWritable> {
    @Override
    public void map(Text key, DynamoDBItemWritable value, OutputCollector<Text, DynamoDBItemWritable> out,
        Reporter reporter) throws IOException {
      Map<String, AttributeValue> item = new HashMap<>(value.getItem());
      DynamoDBItemWritable copy = new DynamoDBItemWritable();
      copy.setItem(item);
      out.collect(new Text(), copy);
    }
  }

  /** Whether the values the input format hands out are of the EMR connector's class: checked in a task. */
  public static class ClassCheckMapper extends CopyMapper {
    @Override
    public void map(Text key, DynamoDBItemWritable value, OutputCollector<Text, DynamoDBItemWritable> out,
        Reporter reporter) throws IOException {
      if (value.getClass() != DynamoDBItemWritable.class) {
        throw new IOException("record of class " + value.getClass().getName());
      }
      super.map(key, value, out, reporter);
    }
  }

  @Test
  void copyJobWithTheReferenceNamesCopiesExactly(Backend backend, @TempDir Path tmp) throws Exception {
    String source = backend.createTable("compat_src", "id", ScalarAttributeType.S);
    String target = backend.createTable("compat_dst", "id", ScalarAttributeType.S);
    backend.putAll(source, ItemCorpus.generated("id", ITEMS, 15));
    List<Map<String, AttributeValue>> expected = backend.scanAll(source);
    assertEquals(ITEMS, expected.size());

    JobConf conf = new JobConf();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapreduce.cluster.local.dir", tmp.resolve("local").toString());
    conf.set("hadoop.tmp.dir", tmp.resolve("hadoop-tmp").toString());
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    // the job's setup, as written for the EMR connector
    conf.setJobName("reference copy");
    conf.set(DynamoDBConstants.ENDPOINT, backend.endpoint().toString());
    conf.set(DynamoDBConstants.REGION_ID, backend.region());
    conf.set(DynamoDBConstants.DYNAMODB_ACCESS_KEY_CONF, "dummy");
    conf.set(DynamoDBConstants.DYNAMODB_SECRET_KEY_CONF, "dummy");
    conf.set(DynamoDBConstants.INPUT_TABLE_NAME, source);
    conf.set(DynamoDBConstants.OUTPUT_TABLE_NAME, target);
    conf.set(DynamoDBConstants.THROUGHPUT_READ_PERCENT, "1.0");
    conf.set(DynamoDBConstants.THROUGHPUT_WRITE_PERCENT, "1.0");
    conf.set(DynamoDBConstants.MAX_MAP_TASKS, "4");
    conf.set(DynamoDBConstants.SCAN_SEGMENTS, "4");
    conf.set(DynamoDBConstants.MAX_ITEMS_PER_BATCH, "10");
    conf.set(DynamoDBConstants.YARN_RESOURCE_MANAGER_ENABLED, "false");
    conf.set(DynamoDBConstants.ITEM_COUNT, Integer.toString(ITEMS));
    conf.setInputFormat(DynamoDBInputFormat.class);
    conf.setOutputFormat(DynamoDBOutputFormat.class);
    conf.setMapperClass(ClassCheckMapper.class);
    conf.setNumReduceTasks(0);
    conf.setOutputKeyClass(Text.class);
    conf.setOutputValueClass(DynamoDBItemWritable.class);

    List<String> log = new ArrayList<>();
    RunningJob job;
    try (LogCapture c = LogCapture.start(line -> {
      synchronized (log) {
        log.add(line);
      }
    })) {
      job = JobClient.runJob(conf);
    }
    assertTrue(job.isSuccessful());

    List<Map<String, AttributeValue>> copied = backend.scanAll(target);
    assertEquals(ITEMS, copied.size());
    ItemChecksum.assertSameItems(expected, copied);
    assertEquals(ItemChecksum.of(expected), ItemChecksum.of(copied));

    List<String> lines;
    synchronized (log) {
      lines = List.copyOf(log);
    }
    for (String key : List.of(DynamoDBConstants.YARN_RESOURCE_MANAGER_ENABLED, DynamoDBConstants.ITEM_COUNT)) {
      List<String> about = lines.stream().filter(l -> l.contains("'" + key + "'")).collect(Collectors.toList());
      assertEquals(1, about.size(), key + " is reported once for the job: " + about);
      assertTrue(about.get(0).contains("not needed"), about.get(0));
    }
    for (String key : List.of(DynamoDBConstants.REGION_ID, DynamoDBConstants.MAX_ITEMS_PER_BATCH)) {
      assertEquals(List.of(), lines.stream().filter(l -> l.contains("'" + key + "'")).collect(Collectors.toList()),
          key + " is honoured: nothing reported");
    }
  }
}
