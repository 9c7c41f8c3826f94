package io.ddbconnector.tools;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files on any Hadoop file system ({@code /local/dir}, {@code file:///}, {@code hdfs://}, {@code s3a://}
 * when {@code hadoop-aws} is on the classpath): resolving a path, reading and writing gzip'd text.
 */
final class FileSystems {

  private FileSystems() {}

  /** A Hadoop configuration with the {@code --hadoop KEY=VALUE} entries of the command line. */
  static Configuration configuration(List<String> entries) {
    Configuration conf = new Configuration();
    for (String e : entries) {
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("--hadoop needs KEY=VALUE, got '" + e + "'");
      }
      conf.set(e.substring(0, eq).trim(), e.substring(eq + 1).trim());
    }
    return conf;
  }

  /**
   * The file system of {@code path}. For local paths the raw one: no {@code .crc} side files (gzip has its own
   * CRC), and a file edited by hand is still readable.
   */
  static FileSystem of(Path path, Configuration conf) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      return fs instanceof LocalFileSystem ? ((LocalFileSystem) fs).getRawFileSystem() : fs;
    } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
      throw new ToolException("cannot use " + path + ": " + e.getMessage()
          + (path.toUri().getScheme() != null && path.toUri().getScheme().startsWith("s3")
              ? " (s3a:// needs org.apache.hadoop:hadoop-aws on the classpath)" : ""), e);
    } catch (IOException e) {
      throw new ToolException("cannot use " + path + ": " + e.getMessage(), e);
    }
  }

  /** UTF-8 lines of a file, gunzipped when its name ends in {@code .gz}. */
  static BufferedReader openLines(FileSystem fs, Path path) throws IOException {
    InputStream in = fs.open(path);
    try {
      if (path.getName().endsWith(".gz")) {
        in = new GZIPInputStream(in, 64 * 1024);
      }
    } catch (IOException e) {
      in.close();
      throw e;
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
  }

  /** A new gzip'd UTF-8 file (fails if it exists). */
  static Writer createGzip(FileSystem fs, Path path) throws IOException {
    OutputStream out = fs.create(path, false);
    return new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(out, 64 * 1024), StandardCharsets.UTF_8),
        64 * 1024);
  }

  /** A new uncompressed UTF-8 file (fails if it exists). */
  static Writer create(FileSystem fs, Path path) throws IOException {
    return new BufferedWriter(new OutputStreamWriter(fs.create(path, false), StandardCharsets.UTF_8), 64 * 1024);
  }

  /** Reads a whole (small) UTF-8 file. */
  static String readString(FileSystem fs, Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static void writeString(FileSystem fs, Path path, String text) throws IOException {
    try (OutputStream out = fs.create(path, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
