package io.ddbconnector.hadoop;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.write.WriteLedger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WriteLedger} of a Hadoop-run write job: one directory per job under
 * {@code dynamodb.write.reportDir} (default {@code ${hadoop.tmp.dir}/dynamodb-connector/write-reports}) on a
 * Hadoop file system that the tasks and the job's driver share. Tasks name their records after the engine's
 * attempt ids; the committer (MapReduce, Spark's {@code saveAsHadoopDataset}) sums them when the job fails
 * and removes them when it succeeds.
 */
public final class HadoopWriteLedger {

  private static final Logger LOG = LoggerFactory.getLogger(HadoopWriteLedger.class);
  static final String NONE = "none";

  private HadoopWriteLedger() {}

  /** The job's store, or null when {@code dynamodb.write.reportDir=none} or the job has no identity. */
  public static WriteLedger.Store store(Configuration conf, String group) {
    if (group == null) {
      return null;
    }
    String dir = conf.get(ConnectorOptions.WRITE_REPORT_DIR.name());
    if (dir != null && dir.trim().equalsIgnoreCase(NONE)) {
      return null;
    }
    Path base = dir != null && !dir.trim().isEmpty() ? new Path(dir.trim())
        : new Path(conf.get("hadoop.tmp.dir", System.getProperty("java.io.tmpdir")), "dynamodb-connector/write-reports");
    try {
      FileSystem fs = base.getFileSystem(conf);
      return new FsStore(fs, fs.makeQualified(new Path(base, group.replaceAll("[^A-Za-z0-9._-]", "_"))));
    } catch (IOException | RuntimeException e) {
      LOG.warn("No write reports for this job: cannot use " + base + " (" + ConnectorOptions.WRITE_REPORT_DIR.name()
          + "): " + e);
      return null;
    }
  }

  /**
   * The store at {@code location} (a qualified URI made by {@link #store}'s {@code location()}), for tasks that
   * have no job configuration of their own (Spark's DataFrame writers): the file system is found from the URI
   * with a default Hadoop configuration.
   */
  public static WriteLedger.Store at(String location) {
    try {
      Path dir = new Path(location);
      return new FsStore(dir.getFileSystem(new Configuration()), dir);
    } catch (IOException | RuntimeException e) {
      LOG.warn("No write reports for this task: cannot use " + location + ": " + e);
      return null;
    }
  }

  /**
   * The directory of a Hadoop file system at {@code location}, for writing files other than reports (the rejected
   * items of {@code dynamodb.write.rejected.path}); the file system is found with a default Hadoop configuration.
   * Fails naming {@code key} when the location is not usable.
   */
  public static WriteLedger.Store directory(String location, String key) {
    try {
      Path dir = new Path(location);
      FileSystem fs = dir.getFileSystem(new Configuration());
      return new FsStore(fs, fs.makeQualified(dir));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("Invalid value '" + location + "' for configuration key '" + key + "': " + e,
          e);
    }
  }

  /** The record of the task attempt running with {@code conf} ({@code mapreduce.task.attempt.id}); null for none. */
  public static WriteLedger forTask(Configuration conf, String group) {
    WriteLedger.Store store = store(conf, group);
    if (store == null) {
      return null;
    }
    String attempt = null;
    String task = null;
    for (String k : new String[] {"mapreduce.task.attempt.id", "mapred.task.id"}) {
      String v = conf.get(k);
      if (v != null && !v.isEmpty()) {
        attempt = v;
        try {
          task = TaskAttemptID.forName(v).getTaskID().toString();
        } catch (IllegalArgumentException e) {
          task = null; // not a Hadoop attempt id: the attempt counts as a task of its own
        }
        break;
      }
    }
    return new WriteLedger(store, task, attempt);
  }

  /**
   * For the driver side once the job's tasks have stopped: sums the job's records, writes the summary and
   * the keys next to them, logs the figures and returns them (null when nothing was recorded).
   */
  public static WriteLedger.Summary jobFailed(Configuration conf, String group, String table) {
    WriteLedger.Store store = store(conf, group);
    WriteLedger.Summary s = store == null ? null : WriteLedger.finish(store, finishWaitMs(conf));
    if (s != null) {
      LOG.error("Write job to DynamoDB table '" + table + "' failed: " + s.describe() + ". Summary and every key"
          + " in doubt or not written: " + store.location() + "/" + WriteLedger.SUMMARY);
    }
    return s;
  }

  /**
   * How long the driver waits for attempts still writing to record how they ended: one retry window
   * ({@code dynamodb.retry.maxDurationMs}), in which a task against a dead backend gives up, plus 5 s.
   */
  public static long finishWaitMs(Configuration conf) {
    return conf.getLong(ConnectorOptions.RETRY_MAX_DURATION_MS.name(),
        ConnectorOptions.RETRY_MAX_DURATION_MS.defaultValue()) + 5_000;
  }

  /** For the driver side of a job that succeeded: its records are no longer needed. */
  public static void jobSucceeded(Configuration conf, String group) {
    WriteLedger.Store store = store(conf, group);
    if (store != null) {
      if (conditional(conf)) {
        // a conditional write's rejections are part of its outcome: say them once, for the whole job
        WriteLedger.Summary s = WriteLedger.finish(store, 0);
        if (s != null) {
          LOG.info("Conditional write job to DynamoDB table '" + conf.get(ConnectorOptions.OUTPUT_TABLE_NAME.name())
              + String.format(java.util.Locale.ROOT, "' done (%,d items written, %,d rejected by the condition) by %d"
              + " %s in %d %s", s.confirmed(), s.rejected(), s.tasks(), s.tasks() == 1 ? "task" : "tasks",
              s.attempts(), s.attempts() == 1 ? "attempt" : "attempts"));
        }
      }
      try {
        store.deleteAll();
      } catch (IOException | RuntimeException e) {
        LOG.warn("Could not remove the write reports in " + store.location() + ": " + e);
      }
    }
  }

  private static boolean conditional(Configuration conf) {
    for (String k : new String[] {ConnectorOptions.WRITE_CONDITION.name(),
        ConnectorOptions.WRITE_CONDITION_VERSION.name()}) {
      String v = conf.get(k);
      if (v != null && !v.trim().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** A store in a directory of a Hadoop file system. */
  static final class FsStore implements WriteLedger.Store {
    private final FileSystem fs;
    private final Path dir;

    /**
     * On the local file system the records are written without Hadoop's {@code .crc} side files: a record is
     * replaced by a rename, and a reader that meets a data file and a checksum file of two different versions
     * would fail (seen on YARN, where the AM reads while a killed task's hook writes).
     */
    FsStore(FileSystem fs, Path dir) {
      this.fs = fs instanceof org.apache.hadoop.fs.LocalFileSystem
          ? ((org.apache.hadoop.fs.LocalFileSystem) fs).getRaw() : fs;
      this.dir = dir;
    }

    @Override
    public String location() {
      return dir.toString();
    }

    @Override
    public void put(String name, String text) throws IOException {
      Path tmp = new Path(dir, "." + name + ".tmp");
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      Path dst = new Path(dir, name);
      if (!fs.rename(tmp, dst)) {
        fs.delete(dst, false);
        if (!fs.rename(tmp, dst)) {
          throw new IOException("Could not rename " + tmp + " to " + dst);
        }
      }
    }

    @Override
    public OutputStream create(String name) throws IOException {
      return fs.create(new Path(dir, name), true);
    }

    @Override
    public Map<String, String> readAll() throws IOException {
      Map<String, String> all = new LinkedHashMap<>();
      if (!fs.exists(dir)) {
        return all;
      }
      for (FileStatus f : fs.listStatus(dir)) {
        String n = f.getPath().getName();
        if (f.isFile() && !n.startsWith(".") && !n.endsWith(".crc")) {
          String text = read(f.getPath());
          if (text == null) {
            text = read(f.getPath()); // replaced while being read: the new version
          }
          if (text != null) {
            all.put(n, text);
          }
        }
      }
      return all;
    }

    /** The file's text, or null when it vanished or changed while being read. */
    private String read(Path file) throws IOException {
      try (InputStream in = fs.open(file)) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toString(StandardCharsets.UTF_8);
      } catch (java.io.FileNotFoundException | org.apache.hadoop.fs.ChecksumException e) {
        return null;
      }
    }

    @Override
    public void deleteAll() throws IOException {
      fs.delete(dir, true);
    }
  }
}
