package io.ddbconnector.spark;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.hadoop.HadoopWriteLedger;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.write.WriteLedger;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.mapred.DynamoDBOutputFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.JobConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reading and writing tables as RDDs of items ({@code Map<String, AttributeValue>}) from Java, on top of
 * the connector's Hadoop formats ({@code hadoopRDD} / {@code saveAsHadoopDataset}), so an RDD job is
 * split, rate-limited and retried exactly like a MapReduce job.
 *
 * <p>Options are the DataFrame source's ({@code tableName}, {@code endpoint}, {@code readPercent}, ... or
 * full {@code dynamodb.*} keys; see {@link SparkSettings}); they override {@code spark.dynamodb.*} and
 * {@code spark.hadoop.dynamodb.*} configuration.
 */
public final class DynamoDBSpark {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDBSpark.class);

  private DynamoDBSpark() {}

  /**
   * A JobConf for the connector's {@code mapred} formats: the context's Hadoop configuration (which holds
   * {@code spark.hadoop.*}) plus the merged connector settings.
   */
  public static JobConf jobConf(SparkContext sc, Map<String, String> options) {
    Map<String, String> conf = new TreeMap<>();
    for (Tuple2<String, String> e : sc.getConf().getAll()) {
      conf.put(e._1(), e._2());
    }
    SparkSettings settings = SparkSettings.from(conf, options, sc.defaultParallelism());
    for (String w : settings.checkKeys()) {
      LOG.warn(w);
    }
    JobConf job = new JobConf(sc.hadoopConfiguration());
    for (Map.Entry<String, String> e : settings.coreMap().entrySet()) {
      job.set(e.getKey(), e.getValue());
    }
    HadoopSettings.markSecretsSensitive(job);
    return job;
  }

  /**
   * Reads {@code tableName} as items. Each element is a fresh {@link SerializableItem} (Hadoop reuses its
   * value objects, so items are copied out of them) that is safe to cache, collect and shuffle, binary
   * values included.
   */
  public static JavaRDD<Map<String, AttributeValue>> readItems(JavaSparkContext jsc, Map<String, String> options) {
    return items(jsc.hadoopRDD(jobConf(jsc.sc(), options), DynamoDBInputFormat.class, Text.class,
        DynamoDBItemWritable.class, jsc.defaultParallelism()));
  }

  /** The items of an input format's records, copied out of Hadoop's reused writables. */
  private static JavaRDD<Map<String, AttributeValue>> items(JavaPairRDD<Text, DynamoDBItemWritable> records) {
    return records.map(pair -> new SerializableItem(pair._2().getItem()));
  }

  /**
   * Reads a DynamoDB table export ({@code exportPath} / {@code dynamodb.export.path}, or one requested first with
   * {@code dynamodb.export.request.s3Bucket}) as items, one partition per data file, without any read of the
   * table ({@link io.ddbconnector.mapred.DynamoDBExportInputFormat}). Elements are {@link SerializableItem}s.
   */
  public static JavaRDD<Map<String, AttributeValue>> readExportItems(JavaSparkContext jsc,
      Map<String, String> options) {
    return items(jsc.hadoopRDD(jobConf(jsc.sc(), options), io.ddbconnector.mapred.DynamoDBExportInputFormat.class,
        Text.class, DynamoDBItemWritable.class));
  }

  /**
   * Writes items to {@code tableName} (BatchWriteItem; with option {@code mode=delete}, deletes the items'
   * keys). The write budget is shared live among the writing tasks running at the moment (planned
   * division by {@code min(partitions, defaultParallelism)} when coordination is off). Items
   * built on the driver with binary values must be {@link SerializableItem}s (see there) before
   * {@code parallelize}.
   */
  public static void writeItems(JavaRDD<Map<String, AttributeValue>> items, Map<String, String> options) {
    SparkContext sc = items.context();
    JobConf job = jobConf(sc, options);
    int writers = Math.max(1, Math.min(items.getNumPartitions(), sc.defaultParallelism()));
    // HadoopSettings.writingTasks() reads the concurrent writer count from these two keys
    job.setInt("mapreduce.job.reduces", writers);
    job.setInt("mapreduce.local.reduce.tasks.maximum", writers);
    HadoopSettings.stampJobGroup(job);
    job.setOutputFormat(DynamoDBOutputFormat.class);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(DynamoDBItemWritable.class);
    try {
      items.mapToPair(item -> new Tuple2<>(NullWritable.get(), new DynamoDBItemWritable(item)))
          .saveAsHadoopDataset(job);
    } catch (Exception e) {
      throw jobFailed(job, e);
    }
  }

  /**
   * For {@code foreachBatch} of a streaming query (and any code that has one DataFrame per step): writes
   * each micro-batch to the table through the {@code dynamodb} data source with {@code options} — the same
   * writer, rate contract, retries and failure reports as a batch write. A replayed batch puts the same
   * items again, so keyed writes end exactly once. DStream users write each RDD with
   * {@code stream.foreachRDD(rdd -> DynamoDBSpark.writeItems(rdd, options))}.
   *
   * <pre>{@code
   * query = df.writeStream().foreachBatch(DynamoDBSpark.foreachBatchWriter(options)).start();
   * }</pre>
   */
  public static org.apache.spark.api.java.function.VoidFunction2<org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>,
      Long> foreachBatchWriter(Map<String, String> options) {
    Map<String, String> copy = new TreeMap<>(options);
    return (batch, batchId) -> batch.write().format("dynamodb").options(copy)
        .mode(org.apache.spark.sql.SaveMode.Append).save();
  }

  /**
   * The failure of a write job, with the job-wide figures of its write reports (every attempt, failed ones
   * included) in front of Spark's message; {@code e} itself when there are none.
   */
  static RuntimeException jobFailed(JobConf job, Exception e) {
    String table = job.get(ConnectorOptions.OUTPUT_TABLE_NAME.name());
    WriteLedger.Store store = HadoopWriteLedger.store(job, HadoopSettings.jobGroup(job));
    WriteLedger.Summary s = store == null ? null : WriteLedger.finish(store, HadoopWriteLedger.finishWaitMs(job));
    if (s == null) {
      return e instanceof RuntimeException ? (RuntimeException) e : new DynamoDBConnectorException(
          String.valueOf(e.getMessage()), e);
    }
    String cause = String.valueOf(e.getMessage());
    int nl = cause.indexOf('\n');
    return new DynamoDBConnectorException("Writing to DynamoDB table '" + table + "' failed. Job-wide: "
        + s.describe() + ". Summary with every key in doubt or not written: " + store.location() + "/"
        + WriteLedger.SUMMARY + ". Spark: " + (nl < 0 ? cause : cause.substring(0, nl)), e);
  }
}
