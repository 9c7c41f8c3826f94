package io.ddbconnector.bundletests.child;

import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.dynamodb.DynamoDBItemWritable;
import org.apache.hadoop.dynamodb.read.DynamoDBInputFormat;
import org.apache.hadoop.dynamodb.write.DynamoDBOutputFormat;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.JobConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A Spark application as a user of the Spark bundle writes it, run in a JVM whose classpath is Spark's jars, the
 * bundle and this class only (local[2]), or submitted with {@code --jars <bundle>} to a standalone cluster. Reads
 * with {@code sc.hadoopRDD} through the EMR connector's class names, writes each item back with n doubled through
 * {@code saveAsHadoopDataset}, then reads with the "dynamodb" DataFrame source and appends the rows with
 * {@code n % 3 = 0} to a third table. Prints {@code RESULT key=value} lines for the test to check.
 *
 * <p>Arguments: endpoint region sourceTable rddTarget dataFrameTarget [master].
 */
public final class SparkJob {

  private SparkJob() {}

  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    String region = args[1];
    SparkSession.Builder builder = SparkSession.builder().appName("bundle-spark-job")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4");
    if (args.length > 5) {
      builder.master(args[5]).config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
    }
    SparkSession spark = builder.getOrCreate();
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      result("connector.jar", DynamoDBInputFormat.class.getProtectionDomain().getCodeSource().getLocation());
      result("sdk.jar", AttributeValue.class.getProtectionDomain().getCodeSource().getLocation());

      JobConf in = conf(jsc, endpoint, region);
      in.set("dynamodb.input.tableName", args[2]);
      JavaPairRDD<Text, DynamoDBItemWritable> rdd = jsc.hadoopRDD(in, DynamoDBInputFormat.class, Text.class,
          DynamoDBItemWritable.class);
      result("rdd.count", rdd.count());
      result("rdd.partitions", rdd.getNumPartitions());
      JobConf out = conf(jsc, endpoint, region);
      out.set("dynamodb.output.tableName", args[3]);
      out.setOutputFormat(DynamoDBOutputFormat.class);
      rdd.mapToPair(p -> {
        Map<String, AttributeValue> item = new HashMap<>(p._2().getItem());
        item.put("n", AttributeValue.fromN(Long.toString(2 * Long.parseLong(item.get("n").n()))));
        item.put("via", AttributeValue.fromS("rdd"));
        return new Tuple2<>(new Text(item.get("id").s()), new DynamoDBItemWritable(item));
      }).saveAsHadoopDataset(out);

      Map<String, String> read = options(endpoint, region, args[2]);
      Dataset<Row> df = spark.read().format("dynamodb").options(read).load();
      result("df.schema", df.schema().simpleString());
      result("df.count", df.count());
      Dataset<Row> third = df.filter("n % 3 = 0").select("id", "name", "n");
      result("df.selected", third.count());
      third.write().format("dynamodb").options(options(endpoint, region, args[4])).mode("append").save();
      result("done", true);
    } finally {
      spark.stop();
    }
  }

  private static JobConf conf(JavaSparkContext jsc, String endpoint, String region) {
    JobConf conf = new JobConf(jsc.hadoopConfiguration());
    // the EMR connector's key names, as its users' jobs set them
    conf.set("dynamodb.endpoint", endpoint);
    conf.set("dynamodb.regionid", region);
    conf.set("dynamodb.awsAccessKeyId", "dummy");
    conf.set("dynamodb.awsSecretAccessKey", "dummy");
    conf.set("dynamodb.throughput.read.percent", "1.0");
    conf.set("dynamodb.throughput.write.percent", "1.0");
    return conf;
  }

  private static Map<String, String> options(String endpoint, String region, String table) {
    Map<String, String> o = new HashMap<>();
    o.put("tableName", table);
    o.put("endpoint", endpoint);
    o.put("region", region);
    o.put("accessKeyId", "dummy");
    o.put("secretAccessKey", "dummy");
    return o;
  }

  private static void result(String key, Object value) {
    System.out.println("RESULT " + key + "=" + value);
    System.out.flush();
  }
}
