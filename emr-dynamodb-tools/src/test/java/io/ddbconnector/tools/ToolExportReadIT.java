package io.ddbconnector.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapreduce.DynamoDBExportInputFormat;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import io.ddbconnector.testkit.ItemChecksum;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.proxy.ThrottlingProxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.SequenceFile;
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

/**
 * The tool's {@code --format dynamodb-export} output read back by the connector's export input format in a
 * MapReduce job (LocalJobRunner): the items equal the live table's, the tricky corpus included, and the job
 * sends DynamoDB no request at all.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class ToolExportReadIT {

  @Test
  void aToolWrittenExportReadsAsTheTableWithNoRequestToDynamoDb(Backend backend, @TempDir Path tmp) throws Exception {
    String table = ToolsIT.table(backend, "tool_export_read", "id", ScalarAttributeType.S);
    List<Map<String, AttributeValue>> items = new ArrayList<>(ItemCorpus.tricky("id"));
    items.addAll(ItemCorpus.generated("id", 1_000, 23));
    backend.putAll(table, items);
    List<Map<String, AttributeValue>> live = backend.scanAll(table);
    Path bucket = tmp.resolve("bucket");
    ToolsIT.ok(ToolsIT.tool(backend, "export", "--table", table, "--to", bucket.toString(), "--format",
        "dynamodb-export"));

    try (ThrottlingProxy proxy = ThrottlingProxy.start(backend.endpoint())) {
      Configuration conf = new Configuration();
      conf.set("mapreduce.framework.name", "local");
      conf.set("fs.defaultFS", "file:///");
      conf.set("mapreduce.cluster.local.dir", tmp.resolve("local").toString());
      conf.set("hadoop.tmp.dir", tmp.resolve("hadoop-tmp").toString());
      conf.set("dynamodb.endpoint", proxy.endpoint().toString());
      conf.set("dynamodb.region", backend.region());
      conf.set("dynamodb.export.path", bucket.toUri().toString()); // the prefix holding one export
      Job job = Job.getInstance(conf, "read-tool-export");
      job.setInputFormatClass(DynamoDBExportInputFormat.class);
      job.setMapperClass(Mapper.class);
      job.setNumReduceTasks(0);
      job.setOutputKeyClass(Text.class);
      job.setOutputValueClass(DynamoDBItemWritable.class);
      job.setOutputFormatClass(SequenceFileOutputFormat.class);
      Path out = tmp.resolve("out");
      FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(out.toUri()));
      assertTrue(job.waitForCompletion(false));

      ItemChecksum.assertSameItems(live, readSequenceFiles(out));
      for (String op : List.of("Scan", "Query", "DescribeTable", "GetItem", "BatchGetItem")) {
        assertEquals(0, proxy.requests(op), op + " requests for an export read");
      }
    }
  }

  private static List<Map<String, AttributeValue>> readSequenceFiles(Path dir) throws Exception {
    Configuration conf = new Configuration();
    FileSystem fs = FileSystem.getLocal(conf);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (FileStatus st : fs.listStatus(new org.apache.hadoop.fs.Path(dir.toUri()))) {
      if (st.getPath().getName().startsWith("part-")) {
        try (SequenceFile.Reader r = new SequenceFile.Reader(conf, SequenceFile.Reader.file(st.getPath()))) {
          Text k = new Text();
          DynamoDBItemWritable v = new DynamoDBItemWritable();
          while (r.next(k, v)) {
            items.add(new java.util.HashMap<>(v.getItem()));
          }
        }
      }
    }
    return items;
  }
}
