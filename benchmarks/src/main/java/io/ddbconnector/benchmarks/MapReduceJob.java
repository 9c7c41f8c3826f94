package io.ddbconnector.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.mapred.Counters;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RunningJob;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.mapred.OutputCollector;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.lib.IdentityMapper;
import org.apache.hadoop.mapred.lib.NullOutputFormat;
import org.apache.hadoop.mapreduce.TaskCounter;

/**
 * The {@code ours} and {@code reference} variants of the {@code jobs} benchmark: the same map-only
 * {@code mapred} job on the LocalJobRunner — the connector's input format, an identity map, and for the read
 * a {@link NullOutputFormat}, for the copy the connector's output format. The formats and every connector
 * key come from the job configuration the parent passed ({@link #INPUT_FORMAT}, {@link #OUTPUT_FORMAT}), so
 * this class names neither connector and loads the same way on each one's classpath. Item counts are the
 * framework's own (map input and output records), not a connector's counters.
 */
final class MapReduceJob {

  static final String INPUT_FORMAT = "bench.inputFormat";
  static final String OUTPUT_FORMAT = "bench.outputFormat";
  static final String KEY_CLASS = "bench.keyClass";
  static final String VALUE_CLASS = "bench.valueClass";

  /** First map start and last map end of the current job (nanoTime): where a job's time goes. */
  static final AtomicLong FIRST_MAP_START = new AtomicLong();
  static final AtomicLong LAST_MAP_END = new AtomicLong();

  private MapReduceJob() {}

  static JobChild.Outcome run(String job, Map<String, String> settings, String target, int slots, Path scratch)
      throws IOException, ClassNotFoundException {
    JobConf conf = localConf(settings, slots, scratch);
    ClassLoader cl = MapReduceJob.class.getClassLoader();
    conf.setJobName("bench-" + job);
    conf.setInputFormat(Class.forName(conf.get(INPUT_FORMAT), true, cl)
        .asSubclass(org.apache.hadoop.mapred.InputFormat.class));
    conf.setMapperClass(TimedIdentityMapper.class);
    conf.setNumReduceTasks(0);
    conf.setOutputKeyClass(Class.forName(conf.get(KEY_CLASS), true, cl));
    conf.setOutputValueClass(Class.forName(conf.get(VALUE_CLASS), true, cl));
    if (job.equals("read")) {
      conf.setOutputFormat(NullOutputFormat.class);
    } else {
      conf.set("dynamodb.output.tableName", target);
      conf.setOutputFormat(Class.forName(conf.get(OUTPUT_FORMAT), true, cl)
          .asSubclass(org.apache.hadoop.mapred.OutputFormat.class));
    }
    FIRST_MAP_START.set(Long.MAX_VALUE);
    LAST_MAP_END.set(0);
    RunningJob running = JobClient.runJob(conf);
    if (!running.isSuccessful()) {
      throw new IllegalStateException("job " + conf.getJobName() + " failed");
    }
    Counters c = running.getCounters();
    long in = c.findCounter(TaskCounter.MAP_INPUT_RECORDS).getValue();
    long out = c.findCounter(TaskCounter.MAP_OUTPUT_RECORDS).getValue();
    return new JobChild.Outcome(in, job.equals("read") ? 0 : out, FIRST_MAP_START.get(), LAST_MAP_END.get());
  }

  /**
   * A job configuration for the LocalJobRunner with {@code slots} map slots and its scratch directories under
   * {@code scratch}, then {@code settings}.
   */
  static JobConf localConf(Map<String, String> settings, int slots, Path scratch) {
    JobConf conf = new JobConf();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapreduce.cluster.local.dir", scratch.resolve("local").toString());
    conf.set("hadoop.tmp.dir", scratch.resolve("hadoop-tmp").toString());
    conf.set("mapreduce.jobtracker.staging.root.dir", scratch.resolve("staging").toString());
    conf.setInt("mapreduce.local.map.tasks.maximum", slots);
    conf.setBoolean("mapreduce.map.speculative", false);
    // JobClient.runJob polls for completion once a second by default: up to a second of idle wall time that
    // is neither connector's
    conf.setInt("mapreduce.client.progressmonitor.pollinterval", 50);
    settings.forEach(conf::set);
    return conf;
  }

  /** The identity map, noting when the first map task started and the last one ended. */
  public static final class TimedIdentityMapper<K, V> extends IdentityMapper<K, V> {
    @Override
    public void configure(JobConf job) {
      FIRST_MAP_START.accumulateAndGet(System.nanoTime(), Math::min);
    }

    @Override
    public void map(K key, V value, OutputCollector<K, V> output, Reporter reporter) throws IOException {
      output.collect(key, value);
    }

    @Override
    public void close() {
      LAST_MAP_END.accumulateAndGet(System.nanoTime(), Math::max);
    }
  }
}
