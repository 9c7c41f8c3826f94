package io.ddbconnector.benchmarks;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.InputFormat;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;

/**
 * The {@code hadoop-only} variant of the jobs benchmark: the same job with an input format that reads
 * nothing — each of N splits hands out its share of {@code bench.floor.items} records, one reused key and
 * one reused ~200-byte value. What that job costs (submission, the LocalJobRunner, the map loop and its
 * counters, in a fresh JVM) is the framework's floor: no connector can finish the MapReduce job faster
 * than its scan plus this.
 */
public final class FloorInputFormat implements InputFormat<Text, Text> {

  static final String ITEMS = "bench.floor.items";

  /** A split of {@code count} records. */
  public static final class Split implements InputSplit {
    long count;

    public Split() {}

    Split(long count) {
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
      out.writeLong(count);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      count = in.readLong();
    }
  }

  @Override
  public InputSplit[] getSplits(JobConf job, int numSplits) {
    int n = job.getInt("dynamodb.scan.segments", Math.max(1, numSplits));
    long items = job.getLong(ITEMS, 0);
    InputSplit[] splits = new InputSplit[n];
    for (int i = 0; i < n; i++) {
      splits[i] = new Split(items / n + (i < items % n ? 1 : 0));
    }
    return splits;
  }

  @Override
  public RecordReader<Text, Text> getRecordReader(InputSplit split, JobConf job, Reporter reporter) {
    long count = ((Split) split).count;
    Text value = new Text("{\"id\":{\"S\":\"item-000001\"},\"n\":{\"N\":\"42\"},\"s\":{\"S\":\""
        + "x".repeat(150) + "\"}}");
    return new RecordReader<>() {
      long done;

      @Override
      public boolean next(Text key, Text v) {
        if (done >= count) {
          return false;
        }
        done++;
        key.set("{\"id\":{\"S\":\"item-000001\"}}");
        v.set(value);
        return true;
      }

      @Override
      public Text createKey() {
        return new Text();
      }

      @Override
      public Text createValue() {
        return new Text();
      }

      @Override
      public long getPos() {
        return done;
      }

      @Override
      public void close() {}

      @Override
      public float getProgress() {
        return count == 0 ? 1 : (float) done / count;
      }
    };
  }
}
