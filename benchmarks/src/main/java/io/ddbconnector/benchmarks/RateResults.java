package io.ddbconnector.benchmarks;

import static io.ddbconnector.benchmarks.ResultTable.f0;
import static io.ddbconnector.benchmarks.ResultTable.f1;
import static io.ddbconnector.benchmarks.ResultTable.f2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rate benchmark's outputs: the table (printed and {@code rate.csv}), {@code rate.md} with the goals
 * each row met or missed, {@code rate-series.csv} with every row's per-second consumption, and one plot
 * per row ({@code rate-<path>.png}) of the proxy-measured units per second against the target.
 */
final class RateResults {

  private RateResults() {}

  static final String DEFINITIONS = """
      - **target**: the job's share, `percent × capacity` (for the two-job row, both jobs' shares together: \
      the whole table). The proxy enforces the table's capacity; the connector learns it from DescribeTable.
      - **job-wide rate**: what the proxy metered on the table between the job's first and last response \
      (units after the first response over that time), all tasks together.
      - **budget use**: units consumed over `target × task window`, the task window running from the first \
      task's start to the last task's end: as the engine reports it where it does (Spark: a listener's task \
      launch and end times; YARN: the job's task reports, container JVM start included), otherwise (the \
      LocalJobRunner's MapReduce and Hive jobs, whose map tasks are threads that open their reader as they \
      start) the *lease span*: tasks join their job's lease in the coordination table when they open their \
      reader/writer and leave it when they close it, so the first and last lease reads the proxy sees on the \
      row's own coordination table bracket them. Both are in `rate.csv`.
      - **peak 5 s**: the busiest sliding 5-second window of the proxy's per-second consumption, start-up \
      included, as a share of the target.
      - **throttled**: requests the emulator refused for capacity (or batches it returned partly unprocessed).
      - **coordination**: requests to the row's coordination table (lease reads and writes, plus creating \
      the table on first use: DescribeTable, CreateTable, UpdateTimeToLive) and the units it consumed \
      (on-demand; reads are strongly consistent).
      - **goals** (issue 11): rate within ±5% of target, no 5-second window above 105%, budget use ≥ 90%, \
      0 throttles when the job's share fits the table, two jobs together ≤ 100% of the table.
      """;

  /** The table of every row, as printed and written to {@code rate.csv}. */
  static ResultTable table(List<RateRow> rows, String title) {
    ResultTable t = new ResultTable(title, "path", "op", "shape", "capacity/s", "target/s", "measured/s",
        "measured % of target", "budget use %", "budget use over lease span %", "peak 5 s % of target", "throttled", "coordination requests",
        "coordination units", "units", "data seconds", "task window s", "task window from", "lease span s", "load 1 min", "goals missed", "notes");
    for (RateRow r : rows) {
      t.add(r.path(), r.op(), r.shape(), f0(r.capacity()), f1(r.target()), f1(r.rate()), f1(r.rateOfTarget() * 100),
          f1(r.budgetUse() * 100), f1(r.leaseBudgetUse() * 100), f1(r.peak5OfTarget() * 100), r.throttled(), r.coordinationRequests(),
          f1(r.coordinationUnits()), f1(r.units()), f1(r.dataSeconds()), f1(r.window()), r.windowSource(), f1(r.leaseSpan()), f2(r.load1()),
          String.join("; ", r.missedGoals()), String.join("; ", r.notes()));
    }
    return t;
  }

  /** Writes rate.csv, rate.md, rate-series.csv and the plots; returns the table. */
  static ResultTable write(Path out, List<RateRow> rows, Options options, Map<String, String> run) {
    ResultTable t = table(rows, "Job-wide rate per engine path, measured by the throttling proxy");
    t.note("target = percent x capacity; measured = proxy-metered rate between the job's first and last response;"
        + " budget use over the task window (first task start to last task end); peak 5 s = busiest sliding"
        + " 5-second window, start-up included.");
    String name = options.get("rate-name");
    t.printAndWrite(out, name);
    writeSeries(out.resolve(name + "-series.csv"), rows);
    for (RateRow r : rows) {
      if (!r.perSecond().isEmpty()) {
        RatePlot.write(out.resolve(name + "-" + r.slug() + ".png"), r.path() + " (" + r.op() + "): proxy-measured"
            + " units/s vs target", (r.op().equals("write") ? "write" : "read") + " capacity units per second",
            List.of(new RateBenchmark.Series("measured " + r.op() + "s", r.op().equals("write"), r.target(),
                r.capacity(), r.perSecond())));
      }
    }
    writeMarkdown(out.resolve(name + ".md"), rows, options, run);
    return t;
  }

  private static void writeSeries(Path file, List<RateRow> rows) {
    StringBuilder sb = new StringBuilder("path,op,target/s,second,units\n");
    for (RateRow r : rows) {
      if (r.perSecond().isEmpty()) {
        continue;
      }
      long origin = r.perSecond().firstKey();
      for (long s = origin; s <= r.perSecond().lastKey(); s++) {
        sb.append('"').append(r.path()).append("\",").append(r.op()).append(',').append(f1(r.target())).append(',')
            .append(s - origin).append(',').append(f1(r.perSecond().getOrDefault(s, 0.0))).append('\n');
      }
    }
    writeString(file, sb.toString());
  }

  private static void writeMarkdown(Path file, List<RateRow> rows, Options options, Map<String, String> run) {
    StringBuilder md = new StringBuilder();
    md.append("# Rate benchmark: the job-wide budget on every engine path\n\n");
    md.append("Written by `benchmarks/run.sh rate` (").append(options.describe("paths", "duration", "read-capacity",
        "write-capacity", "read-percent", "write-percent", "maps", "slots", "rate-name")).append(") on ")
        .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(".\n\n");
    for (Map.Entry<String, String> e : run.entrySet()) {
      md.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    md.append('\n');
    md.append("| path | what runs | target units/s | job-wide rate (proxy) | budget use | peak 5 s window "
        + "| throttled | coordination requests / units | goals |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (RateRow r : rows) {
      md.append("| ").append(r.path()).append(' ').append(r.op()).append(" | ").append(r.shape().replace("|", "\\|"))
          .append(" | ").append(f1(r.target()));
      if (!r.measured()) {
        md.append(" | — | — | — | — | — | **not measured** |\n");
        continue;
      }
      md.append(" | ").append(f1(r.rate())).append(" (").append(f1(r.rateOfTarget() * 100)).append("%)")
          .append(" | ").append(f1(r.budgetUse() * 100)).append("%")
          .append(r.windowSource().equals("engine") ? " (leases: " + f1(r.leaseBudgetUse() * 100) + "%)" : "")
          .append(" | ").append(f1(r.peak5OfTarget() * 100)).append("%")
          .append(" | ").append(r.throttled())
          .append(" | ").append(r.coordinationRequests()).append(" / ").append(f1(r.coordinationUnits()))
          .append(" | ").append(r.missedGoals().isEmpty() ? "met" : "**missed**: " + String.join("; ", r.missedGoals()))
          .append(" |\n");
    }
    md.append("\n## Definitions\n\n").append(DEFINITIONS);
    md.append("\n## Per row\n\n");
    for (RateRow r : rows) {
      md.append("- **").append(r.path()).append(' ').append(r.op()).append("**");
      if (r.measured()) {
        md.append(String.format(Locale.ROOT, ": %.0f units in %.1f s of traffic, task window %.1f s (%s; lease"
            + " span %.1f s), load %.2f at the start", r.units(), r.dataSeconds(), r.window(), r.windowSource(),
            r.leaseSpan(), r.load1()));
      }
      if (!r.notes().isEmpty()) {
        md.append("; ").append(String.join("; ", r.notes()));
      }
      md.append(".");
      if (!r.perSecond().isEmpty()) {
        String plot = options.get("rate-name") + "-" + r.slug() + ".png";
        md.append(" Plot: [").append(plot).append("](").append(plot).append(")");
      }
      md.append('\n');
    }
    writeString(file, md.toString());
    System.out.println("-> " + file);
  }

  private static void writeString(Path file, String s) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, s, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
