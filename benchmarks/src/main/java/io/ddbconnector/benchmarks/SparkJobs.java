package io.ddbconnector.benchmarks;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.mapred.DynamoDBOutputFormat;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.JobConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The Spark paths users run, on a {@code local[N]} session in this JVM, written as the README writes them:
 * {@code sc.hadoopRDD} over {@link DynamoDBInputFormat}, {@code saveAsHadoopDataset} with
 * {@link DynamoDBOutputFormat}, and the {@code "dynamodb"} DataFrame source for reads and writes. Nothing
 * sets {@code dynamodb.throughput.concurrency}: the tasks share the job's budget live.
 */
final class SparkJobs implements AutoCloseable {

  private final SparkSession spark;
  private final JavaSparkContext jsc;
  private final TaskWindow tasks = new TaskWindow();

  SparkJobs(int cores) {
    this.spark = SparkSession.builder().master("local[" + cores + "]").appName("rate-benchmark")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", Integer.toString(cores))
        .getOrCreate();
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    spark.sparkContext().addSparkListener(tasks);
  }

  /**
   * Spark's own view of the tasks of the actions since the last call: the first task's launch to the last
   * task's end, in seconds, and how many tasks ran; then starts over. Listener events arrive
   * asynchronously, so it waits briefly for the last ones.
   */
  TaskWindow.Span takeTaskWindow() {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return tasks.take();
  }

  /** Collects the launch and finish times of every task Spark ran. */
  static final class TaskWindow extends SparkListener {
    /** Seconds from the first task's launch to the last task's end, and the number of tasks. */
    record Span(double seconds, int tasks) {
      String describe() {
        return String.format(java.util.Locale.ROOT, "Spark's tasks: %d, first launch to last end %.1f s", tasks,
            seconds);
      }
    }

    private long first = Long.MAX_VALUE;
    private long last;
    private int count;

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
      first = Math.min(first, end.taskInfo().launchTime());
      last = Math.max(last, end.taskInfo().finishTime());
      count++;
    }

    synchronized Span take() {
      Span s = new Span(count == 0 ? Double.NaN : (last - first) / 1e3, count);
      first = Long.MAX_VALUE;
      last = 0;
      count = 0;
      return s;
    }
  }

  private JobConf jobConf(Map<String, String> settings) {
    JobConf conf = new JobConf(jsc.hadoopConfiguration());
    settings.forEach(conf::set);
    return conf;
  }

  /** {@code hadoopRDD(...).count()} over {@code splits} splits; returns the items read. */
  long hadoopRddRead(Map<String, String> settings, int splits) {
    JobConf conf = jobConf(settings);
    conf.set("dynamodb.scan.segments", Integer.toString(splits));
    return jsc.hadoopRDD(conf, DynamoDBInputFormat.class, Text.class, DynamoDBItemWritable.class, splits).count();
  }

  /** {@code saveAsHadoopDataset} of {@code items} typical items generated in {@code partitions} partitions. */
  void saveAsHadoopDataset(Map<String, String> settings, long items, int partitions) {
    JobConf conf = jobConf(settings);
    conf.setOutputFormat(DynamoDBOutputFormat.class);
    List<Integer> parts = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      parts.add(p);
    }
    jsc.parallelize(parts, partitions)
        .flatMapToPair(p -> generated(items * p / partitions, items * (p + 1) / partitions))
        .saveAsHadoopDataset(conf);
  }

  /** Typical items {@code from} to {@code to}, made as the partition is written. */
  private static Iterator<Tuple2<NullWritable, DynamoDBItemWritable>> generated(long from, long to) {
    return new Iterator<>() {
      private long next = from;

      @Override
      public boolean hasNext() {
        return next < to;
      }

      @Override
      public Tuple2<NullWritable, DynamoDBItemWritable> next() {
        if (next >= to) {
          throw new NoSuchElementException();
        }
        return new Tuple2<>(NullWritable.get(), new DynamoDBItemWritable(Items.typical("save-", next++)));
      }
    };
  }

  /**
   * {@code spark.read.format("dynamodb")} with the given options (schema inferred), then a {@code groupBy}
   * aggregate over every item; returns the items counted.
   */
  long dataFrameRead(Map<String, String> options) {
    DataFrameReader reader = spark.read().format("dynamodb");
    options.forEach(reader::option);
    Dataset<Row> items = reader.load();
    long n = 0;
    for (Row r : items.groupBy("category").agg(count(lit(1)), sum("quantity")).collectAsList()) {
      n += r.getLong(1);
    }
    return n;
  }

  /** {@code df.write.format("dynamodb")} of {@code rows} generated rows in {@code partitions} partitions. */
  void dataFrameWrite(Map<String, String> options, long rows, int partitions) {
    Dataset<Row> df = spark.range(0, rows, 1, partitions).selectExpr(
        "format_string('dfw-%08d', id) AS id",
        "concat('Item number ', id, ' of the DataFrame write') AS name",
        "element_at(array('books', 'garden', 'toys', 'kitchen', 'sports', 'music'), CAST(id % 6 + 1 AS INT))"
            + " AS category",
        "id % 1000 AS quantity",
        "CAST(1 + id % 997 + (id % 100) / 100.0 AS DOUBLE) AS price",
        "upper(hex(id * 2654435761)) AS sku");
    df.write().format("dynamodb").options(options).mode("append").save();
  }

  @Override
  public void close() {
    spark.stop();
  }
}
