package io.ddbconnector.hadoop;

import io.ddbconnector.split.ScanSplit;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapred.FileSplit;

/**
 * A {@link ScanSplit} as a Hadoop split. It extends {@code mapred.FileSplit}, which is also a
 * {@code mapreduce.InputSplit}, so one class serves both APIs, and Hive (which calls {@code getPath()}
 * to find the table of a split) accepts it. The path is the Hive table's location or
 * {@code /dynamodb/<table>} on the default file system.
 */
public final class DynamoDBSplit extends FileSplit {

  private static final String[] NO_HOSTS = new String[0];
  private ScanSplit split;

  /** For Hadoop's reflection; {@link #readFields} fills it. */
  public DynamoDBSplit() {
    super((Path) null, 0, 0, NO_HOSTS);
  }

  public DynamoDBSplit(ScanSplit split, Path path) {
    super(path, 0, split.estimatedBytes(), NO_HOSTS);
    this.split = Objects.requireNonNull(split);
  }

  /**
   * A path on the job's default file system: Hadoop's old-API map task asks that file system for I/O
   * statistics, so the path must have a scheme it knows (it need not exist).
   */
  public static Path defaultPath(String table) {
    return new Path("/dynamodb/" + table);
  }

  public ScanSplit scanSplit() {
    return split;
  }

  @Override
  public long getLength() {
    return split == null ? 0 : split.estimatedBytes();
  }

  @Override
  public String[] getLocations() {
    return NO_HOSTS;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    super.write(out);
    split.write(out);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    super.readFields(in);
    split = ScanSplit.read(in);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DynamoDBSplit && Objects.equals(split, ((DynamoDBSplit) o).split)
        && Objects.equals(getPath(), ((DynamoDBSplit) o).getPath());
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(split);
  }

  @Override
  public String toString() {
    return String.valueOf(split);
  }
}
