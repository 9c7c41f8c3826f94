package io.ddbconnector.hadoop;

import io.ddbconnector.export.ExportStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/** {@link ExportStore} on Hadoop's file systems: any scheme the configuration knows ({@code s3a}, {@code hdfs}, ...). */
public final class HadoopExportStore implements ExportStore {

  private final Configuration conf;

  public HadoopExportStore(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public Kind kind(String path) throws IOException {
    Path p = new Path(path);
    try {
      FileStatus s = p.getFileSystem(conf).getFileStatus(p);
      return s.isDirectory() ? Kind.DIRECTORY : Kind.FILE;
    } catch (FileNotFoundException e) {
      return Kind.MISSING;
    }
  }

  @Override
  public SortedMap<String, Long> list(String dir) throws IOException {
    Path p = new Path(dir);
    SortedMap<String, Long> out = new TreeMap<>();
    for (FileStatus s : p.getFileSystem(conf).listStatus(p)) {
      out.put(s.getPath().toString(), s.getLen());
    }
    return out;
  }

  @Override
  public InputStream open(String path) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(conf).open(p);
  }

  @Override
  public String child(String dir, String name) {
    return new Path(new Path(dir), name).toString();
  }

  @Override
  public String parent(String path) {
    Path parent = new Path(path).getParent();
    return parent == null ? path : parent.toString();
  }

  @Override
  public String name(String path) {
    return new Path(path).getName();
  }
}
