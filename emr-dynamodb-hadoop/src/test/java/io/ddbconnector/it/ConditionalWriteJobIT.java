package io.ddbconnector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapreduce.DynamoDBInputFormat;
import io.ddbconnector.mapreduce.DynamoDBOutputFormat;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.LogCapture;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** A MapReduce copy job (LocalJobRunner) with a write condition: rejections in the counters and the job's line. */
@ExtendWith(DynamoDBBackendExtension.class)
class ConditionalWriteJobIT {

  private static List<Map<String, AttributeValue>> items(int from, int to, String v) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = from; i < to; i++) {
      items.add(Map.of("id", AttributeValue.fromS("k" + i), "v", AttributeValue.fromS(v)));
    }
    return items;
  }

  private Job copy(Backend backend, Path tmp, String src, String dst, String name) throws Exception {
    Job copy = Job.getInstance(Jobs.localConf(backend, tmp), name);
    copy.getConfiguration().set("dynamodb.input.tableName", src);
    copy.getConfiguration().set("dynamodb.output.tableName", dst);
    copy.getConfiguration().set("dynamodb.scan.segments", "2");
    copy.getConfiguration().set("dynamodb.write.condition", "attribute_not_exists(id)");
    copy.setInputFormatClass(DynamoDBInputFormat.class);
    copy.setMapperClass(Mapper.class);
    copy.setNumReduceTasks(0);
    copy.setOutputKeyClass(Text.class);
    copy.setOutputValueClass(DynamoDBItemWritable.class);
    copy.setOutputFormatClass(DynamoDBOutputFormat.class);
    return copy;
  }

  @Test
  void aCopyJobCountsAndReportsTheRejectedItems(Backend backend, @TempDir Path tmp) throws Exception {
    String src = backend.createTable("mrcond_src", "id", ScalarAttributeType.S);
    String dst = backend.createTable("mrcond_dst", "id", ScalarAttributeType.S);
    backend.putAll(src, items(0, 400, "new"));
    backend.putAll(dst, items(0, 150, "old"));
    List<String> lines = new ArrayList<>();
    Job job = copy(backend, tmp, src, dst, "copy-conditional");
    Path rejected = tmp.resolve("rejected");
    job.getConfiguration().set("dynamodb.write.rejected.path", rejected.toUri().toString());
    try (LogCapture c = LogCapture.start(l -> {
      synchronized (lines) {
        lines.add(l);
      }
    })) {
      assertTrue(job.waitForCompletion(false));
    }
    assertEquals(250, job.getCounters().findCounter(ConnectorMetrics.Counter.ITEMS_WRITTEN).getValue());
    assertEquals(150, job.getCounters().findCounter(ConnectorMetrics.Counter.ITEMS_REJECTED).getValue());
    assertEquals("Items rejected by the write condition",
        job.getCounters().findCounter(ConnectorMetrics.Counter.ITEMS_REJECTED).getDisplayName());
    Map<String, String> v = new HashMap<>();
    backend.scanAll(dst).forEach(i -> v.put(i.get("id").s(), i.get("v").s()));
    assertEquals(400, v.size());
    for (int i = 0; i < 400; i++) {
      assertEquals(i < 150 ? "old" : "new", v.get("k" + i), "k" + i);
    }
    List<String> summary;
    synchronized (lines) {
      summary = lines.stream().filter(l -> l.contains("Conditional write job to DynamoDB table '" + dst + "' done"))
          .toList();
    }
    assertEquals(1, summary.size(), "one job-wide line: " + summary);
    assertTrue(summary.get(0).contains("(250 items written, 150 rejected by the condition)"), summary.get(0));
    // every rejected item, as the job sent it, in the tasks' files
    List<String> recorded = new ArrayList<>();
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(rejected)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("rejected-")).toList()) {
        for (String l : java.nio.file.Files.readAllLines(f)) {
          Map<String, AttributeValue> item = io.ddbconnector.types.DynamoJson.parseItem(l);
          assertEquals("new", item.get("v").s(), l);
          recorded.add(item.get("id").s());
        }
      }
    }
    recorded.sort(java.util.Comparator.comparing(id -> Integer.parseInt(id.substring(1))));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      expected.add("k" + i);
    }
    assertEquals(expected, recorded);

    // the same job again: every item is now rejected (as a replayed task's earlier writes would be)
    Job again = copy(backend, tmp, src, dst, "copy-conditional-again");
    assertTrue(again.waitForCompletion(false));
    assertEquals(0, again.getCounters().findCounter(ConnectorMetrics.Counter.ITEMS_WRITTEN).getValue());
    assertEquals(400, again.getCounters().findCounter(ConnectorMetrics.Counter.ITEMS_REJECTED).getValue());
  }
}
