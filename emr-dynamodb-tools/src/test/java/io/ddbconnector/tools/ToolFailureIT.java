package io.ddbconnector.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.tools.ToolsIT.Outcome;
import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.ItemCorpus;
import io.ddbconnector.testkit.KillableBackend;
import io.ddbconnector.write.WriteLedger;
import io.ddbconnector.write.WriteReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The backend dies in the middle of an import and of a copy: the tool exits 1 with the figures of the whole
 * run (every writer thread), and they bracket what the table holds once the backend is back:
 * confirmed ≤ items in the table ≤ confirmed + in doubt. The progress display never claims more than was
 * confirmed.
 */
class ToolFailureIT {

  static final int ITEMS = 6_000;
  static final int THREADS = 3;
  /** Fail soon after the kill: the writers give up on a dead backend within a retry window. */
  static final String[] QUICK_RETRIES = {"--conf", "dynamodb.retry.maxDurationMs=3000", "--conf",
      "dynamodb.retry.maxDelayMs=200"};

  static final Pattern FIGURES = Pattern.compile("Across its (\\d+) writers?: ([0-9,]+) items confirmed written,"
      + " ([0-9,]+) in doubt(?: \\(sent without an answer: the table holds ([0-9,]+) to ([0-9,]+) of this"
      + " run's items\\))?, ([0-9,]+) queued but not written. Every key in doubt or not written: (\\S+)\\.");

  @Test
  void importKilledMidwayReportsWhatTheTableHolds(@TempDir Path tmp) throws Exception {
    List<Map<String, AttributeValue>> items = ItemCorpus.generated("id", ITEMS, 31);
    Path export = ToolsIT.nativeExport(tmp.resolve("bucket"), items, 6);
    try (KillableBackend killable = KillableBackend.start(tmp.resolve("dynalite-data"))) {
      String target = slowTable(killable.backend(), "kill_import");
      Path reports = tmp.resolve("reports");
      Outcome o = killedMidway(killable, reports, "import", "--from", export.toString(), "--table", target);
      assertFailureReportBracketsTable(o, "Importing", reports, killable, target);
    }
  }

  @Test
  void copyKilledMidwayReportsWhatTheTableHolds(@TempDir Path tmp) throws Exception {
    try (KillableBackend killable = KillableBackend.start(tmp.resolve("dynalite-data"))) {
      Backend backend = killable.backend();
      String source = backend.createTable("kill_copy_src", "id", ScalarAttributeType.S);
      backend.putAll(source, ItemCorpus.generated("id", ITEMS, 32));
      String target = slowTable(backend, "kill_copy_dst");
      Path reports = tmp.resolve("reports");
      Outcome o = killedMidway(killable, reports, "copy", "--source", source, "--target", target, "--segments",
          "6");
      assertFailureReportBracketsTable(o, "Copying", reports, killable, target);
    }
  }

  /**
   * A table whose write capacity keeps the tools (at their default half of it) at most 1,000 items a second:
   * {@link #ITEMS} take at least 6 s, the kill comes after about 2.
   */
  static String slowTable(Backend backend, String prefix) {
    return backend.createTable(prefix, "id", ScalarAttributeType.S, null, null, 40_000, 2_000);
  }

  /**
   * Runs the tool and kills the backend once the run's records show confirmed writes (a writer records
   * every 2 s as it sends): whatever the machine's speed, the kill finds items written and items to go.
   */
  static Outcome killedMidway(KillableBackend killable, Path reports, String... args) throws InterruptedException {
    Backend backend = killable.backend();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--threads", Integer.toString(THREADS), "--conf", "dynamodb.write.reportDir=" + reports));
    all.addAll(List.of(QUICK_RETRIES));
    Thread killer = killable.killWhen(() -> WriteLedger.confirmedUnder(reports) > 0, 0);
    Outcome o = ToolsIT.tool(backend.endpoint().toString(), backend, all.toArray(new String[0]));
    killer.join();
    return o;
  }

  static void assertFailureReportBracketsTable(Outcome o, String progressLabel, Path reports,
      KillableBackend killable, String target) throws IOException {
    assertEquals(1, o.code, o.toString());
    Matcher m = FIGURES.matcher(o.err);
    assertTrue(m.find(), "the exit message gives the run's figures and the summary file:\n" + o);
    assertEquals(THREADS, Integer.parseInt(m.group(1)), "figures of every writer thread: " + m.group());
    long confirmed = number(m.group(2));
    long inDoubt = number(m.group(3));
    if (inDoubt > 0) {
      assertEquals(confirmed, number(m.group(4)), m.group());
      assertEquals(confirmed + inDoubt, number(m.group(5)), m.group());
    }
    long notWritten = number(m.group(6));

    Path summary = Paths.get(m.group(7));
    List<Path> runs = runDirs(reports);
    assertEquals(1, runs.size(), "one directory for the run: " + runs);
    assertEquals(runs.get(0).resolve(WriteLedger.SUMMARY).toAbsolutePath(), summary.toAbsolutePath());
    List<String> lines = Files.readAllLines(summary);
    assertEquals(inDoubt, lines.stream().filter(l -> l.startsWith("doubt\t")).count(), "every key in doubt listed");
    assertEquals(notWritten, lines.stream().filter(l -> l.startsWith("notWritten\t")).count(),
        "every key not written listed");
    WriteLedger.Summary recorded = WriteLedger.summarize(WriteLedger.localDirectory(runs.get(0)));
    for (WriteReport r : recorded.reports()) {
      assertTrue(r.state() != WriteReport.State.RUNNING, "every writer stopped and recorded before the figures"
          + " were summed: " + r.attempt());
    }
    assertEquals(confirmed, recorded.confirmed());

    long progress = ToolsIT.lastProgress(o.out, progressLabel);
    assertTrue(progress <= confirmed, "the progress display (" + progress + ") claims no more than was"
        + " confirmed (" + confirmed + ")");

    killable.restart();
    long inTable = killable.backend().count(target);
    assertTrue(confirmed > 0 && inTable < ITEMS, "killed midway: " + m.group() + "; the table holds " + inTable);
    assertTrue(confirmed <= inTable && inTable <= confirmed + inDoubt,
        "reported " + m.group() + " but the table holds " + inTable);
  }

  private static long number(String s) {
    return Long.parseLong(s.replace(",", ""));
  }

  /** The runs' directories under a reports directory (none when it does not exist). */
  static List<Path> runDirs(Path reports) throws IOException {
    if (!Files.isDirectory(reports)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(reports)) {
      return dirs.filter(Files::isDirectory).collect(Collectors.toList());
    }
  }
}
