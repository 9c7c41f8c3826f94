package io.ddbconnector.samples;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.mapred.DynamoDBOutputFormat;
import io.ddbconnector.samples.common.Cli;
import io.ddbconnector.samples.common.Programs;
import io.ddbconnector.samples.common.Tables;
import io.ddbconnector.samples.common.TextTable;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapReduceBase;
import org.apache.hadoop.mapred.Mapper;
import org.apache.hadoop.mapred.OutputCollector;
import org.apache.hadoop.mapred.Reducer;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.RunningJob;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A MapReduce job with the {@code mapred} API: reads a table with {@code DynamoDBInputFormat}, counts the
 * items and sums a number attribute per value of a string attribute (by default: orders and amount per
 * {@code status}), and writes one item per group to another table with {@code DynamoDBOutputFormat}.
 * Runs in-process with Hadoop's LocalJobRunner; the same job runs on a cluster with
 * {@code mapreduce.framework.name=yarn} and the jars on the job's classpath.
 */
public final class MapReduceAggregate {

  static final String GROUP_BY = "samples.aggregate.groupBy";
  static final String SUM = "samples.aggregate.sum";
  /** The group of items that lack the group-by attribute. */
  static final String NO_VALUE = "(none)";

  static final Set<String> VALUE_OPTIONS = OrdersAnalytics.union(SampleEnvironment.VALUE_OPTIONS,
      Set.of("--group-by", "--sum", "--output-table"));

  private MapReduceAggregate() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return Programs.run("mapreduce-aggregate", args, out, err, VALUE_OPTIONS, SampleEnvironment.FLAG_OPTIONS,
        MapReduceAggregate::usage, cli -> aggregate(cli, out));
  }

  static String usage() {
    return "Usage: ./run-sample.sh mapreduce [options]\n"
        + "A MapReduce job (mapred API, LocalJobRunner): per value of --group-by, counts the items and sums\n"
        + "--sum, and writes one item per group to --output-table.\n\n"
        + "  --group-by ATTR         string attribute to group by (default: status)\n"
        + "  --sum ATTR              number attribute to sum (default: amount)\n"
        + "  --output-table NAME     result table, hash key = the --group-by attribute (S); created if missing\n"
        + "                          (default: <table>_by_<group-by>)\n\n"
        + String.format(Locale.ROOT, SampleEnvironment.HELP, "20000");
  }

  /** Runs the job; returns group → totals as read back from the output table. */
  static Map<String, Totals> aggregate(Cli cli, PrintStream out) throws IOException {
    String groupBy = cli.get("--group-by", "status");
    String sum = cli.get("--sum", "amount");
    try (SampleEnvironment env = SampleEnvironment.open(cli, out, 20_000)) {
      String outputTable = cli.get("--output-table", env.table() + "_by_" + groupBy);
      env.ensureTable(outputTable, List.of(new TableInfo.KeyAttribute(groupBy, "S")));
      Path scratch = Files.createTempDirectory("mapreduce-aggregate");
      try {
        JobConf job = new JobConf(MapReduceAggregate.class);
        job.setJobName("aggregate " + env.table() + " by " + groupBy);
        job.set("mapreduce.framework.name", "local");
        job.set("fs.defaultFS", "file:///");
        job.set("hadoop.tmp.dir", scratch.resolve("tmp").toString());
        job.set("mapreduce.cluster.local.dir", scratch.resolve("local").toString());
        job.setInt("mapreduce.local.map.tasks.maximum", Runtime.getRuntime().availableProcessors());
        for (Map.Entry<String, String> e : env.settings().raw().entrySet()) {
          job.set(e.getKey(), e.getValue());
        }
        job.set(ConnectorOptions.INPUT_TABLE_NAME.name(), env.table());
        job.set(ConnectorOptions.OUTPUT_TABLE_NAME.name(), outputTable);
        job.set(GROUP_BY, groupBy);
        job.set(SUM, sum);

        job.setInputFormat(DynamoDBInputFormat.class);
        job.setMapperClass(GroupMapper.class);
        job.setMapOutputKeyClass(Text.class);
        job.setMapOutputValueClass(CountSum.class);
        job.setCombinerClass(CountSumCombiner.class);
        job.setReducerClass(ToItemReducer.class);
        job.setNumReduceTasks(1);
        job.setOutputFormat(DynamoDBOutputFormat.class);
        job.setOutputKeyClass(NullWritable.class);
        job.setOutputValueClass(DynamoDBItemWritable.class);

        out.println("Running MapReduce job '" + job.getJobName() + "' (LocalJobRunner) ...");
        long t0 = System.nanoTime();
        RunningJob running = JobClient.runJob(job);
        double secs = (System.nanoTime() - t0) / 1e9;
        if (!running.isSuccessful()) {
          throw new IllegalStateException("job " + running.getID() + " failed: " + running.getFailureInfo());
        }
        long read = running.getCounters().getCounter(ConnectorMetrics.Counter.ITEMS_READ);
        long written = running.getCounters().getCounter(ConnectorMetrics.Counter.ITEMS_WRITTEN);
        out.printf(Locale.ROOT, "Job done in %.1f s: %,d items read from '%s', %,d groups written to '%s'%n%n",
            secs, read, env.table(), written, outputTable);
        Map<String, Totals> result = readBack(env, outputTable, groupBy, sum);
        print(out, outputTable, groupBy, sum, result);
        return result;
      } finally {
        deleteRecursively(scratch);
      }
    }
  }

  static String sumAttribute(String sum) {
    return "sum_" + sum;
  }

  private static Map<String, Totals> readBack(SampleEnvironment env, String table, String groupBy, String sum) {
    Map<String, Totals> result = new TreeMap<>();
    for (Map<String, AttributeValue> item : Tables.readAll(env.settings(), table)) {
      result.put(item.get(groupBy).s(), new Totals(Long.parseLong(item.get("items").n()),
          new BigDecimal(item.get(sumAttribute(sum)).n())));
    }
    return result;
  }

  private static void print(PrintStream out, String table, String groupBy, String sum, Map<String, Totals> result) {
    out.println("Read back from '" + table + "':");
    TextTable t = new TextTable(groupBy, "items", sumAttribute(sum)).numeric(1, 2);
    long items = 0;
    BigDecimal total = BigDecimal.ZERO;
    for (Map.Entry<String, Totals> e : result.entrySet()) {
      t.row(e.getKey(), e.getValue().orders(), e.getValue().amount());
      items += e.getValue().orders();
      total = total.add(e.getValue().amount());
    }
    t.separator().row("total", items, total);
    t.print(out);
  }

  /** (count, exact sum) of a group; the map output value. */
  public static final class CountSum implements Writable {
    private long count;
    private BigDecimal sum = BigDecimal.ZERO;

    public CountSum() {}

    CountSum(long count, BigDecimal sum) {
      this.count = count;
      this.sum = sum;
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeLong(count);
      out.writeUTF(sum.toString());
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      count = in.readLong();
      sum = new BigDecimal(in.readUTF());
    }
  }

  /** Emits (group value, (1, number)) per item. */
  public static final class GroupMapper extends MapReduceBase
      implements Mapper<Text, DynamoDBItemWritable, Text, CountSum> {
    private String groupBy;
    private String sum;
    private final Text group = new Text();

    @Override
    public void configure(JobConf job) {
      groupBy = job.get(GROUP_BY);
      sum = job.get(SUM);
    }

    @Override
    public void map(Text key, DynamoDBItemWritable value, OutputCollector<Text, CountSum> out, Reporter reporter)
        throws IOException {
      Map<String, AttributeValue> item = value.getItem();
      AttributeValue g = item.get(groupBy);
      AttributeValue n = item.get(sum);
      group.set(g != null && g.s() != null ? g.s() : NO_VALUE);
      out.collect(group, new CountSum(1, n != null && n.n() != null ? new BigDecimal(n.n()) : BigDecimal.ZERO));
    }
  }

  /** Adds up partial (count, sum) pairs on the map side. */
  public static final class CountSumCombiner extends MapReduceBase implements Reducer<Text, CountSum, Text, CountSum> {
    @Override
    public void reduce(Text key, Iterator<CountSum> values, OutputCollector<Text, CountSum> out, Reporter reporter)
        throws IOException {
      out.collect(key, total(values));
    }
  }

  /** Writes one item per group: {@code {<group-by>: value, items: count, sum_<attr>: sum}}. */
  public static final class ToItemReducer extends MapReduceBase
      implements Reducer<Text, CountSum, NullWritable, DynamoDBItemWritable> {
    private String groupBy;
    private String sum;

    @Override
    public void configure(JobConf job) {
      groupBy = job.get(GROUP_BY);
      sum = job.get(SUM);
    }

    @Override
    public void reduce(Text key, Iterator<CountSum> values, OutputCollector<NullWritable, DynamoDBItemWritable> out,
        Reporter reporter) throws IOException {
      CountSum t = total(values);
      Map<String, AttributeValue> item = new LinkedHashMap<>();
      item.put(groupBy, AttributeValue.fromS(key.toString()));
      item.put("items", AttributeValue.fromN(Long.toString(t.count)));
      item.put(sumAttribute(sum), AttributeValue.fromN(t.sum.toPlainString()));
      out.collect(NullWritable.get(), new DynamoDBItemWritable(item));
    }
  }

  private static CountSum total(Iterator<CountSum> values) {
    long count = 0;
    BigDecimal total = BigDecimal.ZERO;
    while (values.hasNext()) {
      CountSum v = values.next();
      count += v.count;
      total = total.add(v.sum);
    }
    return new CountSum(count, total);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
