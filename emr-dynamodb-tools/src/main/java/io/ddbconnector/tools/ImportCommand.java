package io.ddbconnector.tools;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.types.DynamoJson;
import io.ddbconnector.write.BatchWriter;
import io.ddbconnector.write.ItemChecks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code import}: reads an export directory (this tool's, or DynamoDB's native export to S3) and writes
 * its items with the connector's writer, files in parallel, within {@code --write-percent} of the table's
 * capacity. Reading the files costs the table nothing: the only requests to DynamoDB are one DescribeTable
 * and the BatchWriteItems.
 *
 * <p>Before anything is written: every listed file must exist, the target table must exist, and its key
 * must match the export's (from {@code manifest.json}, and from the first item of the data). A corrupt
 * line, or an item DynamoDB would refuse ({@link ItemChecks#problem}), fails the import naming the file, line
 * and attribute, unless {@code --skip-bad-lines}; any failure stops every writer and reports what the import
 * wrote ({@link WriteRun}).
 */
@Command(name = "import", sortOptions = false,
    description = {
        "Imports an export (any of the three layouts export writes) into an existing table with the same key.",
        "DIR is an export of this tool (it holds manifest.json), a DynamoDB export to S3 in DYNAMODB_JSON format",
        "(the AWSDynamoDB/<export-id>/ directory holding manifest-summary.json, manifest-files.json and",
        "data/*.json.gz, or a prefix holding exactly one such export), or an export of the EMR reference",
        "connector (DIR/manifest), on any Hadoop file system (local, hdfs://, s3a://).",
        "Reading the files consumes no table capacity; items are written with PutItem semantics.", ""})
final class ImportCommand extends ToolCommand {

  private static final int MAX_REPORTED_BAD_LINES = 10;

  @Option(names = "--from", required = true, paramLabel = "DIR", description = "export directory")
  String from;

  @Option(names = "--table", required = true, paramLabel = "NAME",
      description = "target table (must exist, with the export's key schema)")
  String table;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "4",
      description = "files imported at once (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--write-percent", paramLabel = "F",
      description = "share of the table's write capacity the whole import may use (default: 0.5)")
  Double writePercent;

  @Option(names = "--skip-bad-lines",
      description = "count and report corrupt lines (and items DynamoDB would refuse: no key, a bad "
          + "number, an empty set...) instead of failing on the first one")
  boolean skipBad;

  @Option(names = "--dry-run", description = "read and check every file and the key schema; write nothing")
  boolean dryRun;

  ImportCommand(PrintStream out) {
    super(out);
  }

  @Override
  String name() {
    return "import";
  }

  /** A line that could not be imported. */
  static final class BadLine {
    final String file;
    final long line;
    final String problem;

    BadLine(String file, long line, String problem) {
      this.file = file;
      this.line = line;
      this.problem = problem;
    }

    @Override
    public String toString() {
      return file + ":" + line + ": " + problem;
    }
  }

  @Override
  void run() {
    Path dir = new Path(from);
    checkRange("--threads", threads, 1, 256);
    Settings settings = connection()
        .with(ConnectorOptions.OUTPUT_TABLE_NAME.name(), table)
        .with(ConnectorOptions.CONCURRENCY.name(), Integer.toString(threads));
    Double percent = fraction("--write-percent", writePercent, 1.5);
    if (percent != null) {
      settings = settings.with(ConnectorOptions.WRITE_PERCENT.name(), percent.toString());
    }

    FileSystem fs = FileSystems.of(dir, hadoopConf());
    ImportSource source = ImportSource.open(fs, dir);
    TableInfo target = describeTarget(settings, table);
    List<TableInfo.KeyAttribute> key = target.keys();
    if (source.keySchema != null && !sameKey(source.keySchema, key)) {
      throw new ToolException("key schema mismatch: the export of table '" + source.sourceTable + "' has key "
          + describeKey(source.keySchema) + ", but table '" + table + "' has key " + describeKey(key)
          + ". Nothing was imported.");
    }
    checkFirstItem(fs, source, table, key, skipBad);

    long expected = source.expectedItems();
    out.printf(Locale.ROOT, "Importing %s%s from %s (%s) into table '%s' (key %s) at %s%s%n",
        expected >= 0 ? String.format(Locale.ROOT, "%,d items in ", expected) : "",
        source.files.size() + " files", source.dir, source.layout.description, table, describeKey(key),
        Connection.describe(settings.raw()), dryRun ? " -- dry run, nothing is written" : "");

    ConcurrentLinkedQueue<ImportSource.DataFile> queue = new ConcurrentLinkedQueue<>(source.files);
    ConnectorMetrics metrics = new ConnectorMetrics();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong badLines = new AtomicLong();
    AtomicLong itemsRead = new AtomicLong();
    AtomicInteger filesDone = new AtomicInteger();
    List<BadLine> reported = Collections.synchronizedList(new ArrayList<>());
    Settings writeSettings = settings;
    WriteRun run = WriteRun.start(name(), settings, stop);
    long started = System.nanoTime();
    // the display counts what the table confirmed, not what was queued: its last line is what was written
    try (Progress progress = new Progress(out, dryRun ? "Checking" : "Importing", "items", Math.max(0, expected),
        Progress.isTerminal(out), dryRun ? itemsRead::get : metrics::itemsWritten)) {
      List<Callable<Void>> workers = new ArrayList<>();
      for (int t = 0; t < Math.min(threads, Math.max(1, source.files.size())); t++) {
        workers.add(() -> {
          Consumer<BatchWriter> importFiles = writer -> {
            ImportSource.DataFile file;
            while (!stop.get() && (file = queue.poll()) != null) {
              importFile(fs, source, file, key, writer, skipBad, stop, itemsRead, badLines, reported);
              if (!stop.get()) {
                filesDone.incrementAndGet();
              }
            }
          };
          if (dryRun) {
            importFiles.accept(null);
          } else {
            run.write(writeSettings, threads, metrics, importFiles);
          }
          return null;
        });
      }
      try {
        Parallel.run("import", workers, stop);
      } catch (RuntimeException e) {
        throw new ToolException("import into table '" + table + "' failed: " + WriteRun.cause(e) + "\n"
            + (dryRun ? "Nothing was written." : run.failed(metrics.itemsWritten()))
            + " " + filesDone.get() + " of " + source.files.size() + " files complete. Nothing is rolled back;"
            + " items are written with PutItem semantics, so running the import again after fixing the problem"
            + " is safe.", e);
      }
      run.succeeded();
    }
    double secs = (System.nanoTime() - started) / 1e9;
    if (dryRun) {
      out.printf(Locale.ROOT, "Dry run: %,d items in %d files can be imported into '%s'; nothing was written.%n",
          itemsRead.get(), source.files.size(), table);
    } else {
      out.printf(Locale.ROOT, "Imported %,d items into '%s' from %d files (%.1f s, %,.0f items/s, %,.0f write"
          + " units).%n", metrics.itemsWritten(), table, source.files.size(), secs,
          metrics.itemsWritten() / Math.max(secs, 1e-3), metrics.writeUnits());
      String rejected = WriteRun.rejectedLine(writeSettings, metrics);
      if (rejected != null) {
        out.println(rejected);
      }
    }
    if (badLines.get() > 0) {
      out.printf(Locale.ROOT, "Skipped %,d bad line(s)%s:%n", badLines.get(),
          badLines.get() > reported.size() ? " (the first " + reported.size() + " below)" : "");
      synchronized (reported) {
        for (BadLine b : reported) {
          out.println("  " + b);
        }
      }
    }
  }

  /**
   * Checks the first item of the data against the table's key before anything is written: catches an
   * export of another table even when no manifest records its key (DynamoDB's export).
   */
  private static void checkFirstItem(FileSystem fs, ImportSource source, String table,
      List<TableInfo.KeyAttribute> key, boolean skipBad) {
    for (ImportSource.DataFile file : source.files) {
      try (BufferedReader r = FileSystems.openLines(fs, file.path)) {
        String line;
        long lineNo = 0;
        while ((line = r.readLine()) != null) {
          lineNo++;
          if (line.isBlank()) {
            continue;
          }
          Map<String, AttributeValue> item;
          try {
            item = source.parse(line);
          } catch (IllegalArgumentException e) {
            if (skipBad) {
              continue;
            }
            throw new ToolException(file.name + ":" + lineNo + ": corrupt line: " + e.getMessage()
                + " (use --skip-bad-lines to skip such lines). Nothing was imported.");
          }
          String problem = ItemChecks.keyProblem(item, key);
          if (problem != null) {
            throw new ToolException("key schema mismatch: the first item (" + file.name + ":" + lineNo + ") "
                + problem + ", but table '" + table + "' has key " + describeKey(key) + ". Nothing was imported.");
          }
          return;
        }
      } catch (IOException e) {
        throw new ToolException("cannot read " + file.path + ": " + e.getMessage(), e);
      }
    }
  }

  private void importFile(FileSystem fs, ImportSource source, ImportSource.DataFile file, List<TableInfo.KeyAttribute> key,
      BatchWriter writer, boolean skipBad, AtomicBoolean stop, AtomicLong itemsRead,
      AtomicLong badLines, List<BadLine> reported) {
    long lineNo = 0;
    long items = 0;
    long bad = 0;
    try (BufferedReader r = FileSystems.openLines(fs, file.path)) {
      String line;
      while (!stop.get() && (line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String problem;
        Map<String, AttributeValue> item = null;
        try {
          item = source.parse(line);
          problem = ItemChecks.problem(item, key);
          if (problem != null) {
            problem = "item " + problem;
          }
        } catch (IllegalArgumentException e) {
          problem = "corrupt line: " + e.getMessage();
        }
        if (problem != null) {
          if (!skipBad) {
            throw new ToolException(file.name + ":" + lineNo + ": " + problem
                + " (use --skip-bad-lines to skip such lines)");
          }
          bad++;
          badLines.incrementAndGet();
          if (reported.size() < MAX_REPORTED_BAD_LINES) {
            reported.add(new BadLine(file.name, lineNo, problem));
          }
          continue;
        }
        if (writer != null) {
          writer.put(item);
        }
        items++;
        itemsRead.incrementAndGet();
      }
    } catch (IOException e) {
      throw new ToolException(file.name + ": cannot read after line " + lineNo + ": " + e, e);
    }
    if (!stop.get() && file.expectedItems >= 0 && items + bad != file.expectedItems) {
      throw new ToolException(file.name + " holds " + (items + bad) + " items but its manifest says "
          + file.expectedItems + " (a truncated or changed file?)");
    }
  }
}
