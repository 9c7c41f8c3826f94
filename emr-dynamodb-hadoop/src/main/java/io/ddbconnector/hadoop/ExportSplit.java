package io.ddbconnector.hadoop;

import io.ddbconnector.export.ExportDataFile;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileSplit;

/**
 * One data file of a DynamoDB export as a Hadoop split (gzip cannot be split): its path, the manifest's item count
 * for it, and the table's key attribute names when known (for the records' keys). Like {@link DynamoDBSplit} it
 * extends {@code mapred.FileSplit}, which is also a {@code mapreduce.InputSplit}, so both APIs use it.
 */
public final class ExportSplit extends FileSplit {

  private static final String[] NO_HOSTS = new String[0];
  private ExportDataFile file;
  private List<String> keyNames = List.of();

  /** For Hadoop's reflection; {@link #readFields} fills it. */
  public ExportSplit() {
    super((Path) null, 0, 0, NO_HOSTS);
  }

  public ExportSplit(ExportDataFile file, long length, List<String> keyNames) {
    super(new Path(file.path()), 0, length, NO_HOSTS);
    this.file = file;
    this.keyNames = List.copyOf(keyNames);
  }

  public ExportDataFile file() {
    return file;
  }

  /** The table's key attributes, or empty when the read was not given the table. */
  public List<String> keyNames() {
    return keyNames;
  }

  @Override
  public String[] getLocations() {
    return NO_HOSTS;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    super.write(out);
    Text.writeString(out, file.path());
    Text.writeString(out, file.s3Key());
    out.writeLong(file.itemCount());
    out.writeInt(keyNames.size());
    for (String k : keyNames) {
      Text.writeString(out, k);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    super.readFields(in);
    file = new ExportDataFile(Text.readString(in), Text.readString(in), in.readLong());
    int n = in.readInt();
    List<String> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      keys.add(Text.readString(in));
    }
    keyNames = List.copyOf(keys);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExportSplit && Objects.equals(file, ((ExportSplit) o).file)
        && keyNames.equals(((ExportSplit) o).keyNames);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(file);
  }

  @Override
  public String toString() {
    return "ExportSplit{" + file + "}";
  }
}
