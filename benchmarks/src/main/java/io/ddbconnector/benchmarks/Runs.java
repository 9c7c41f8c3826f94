package io.ddbconnector.benchmarks;

import static io.ddbconnector.benchmarks.ResultTable.f0;
import static io.ddbconnector.benchmarks.ResultTable.f1;
import static io.ddbconnector.benchmarks.ResultTable.f2;
import static io.ddbconnector.benchmarks.ResultTable.pct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Repeated runs of several variants of one throughput benchmark (raw SDK, connector core, MapReduce job),
 * summarised as medians beside the reference's median.
 */
final class Runs {

  /** One run: items moved, wall time (and, for a job, the time its tasks worked), CPU. */
  record Run(String variant, int round, long items, long wallNanos, long taskNanos, CpuMeter.Result cpu) {
    double itemsPerSecond() {
      return items / (wallNanos / 1e9);
    }

    double taskItemsPerSecond() {
      return items / (taskNanos / 1e9);
    }
  }

  private final Map<String, List<Run>> byVariant = new LinkedHashMap<>();
  private final List<Run> all = new ArrayList<>();

  void add(Run r) {
    byVariant.computeIfAbsent(r.variant(), k -> new ArrayList<>()).add(r);
    all.add(r);
    System.out.printf(Locale.ROOT, "  round %d %-12s %,9d items in %6.2f s = %,8.0f items/s  (client cpu %.1f us/item,"
        + " %.2f cores; server %.1f us/item)%n", r.round(), r.variant(), r.items(), r.wallNanos() / 1e9,
        r.itemsPerSecond(), r.cpu().clientMicrosPerItem(r.items()), r.cpu().clientCores(),
        r.cpu().serverMicrosPerItem(r.items()));
  }

  static double median(List<Run> runs, ToDoubleFunction<Run> f) {
    List<Double> v = runs.stream().map(f::applyAsDouble).sorted().collect(Collectors.toList());
    int n = v.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }

  /**
   * The summary: one row per variant (and one more for a job's task time), items/s median, its ratio to
   * the reference's median, min–max, CPU per item.
   */
  ResultTable summary(String title, String reference, int threads, Map<String, String> taskTimeRows) {
    ResultTable t = new ResultTable(title, "variant", "threads", "items", "runs", "items/s median", "vs " + reference,
        "vs " + reference + " paired", "items/s min-max", "client cpu us/item", "client cores", "server cpu us/item");
    List<Run> refRuns = byVariant.getOrDefault(reference, List.of());
    double ref = median(refRuns, Run::itemsPerSecond);
    for (Map.Entry<String, List<Run>> e : byVariant.entrySet()) {
      List<Run> runs = e.getValue();
      row(t, e.getKey(), threads, runs, Run::itemsPerSecond, ref, refRuns);
      String taskLabel = taskTimeRows.get(e.getKey());
      if (taskLabel != null) {
        row(t, taskLabel, threads, runs, Run::taskItemsPerSecond, ref, refRuns);
      }
    }
    t.note("vs " + reference + ": ratio of the medians; paired: median over rounds of the ratio to the " + reference
        + " run of the same round (the variants of a round run back to back, so a slow spell of the shared"
        + " machine hits both).");
    return t;
  }

  private static void row(ResultTable t, String label, int threads, List<Run> runs, ToDoubleFunction<Run> rate,
      double ref, List<Run> refRuns) {
    double med = median(runs, rate);
    double min = runs.stream().mapToDouble(rate).min().orElse(Double.NaN);
    double max = runs.stream().mapToDouble(rate).max().orElse(Double.NaN);
    List<Double> ratios = new ArrayList<>();
    for (Run r : runs) {
      for (Run reference : refRuns) {
        if (reference.round() == r.round()) {
          ratios.add(rate.applyAsDouble(r) / reference.itemsPerSecond());
        }
      }
    }
    java.util.Collections.sort(ratios);
    int n = ratios.size();
    double paired = n == 0 ? Double.NaN : n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2;
    t.add(label, threads, runs.get(0).items(), runs.size(), f0(med), pct((med / ref - 1) * 100),
        pct((paired - 1) * 100), f0(min) + "-" + f0(max),
        f1(median(runs, r -> r.cpu().clientMicrosPerItem(r.items()))),
        f2(median(runs, r -> r.cpu().clientCores())),
        f1(median(runs, r -> r.cpu().serverMicrosPerItem(r.items()))));
  }

  /** Every run, in the order they ran. */
  ResultTable details(String title) {
    ResultTable t = new ResultTable(title, "round", "variant", "items", "seconds", "items/s", "task seconds",
        "client cpu us/item", "server cpu us/item");
    for (Run r : all) {
      t.add(r.round(), r.variant(), r.items(), f2(r.wallNanos() / 1e9), f0(r.itemsPerSecond()),
          f2(r.taskNanos() / 1e9), f1(r.cpu().clientMicrosPerItem(r.items())),
          f1(r.cpu().serverMicrosPerItem(r.items())));
    }
    return t;
  }

  /** Variant order of round {@code round}: forward, then backward, so no variant always goes first. */
  static List<String> order(List<String> variants, int round) {
    List<String> o = new ArrayList<>(variants);
    if (round % 2 == 0) {
      java.util.Collections.reverse(o);
    }
    return o;
  }
}
