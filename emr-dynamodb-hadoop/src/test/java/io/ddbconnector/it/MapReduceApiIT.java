package io.ddbconnector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapreduce.DynamoDBInputFormat;
import io.ddbconnector.mapreduce.DynamoDBOutputFormat;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The same read and copy through the new mapreduce API, on a hash+range table. */
@ExtendWith(DynamoDBBackendExtension.class)
class MapReduceApiIT {

  @Test
  void readAndCopyWithTheNewApi(Backend backend, @TempDir Path tmp) throws Exception {
    String src = backend.createTable("mrnew_src", "id", ScalarAttributeType.S, "seq", ScalarAttributeType.N);
    List<Map<String, AttributeValue>> items = ItemCorpus.generated("id", 3_000, 7);
    for (int i = 0; i < items.size(); i++) {
      items.get(i).put("seq", AttributeValue.fromN(Integer.toString(i % 5)));
    }
    backend.putAll(src, items);
    List<Map<String, AttributeValue>> expected = backend.scanAll(src);

    Job read = Job.getInstance(Jobs.localConf(backend, tmp), "read-new");
    read.getConfiguration().set("dynamodb.input.tableName", src);
    read.getConfiguration().set("dynamodb.scan.segments", "6");
    read.getConfiguration().set("dynamodb.max.map.tasks", "3");
    read.setInputFormatClass(DynamoDBInputFormat.class);
    read.setMapperClass(Mapper.class);
    read.setNumReduceTasks(0);
    read.setOutputKeyClass(Text.class);
    read.setOutputValueClass(DynamoDBItemWritable.class);
    read.setOutputFormatClass(SequenceFileOutputFormat.class);
    Path out = tmp.resolve("out");
    FileOutputFormat.setOutputPath(read, new org.apache.hadoop.fs.Path(out.toUri()));
    assertTrue(read.waitForCompletion(false));
    ItemChecksum.assertSameItems(expected, Jobs.readSequenceFiles(out, null));
    assertEquals(expected.size(), read.getCounters().findCounter(ConnectorMetrics.Counter.ITEMS_READ).getValue());

    String dst = backend.createTable("mrnew_dst", "id", ScalarAttributeType.S, "seq", ScalarAttributeType.N);
    Job copy = Job.getInstance(Jobs.localConf(backend, tmp), "copy-new");
    copy.getConfiguration().set("dynamodb.input.tableName", src);
    copy.getConfiguration().set("dynamodb.output.tableName", dst);
    copy.setInputFormatClass(DynamoDBInputFormat.class);
    copy.setMapperClass(Mapper.class);
    copy.setNumReduceTasks(0);
    copy.setOutputKeyClass(Text.class);
    copy.setOutputValueClass(DynamoDBItemWritable.class);
    copy.setOutputFormatClass(DynamoDBOutputFormat.class);
    assertTrue(copy.waitForCompletion(false));
    ItemChecksum.assertSameItems(expected, backend.scanAll(dst));
  }
}
