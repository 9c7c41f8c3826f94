package io.ddbconnector.it;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.testkit.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.JobConf;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Job configuration and output helpers shared by the MapReduce integration tests. */
final class Jobs {
  private Jobs() {}

  /** A LocalJobRunner conf pointing the connector at the backend, running 4 maps at once. */
  static JobConf localConf(Backend backend, Path tmp) {
    JobConf conf = new JobConf();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapreduce.cluster.local.dir", tmp.resolve("local").toString());
    conf.set("hadoop.tmp.dir", tmp.resolve("hadoop-tmp").toString());
    conf.setInt("mapreduce.local.map.tasks.maximum", 4);
    conf.set("dynamodb.endpoint", backend.endpoint().toString());
    conf.set("dynamodb.region", backend.region());
    conf.set("dynamodb.awsAccessKeyId", "dummy");
    conf.set("dynamodb.awsSecretAccessKey", "dummy");
    conf.set("dynamodb.throughput.read.percent", "1.0");
    conf.set("dynamodb.throughput.write.percent", "1.0");
    return conf;
  }

  /** Reads every (key, item) the job wrote as SequenceFiles under {@code dir}. */
  static List<Map<String, AttributeValue>> readSequenceFiles(Path dir, Map<String, String> keysOut)
      throws IOException {
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
          items.add(new HashMap<>(v.getItem()));
          if (keysOut != null) {
            keysOut.put(k.toString(), "");
          }
        }
      }
    }
    return items;
  }

  static Path newDir(Path tmp, String name) throws IOException {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    return p;
  }
}
