package io.ddbconnector.benchmarks;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapred.DynamoDBInputFormat;
import io.ddbconnector.mapred.DynamoDBOutputFormat;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.Counters;
import org.apache.hadoop.mapred.InputFormat;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.RunningJob;
import org.apache.hadoop.mapred.lib.NullOutputFormat;

/**
 * Real MapReduce jobs on the LocalJobRunner (map tasks as threads of this JVM) with the connector's old
 * {@code mapred} formats: a read job (identity map into a {@link NullOutputFormat}) and a write job
 * (generated items, identity map, {@link DynamoDBOutputFormat}).
 */
final class LocalJobs {

  private LocalJobs() {}

  /** What a job did: wall time of the whole job (submission to completion) and of its map tasks. */
  record JobResult(long items, long wallNanos, long mapNanos, Counters counters) {}

  /** A read of {@code settings}' table with {@code tasks} map slots; settings hold the dynamodb.* keys. */
  static JobResult read(Map<String, String> settings, int tasks, Path tmp) throws IOException {
    JobConf conf = conf(settings, tasks, tmp);
    conf.setJobName("bench-read");
    conf.setInputFormat(DynamoDBInputFormat.class);
    conf.setMapperClass(MapReduceJob.TimedIdentityMapper.class);
    conf.setNumReduceTasks(0);
    conf.setOutputKeyClass(Text.class);
    conf.setOutputValueClass(DynamoDBItemWritable.class);
    conf.setOutputFormat(NullOutputFormat.class);
    return run(conf, ConnectorMetrics.Counter.ITEMS_READ);
  }

  /** Writes {@code splits × perSplit} generated items with {@code tasks} map slots. */
  static JobResult write(Map<String, String> settings, int tasks, int splits, long perSplit, String prefix,
      Path tmp) throws IOException {
    JobConf conf = conf(settings, tasks, tmp);
    conf.setJobName("bench-write");
    conf.setInputFormat(GeneratedItemsInputFormat.class);
    conf.setInt(GeneratedItemsInputFormat.SPLITS, splits);
    conf.setLong(GeneratedItemsInputFormat.PER_SPLIT, perSplit);
    conf.set(GeneratedItemsInputFormat.PREFIX, prefix);
    conf.setMapperClass(MapReduceJob.TimedIdentityMapper.class);
    conf.setNumReduceTasks(0);
    conf.setOutputKeyClass(NullWritable.class);
    conf.setOutputValueClass(DynamoDBItemWritable.class);
    conf.setOutputFormat(DynamoDBOutputFormat.class);
    return run(conf, ConnectorMetrics.Counter.ITEMS_WRITTEN);
  }

  private static JobConf conf(Map<String, String> settings, int tasks, Path tmp) {
    return MapReduceJob.localConf(settings, tasks, tmp);
  }

  private static JobResult run(JobConf conf, Enum<?> itemsCounter) throws IOException {
    MapReduceJob.FIRST_MAP_START.set(Long.MAX_VALUE);
    MapReduceJob.LAST_MAP_END.set(0);
    long start = System.nanoTime();
    RunningJob job = JobClient.runJob(conf);
    long wall = System.nanoTime() - start;
    if (!job.isSuccessful()) {
      throw new IllegalStateException("job " + conf.getJobName() + " failed");
    }
    Counters c = job.getCounters();
    long mapNanos = MapReduceJob.LAST_MAP_END.get() > 0 ? MapReduceJob.LAST_MAP_END.get() - MapReduceJob.FIRST_MAP_START.get() : wall;
    return new JobResult(c.getCounter(itemsCounter), wall, mapNanos, c);
  }

  /** A fresh scratch directory for LocalJobRunner's files. */
  static Path tempDir() {
    try {
      return Files.createTempDirectory("ddb-bench-mr");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // scratch space: leave it
    }
  }

  /** Input of the write job: {@link #SPLITS} splits of {@link #PER_SPLIT} typical items each. */
  public static final class GeneratedItemsInputFormat implements InputFormat<NullWritable, DynamoDBItemWritable> {
    static final String SPLITS = "bench.generated.splits";
    static final String PER_SPLIT = "bench.generated.perSplit";
    static final String PREFIX = "bench.generated.prefix";

    @Override
    public InputSplit[] getSplits(JobConf job, int numSplits) {
      int n = job.getInt(SPLITS, 1);
      long per = job.getLong(PER_SPLIT, 0);
      InputSplit[] out = new InputSplit[n];
      for (int i = 0; i < n; i++) {
        out[i] = new GeneratedSplit(i, per);
      }
      return out;
    }

    @Override
    public RecordReader<NullWritable, DynamoDBItemWritable> getRecordReader(InputSplit split, JobConf job,
        Reporter reporter) {
      GeneratedSplit s = (GeneratedSplit) split;
      String prefix = job.get(PREFIX, "gen-") + s.index + "-";
      return new RecordReader<>() {
        private long next;

        @Override
        public boolean next(NullWritable key, DynamoDBItemWritable value) {
          if (next >= s.count) {
            return false;
          }
          value.setItem(Items.typical(prefix, next++));
          return true;
        }

        @Override
        public NullWritable createKey() {
          return NullWritable.get();
        }

        @Override
        public DynamoDBItemWritable createValue() {
          return new DynamoDBItemWritable();
        }

        @Override
        public long getPos() {
          return next;
        }

        @Override
        public void close() {
        }

        @Override
        public float getProgress() {
          return s.count == 0 ? 1f : (float) next / s.count;
        }
      };
    }
  }

  /** One generated split: its index and how many items it yields. */
  public static final class GeneratedSplit implements InputSplit {
    private int index;
    private long count;

    public GeneratedSplit() {
    }

    GeneratedSplit(int index, long count) {
      this.index = index;
      this.count = count;
    }

    @Override
    public long getLength() {
      return count;
    }

    @Override
    public String[] getLocations() {
      return new String[0];
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeInt(index);
      out.writeLong(count);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      index = in.readInt();
      count = in.readLong();
    }
  }
}
