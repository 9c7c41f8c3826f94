package io.ddbconnector.samples.tools;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.samples.common.Cli;
import io.ddbconnector.samples.common.Connection;
import io.ddbconnector.samples.common.Progress;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.types.DynamoJson;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code export}: the table's splits are scanned in parallel threads through the connector's reader (so
 * the export stays within {@code --read-percent} of the table's capacity, summed over all threads); each
 * split becomes one {@code part-NNNNN.json.gz} of DynamoDB JSON lines; {@code manifest.json} is written
 * last.
 */
final class ExportCommand extends Command {

  ExportCommand(PrintStream out) {
    super(out);
  }

  @Override
  String name() {
    return "export";
  }

  @Override
  String usage() {
    return "Usage: dynamodb-tool export --table NAME --to DIR [options]\n"
        + "Exports a table to gzip'd JSON lines (one item per line, DynamoDB JSON) in DIR on any Hadoop file\n"
        + "system (a local path, file://, hdfs://, s3a://), plus DIR/manifest.json listing the files, their item\n"
        + "counts and the table's key schema. manifest.json is written last: a directory without it is incomplete.\n\n"
        + "  --table NAME            table to export\n"
        + "  --to DIR                output directory (must not exist or be empty, unless --overwrite)\n"
        + "  --segments N            parallel scan segments, one output file each (default: from the table's size)\n"
        + "  --threads N             segments read at once (default: 4)\n"
        + "  --read-percent F        share of the table's read capacity the whole export may use (default: 0.5)\n"
        + "  --overwrite             delete what DIR holds first\n"
        + COMMON_HELP;
  }

  @Override
  Set<String> valueOptions() {
    return Set.of("--table", "--to", "--segments", "--threads", "--read-percent");
  }

  @Override
  Set<String> flagOptions() {
    return Set.of("--overwrite");
  }

  @Override
  void run(Cli cli) {
    String table = cli.require("--table");
    Path dir = new Path(cli.require("--to"));
    int threads = cli.intValue("--threads", 4, 1, 256);
    Settings settings = connection(cli)
        .with(ConnectorOptions.INPUT_TABLE_NAME.name(), table)
        .with(ConnectorOptions.CONCURRENCY.name(), Integer.toString(threads));
    if (cli.get("--segments") != null) {
      settings = settings.with(ConnectorOptions.SCAN_SEGMENTS.name(),
          Integer.toString(cli.intValue("--segments", 0, 1, 1_000_000)));
    }
    Double percent = cli.fraction("--read-percent", 1.5);
    if (percent != null) {
      settings = settings.with(ConnectorOptions.READ_PERCENT.name(), percent.toString());
    }
    TableInfo info = describeSource(settings, table);
    Configuration conf = FileSystems.configuration(cli.all("--hadoop"));
    FileSystem fs = FileSystems.of(dir, conf);
    prepare(fs, dir, cli.has("--overwrite"));

    List<ScanSplit> splits = DynamoDBConnector.planSplits(settings, threads).splits();
    out.printf(Locale.ROOT, "Exporting table '%s' (key %s) at %s to %s: %d segments, %d threads%n", table,
        describeKey(info.keys()), Connection.describe(settings.raw()), dir, splits.size(),
        Math.min(threads, splits.size()));

    ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < splits.size(); i++) {
      queue.add(i);
    }
    long[] counts = new long[splits.size()];
    ConnectorMetrics metrics = new ConnectorMetrics();
    AtomicBoolean stop = new AtomicBoolean();
    Settings readSettings = settings;
    long started = System.nanoTime();
    try (Progress progress = new Progress(out, "Exporting '" + table + "'", "items", info.itemCount(),
        Progress.isTerminal(out))) {
      List<Callable<Void>> workers = new ArrayList<>();
      for (int t = 0; t < Math.min(threads, splits.size()); t++) {
        workers.add(() -> {
          Integer i;
          while (!stop.get() && (i = queue.poll()) != null) {
            counts[i] = exportSplit(fs, new Path(dir, partName(i)), readSettings, splits.get(i), metrics, progress,
                stop);
          }
          return null;
        });
      }
      try {
        Parallel.run("export", workers, stop);
      } catch (RuntimeException e) {
        throw new ToolException("export of table '" + table + "' failed after " + String.format(Locale.ROOT, "%,d",
            metrics.itemsRead()) + " items: " + e.getMessage() + "\n" + dir + " holds partial files and no "
            + ExportManifest.FILE_NAME + "; run the export again with --overwrite.", e);
      }
    }
    List<ExportManifest.FileEntry> files = new ArrayList<>();
    for (int i = 0; i < splits.size(); i++) {
      files.add(new ExportManifest.FileEntry(partName(i), counts[i]));
    }
    ExportManifest manifest = new ExportManifest(table, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        info.keys(), files);
    try {
      FileSystems.writeString(fs, new Path(dir, ExportManifest.FILE_NAME), manifest.toJson());
    } catch (IOException e) {
      throw new ToolException("cannot write " + new Path(dir, ExportManifest.FILE_NAME) + ": " + e.getMessage(), e);
    }
    double secs = (System.nanoTime() - started) / 1e9;
    out.printf(Locale.ROOT, "Exported %,d items from '%s' to %s in %d files (%.1f s, %,.0f items/s, %,.0f read"
        + " units); manifest: %s%n", manifest.itemCount(), table, dir, files.size(), secs,
        manifest.itemCount() / Math.max(secs, 1e-3), metrics.readUnits(), ExportManifest.FILE_NAME);
  }

  static String partName(int i) {
    return String.format(Locale.ROOT, "part-%05d.json.gz", i);
  }

  private static void prepare(FileSystem fs, Path dir, boolean overwrite) {
    try {
      if (fs.exists(dir)) {
        FileStatus status = fs.getFileStatus(dir);
        if (!status.isDirectory()) {
          throw new ToolException(dir + " exists and is a file; give a directory");
        }
        if (fs.listStatus(dir).length > 0) {
          if (!overwrite) {
            throw new ToolException(dir + " exists and is not empty; choose another directory or add --overwrite");
          }
          if (!fs.delete(dir, true)) {
            throw new ToolException("cannot delete " + dir + " (--overwrite)");
          }
        }
      }
      if (!fs.mkdirs(dir)) {
        throw new ToolException("cannot create directory " + dir);
      }
    } catch (IOException e) {
      throw new ToolException("cannot write to " + dir + ": " + e.getMessage(), e);
    }
  }

  private static long exportSplit(FileSystem fs, Path file, Settings settings, ScanSplit split,
      ConnectorMetrics metrics, Progress progress, AtomicBoolean stop) {
    long n = 0;
    long unreported = 0;
    try (ScanReader reader = DynamoDBConnector.openReader(settings, split, metrics);
        Writer w = FileSystems.createGzip(fs, file)) {
      while (!stop.get() && reader.hasNext()) {
        Map<String, AttributeValue> item = reader.next();
        DynamoJson.writeJson(item, w);
        w.write('\n');
        n++;
        if (++unreported == 1000) {
          progress.add(unreported);
          unreported = 0;
        }
      }
    } catch (IOException e) {
      throw new ToolException("cannot write " + file + ": " + e.getMessage(), e);
    }
    progress.add(unreported);
    return n;
  }
}
