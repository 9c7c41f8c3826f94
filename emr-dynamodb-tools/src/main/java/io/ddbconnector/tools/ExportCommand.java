package io.ddbconnector.tools;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.table.TableInfo;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code export}: the table's splits are scanned in parallel threads through the connector's reader (so
 * the export stays within {@code --read-percent} of the table's capacity, summed over all threads); each
 * split becomes one data file in the layout {@code --format} names ({@link ExportLayout}); the manifest is
 * written last.
 */
@Command(name = "export", sortOptions = false, usageHelpAutoWidth = false,
    description = {
        "Exports a table to files in DIR on any Hadoop file system (a local path, file://, hdfs://, s3a://).",
        "--format connector (default): gzip'd JSON lines (one item per line, DynamoDB JSON) plus",
        "  DIR/manifest.json listing the files, their item counts and the table's key schema.",
        "--format dynamodb-export: the layout of DynamoDB's native export to S3 in DYNAMODB_JSON:",
        "  DIR/AWSDynamoDB/<export-id>/manifest-summary.json, manifest-files.json, data/<id>.json.gz.",
        "--format emr: the EMR reference connector's format (DynamoDBExport): one item per line in its",
        "  encoding, uncompressed, plus DIR/manifest.",
        "The manifest is written last: a directory without it is incomplete.", ""})
final class ExportCommand extends ToolCommand {

  @Option(names = "--table", required = true, paramLabel = "NAME", description = "table to export")
  String table;

  @Option(names = "--to", required = true, paramLabel = "DIR",
      description = "output directory (must not exist or be empty, unless --overwrite)")
  String to;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "connector",
      description = "connector, dynamodb-export or emr (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--segments", paramLabel = "N",
      description = "parallel scan segments, one output file each (default: from the table's size)")
  Integer segments;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "4",
      description = "segments read at once (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--read-percent", paramLabel = "F",
      description = "share of the table's read capacity the whole export may use (default: 0.5)")
  Double readPercent;

  @Option(names = "--overwrite", description = "delete what DIR holds first")
  boolean overwrite;

  ExportCommand(PrintStream out) {
    super(out);
  }

  @Override
  String name() {
    return "export";
  }

  @Override
  void run() {
    ExportLayout layout = ExportLayout.named(format);
    Path dir = new Path(to);
    checkRange("--threads", threads, 1, 256);
    Settings settings = connection()
        .with(ConnectorOptions.INPUT_TABLE_NAME.name(), table)
        .with(ConnectorOptions.CONCURRENCY.name(), Integer.toString(threads));
    if (segments != null) {
      settings = settings.with(ConnectorOptions.SCAN_SEGMENTS.name(),
          Integer.toString(checkRange("--segments", segments, 1, 1_000_000)));
    }
    Double percent = fraction("--read-percent", readPercent, 1.5);
    if (percent != null) {
      settings = settings.with(ConnectorOptions.READ_PERCENT.name(), percent.toString());
    }
    TableInfo info = describeSource(settings, table);
    Configuration conf = hadoopConf();
    FileSystem fs = FileSystems.of(dir, conf);
    prepare(fs, dir, overwrite);
    String startTime = Instant.now().toString();
    ExportLayout.Writer writer = layout.writer(fs, dir);

    List<ScanSplit> splits = DynamoDBConnector.planSplits(settings, threads).splits();
    out.printf(Locale.ROOT, "Exporting table '%s' (key %s) at %s to %s (%s): %d segments, %d threads%n", table,
        describeKey(info.keys()), Connection.describe(settings.raw()), writer.dataDir(), layout.description,
        splits.size(), Math.min(threads, splits.size()));

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
            counts[i] = exportSplit(fs, writer.file(i), layout, readSettings, splits.get(i), metrics, progress,
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
            + layout.manifestName + "; run the export again with --overwrite.", e);
      }
    }
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    String manifest;
    try {
      manifest = writer.finish(info, counts, startTime, settings);
    } catch (IOException e) {
      throw new ToolException("cannot write the manifest of " + dir + ": " + e.getMessage(), e);
    }
    double secs = (System.nanoTime() - started) / 1e9;
    out.printf(Locale.ROOT, "Exported %,d items from '%s' to %s in %d files (%.1f s, %,.0f items/s, %,.0f read"
        + " units); manifest: %s%n", total, table, dir, splits.size(), secs, total / Math.max(secs, 1e-3),
        metrics.readUnits(), manifest);
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

  private static long exportSplit(FileSystem fs, Path file, ExportLayout layout, Settings settings, ScanSplit split,
      ConnectorMetrics metrics, Progress progress, AtomicBoolean stop) {
    long n = 0;
    long unreported = 0;
    try (ScanReader reader = DynamoDBConnector.openReader(settings, split, metrics);
        Writer w = layout.gzip ? FileSystems.createGzip(fs, file) : FileSystems.create(fs, file)) {
      while (!stop.get() && reader.hasNext()) {
        Map<String, AttributeValue> item = reader.next();
        layout.writeLine(item, w);
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

  /** Writes one item of the connector's or the native layout (DynamoDB JSON). */
  static void writeDynamoJson(Map<String, AttributeValue> item, Writer w, boolean wrapped) throws IOException {
    if (wrapped) {
      w.write("{\"Item\":");
    }
    DynamoJson.writeJson(item, w);
    if (wrapped) {
      w.write('}');
    }
  }
}
