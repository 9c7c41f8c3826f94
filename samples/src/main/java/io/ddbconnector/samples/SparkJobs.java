package io.ddbconnector.samples;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import java.util.Map;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.JobConf;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The Spark plumbing the samples share: a quiet local context, and reading a table with
 * {@code sc.hadoopRDD} through the connector's {@code mapred} input format.
 */
public final class SparkJobs {

  private SparkJobs() {}

  /** A Spark context for a sample: no web UI, no console progress bar, UTC. */
  public static SparkConf conf(String appName, String master) {
    return new SparkConf()
        .setAppName(appName)
        .setMaster(master)
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.sql.session.timeZone", "UTC")
        .set("spark.sql.shuffle.partitions", "4");
  }

  /** A Hadoop job configuration holding the connector settings (endpoint, credentials, throughput...). */
  public static JobConf jobConf(JavaSparkContext sc, Settings settings) {
    JobConf conf = new JobConf(sc.hadoopConfiguration());
    for (Map.Entry<String, String> e : settings.raw().entrySet()) {
      conf.set(e.getKey(), e.getValue());
    }
    return conf;
  }

  /**
   * The table as an RDD of items. The splits read at once share the job's read budget live (nothing to
   * set: see the README's throughput section).
   */
  public static JavaPairRDD<Text, DynamoDBItemWritable> readTable(JavaSparkContext sc, Settings settings,
      String table) {
    JobConf conf = jobConf(sc, settings);
    conf.set(ConnectorOptions.INPUT_TABLE_NAME.name(), table);
    return sc.hadoopRDD(conf, DynamoDBInputFormat.class, Text.class, DynamoDBItemWritable.class);
  }

  /**
   * The orders of a table as {@link OrderFacts}. Hadoop record readers reuse the writable of each record,
   * so the facts are copied out in the first map.
   */
  public static JavaRDD<OrderFacts> readOrders(JavaSparkContext sc, Settings settings, String table) {
    return readTable(sc, settings, table).map(kv -> OrderFacts.of(kv._2().getItem()));
  }
}
