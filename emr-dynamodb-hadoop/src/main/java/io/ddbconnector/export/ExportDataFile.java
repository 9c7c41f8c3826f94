package io.ddbconnector.export;

import java.io.Serializable;
import java.util.Objects;

/**
 * One data file of an export, as {@code manifest-files.json} lists it: where it is read from, its S3 key in the
 * manifest, and how many items it holds ({@code itemCount}), checked when the file has been read.
 */
public final class ExportDataFile implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final String s3Key;
  private final long itemCount;

  public ExportDataFile(String path, String s3Key, long itemCount) {
    this.path = Objects.requireNonNull(path, "path");
    this.s3Key = Objects.requireNonNull(s3Key, "s3Key");
    this.itemCount = itemCount;
  }

  /** Where the file is read (the export directory's {@code data/} and the key's last component). */
  public String path() {
    return path;
  }

  /** {@code dataFileS3Key} as the manifest gives it. */
  public String s3Key() {
    return s3Key;
  }

  /** {@code itemCount} as the manifest gives it. */
  public long itemCount() {
    return itemCount;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExportDataFile && path.equals(((ExportDataFile) o).path)
        && s3Key.equals(((ExportDataFile) o).s3Key) && itemCount == ((ExportDataFile) o).itemCount;
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, s3Key, itemCount);
  }

  @Override
  public String toString() {
    return path + " (" + itemCount + " items)";
  }
}
