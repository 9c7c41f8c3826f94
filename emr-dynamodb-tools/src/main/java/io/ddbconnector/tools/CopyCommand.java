package io.ddbconnector.tools;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.read.ScanReader;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.throughput.ConnectorMetrics;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code copy}: scans the source table's splits in parallel threads with the connector's reader and writes
 * every item to the target table with its writer; read and write budgets are each shared by all threads.
 * The target may be at another endpoint or region. A failure stops every writer and reports what the copy
 * wrote ({@link WriteRun}).
 */
@Command(name = "copy", sortOptions = false,
    description = {"Copies every item of one table into another (existing) table with the same key schema.", ""})
final class CopyCommand extends ToolCommand {

  @Option(names = "--source", required = true, paramLabel = "NAME", description = "table to read")
  String sourceTable;

  @Option(names = "--target", required = true, paramLabel = "NAME",
      description = "table to write (must exist, with the same key schema)")
  String targetTable;

  @Option(names = "--target-endpoint", paramLabel = "URL",
      description = "the target's endpoint, when it differs from --endpoint")
  String targetEndpoint;

  @Option(names = "--target-region", paramLabel = "REGION",
      description = "the target's region, when it differs from --region")
  String targetRegion;

  @Option(names = "--segments", paramLabel = "N", description = "parallel scan segments (default: from the table's size)")
  Integer segments;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "4",
      description = "segments copied at once (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--read-percent", paramLabel = "F", description = "share of the source's read capacity (default: 0.5)")
  Double readPercent;

  @Option(names = "--write-percent", paramLabel = "F",
      description = "share of the target's write capacity (default: 0.5)")
  Double writePercent;

  CopyCommand(PrintStream out) {
    super(out);
  }

  @Override
  String name() {
    return "copy";
  }

  @Override
  void run() {
    checkRange("--threads", threads, 1, 256);
    Settings base = connection().with(ConnectorOptions.CONCURRENCY.name(), Integer.toString(threads));
    Settings read = base.with(ConnectorOptions.INPUT_TABLE_NAME.name(), sourceTable);
    if (segments != null) {
      read = read.with(ConnectorOptions.SCAN_SEGMENTS.name(),
          Integer.toString(checkRange("--segments", segments, 1, 1_000_000)));
    }
    Double rp = fraction("--read-percent", readPercent, 1.5);
    if (rp != null) {
      read = read.with(ConnectorOptions.READ_PERCENT.name(), rp.toString());
    }
    Settings write = base.with(ConnectorOptions.OUTPUT_TABLE_NAME.name(), targetTable);
    if (targetEndpoint != null) {
      write = write.with(ConnectorOptions.ENDPOINT.name(), targetEndpoint);
    }
    if (targetRegion != null) {
      write = write.with(ConnectorOptions.REGION.name(), targetRegion);
    }
    Double wp = fraction("--write-percent", writePercent, 1.5);
    if (wp != null) {
      write = write.with(ConnectorOptions.WRITE_PERCENT.name(), wp.toString());
    }
    if (sourceTable.equals(targetTable) && Connection.describe(read.raw()).equals(Connection.describe(write.raw()))) {
      throw new ToolException("source and target are the same table '" + sourceTable + "'");
    }

    TableInfo source = describeSource(read, sourceTable);
    TableInfo target = describeTarget(write, targetTable);
    if (!sameKey(source.keys(), target.keys())) {
      throw new ToolException("key schema mismatch: table '" + sourceTable + "' has key "
          + describeKey(source.keys()) + ", table '" + targetTable + "' has key " + describeKey(target.keys())
          + ". Nothing was copied.");
    }
    List<ScanSplit> splits = DynamoDBConnector.planSplits(read, threads).splits();
    int workersCount = Math.min(threads, splits.size());
    out.printf(Locale.ROOT, "Copying table '%s' at %s to '%s' at %s: %d segments, %d threads%n", sourceTable,
        Connection.describe(read.raw()), targetTable, Connection.describe(write.raw()), splits.size(), workersCount);

    ConcurrentLinkedQueue<ScanSplit> queue = new ConcurrentLinkedQueue<>(splits);
    ConnectorMetrics readMetrics = new ConnectorMetrics();
    ConnectorMetrics writeMetrics = new ConnectorMetrics();
    AtomicBoolean stop = new AtomicBoolean();
    Settings readSettings = read;
    Settings writeSettings = write;
    WriteRun run = WriteRun.start(name(), write, stop);
    long started = System.nanoTime();
    // the display counts what the target confirmed, not what was read: its last line is what was written
    try (Progress progress = new Progress(out, "Copying", "items", source.itemCount(), Progress.isTerminal(out),
        writeMetrics::itemsWritten)) {
      List<Callable<Void>> workers = new ArrayList<>();
      for (int t = 0; t < workersCount; t++) {
        workers.add(() -> {
          run.write(writeSettings, workersCount, writeMetrics, writer -> {
            ScanSplit split;
            while (!stop.get() && (split = queue.poll()) != null) {
              try (ScanReader reader = DynamoDBConnector.openReader(readSettings, split, readMetrics)) {
                while (!stop.get() && reader.hasNext()) {
                  writer.put(reader.next());
                }
              }
            }
          });
          return null;
        });
      }
      try {
        Parallel.run("copy", workers, stop);
      } catch (RuntimeException e) {
        throw new ToolException("copy of '" + sourceTable + "' to '" + targetTable + "' failed: "
            + WriteRun.cause(e) + "\n" + String.format(Locale.ROOT, "%,d items were read. ", readMetrics.itemsRead())
            + run.failed(writeMetrics.itemsWritten())
            + " Nothing is rolled back; running the copy again is safe (items are overwritten).", e);
      }
      run.succeeded();
    }
    double secs = (System.nanoTime() - started) / 1e9;
    out.printf(Locale.ROOT, "Copied %,d items from '%s' to '%s' (%.1f s, %,.0f items/s, %,.0f read units,"
        + " %,.0f write units).%n", writeMetrics.itemsWritten(), sourceTable, targetTable, secs,
        writeMetrics.itemsWritten() / Math.max(secs, 1e-3), readMetrics.readUnits(), writeMetrics.writeUnits());
    String rejected = WriteRun.rejectedLine(write, writeMetrics);
    if (rejected != null) {
      out.println(rejected);
    }
  }
}
