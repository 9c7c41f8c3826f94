package io.ddbconnector.benchmarks;

import static io.ddbconnector.benchmarks.ResultTable.f0;
import static io.ddbconnector.benchmarks.ResultTable.f2;

import io.ddbconnector.types.DynamoJson;
import io.ddbconnector.types.ItemCodec;
import io.ddbconnector.types.ItemSize;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Runs {@link ConversionBenchmark} with JMH (forked JVMs on this JVM's classpath) and tabulates it. */
final class JmhBenchmark {

  private final Options options;

  JmhBenchmark(Options options) {
    this.options = options;
  }

  ResultTable run() throws RunnerException {
    int forks = options.integer("jmh-forks");
    int warmup = options.integer("jmh-warmup");
    int iterations = options.integer("jmh-iterations");
    int seconds = options.integer("jmh-time");
    System.out.printf("jmh: %d forks x (%d warm-up + %d measured) x %d s per benchmark ...%n", forks, warmup,
        iterations, seconds);
    org.openjdk.jmh.runner.options.Options jmh = new OptionsBuilder()
        .include(ConversionBenchmark.class.getName() + "\\.")
        .forks(forks)
        .warmupIterations(warmup)
        .warmupTime(TimeValue.seconds(seconds))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(seconds))
        .threads(1)
        .jvmArgsAppend("-Xmx1g")
        .timeUnit(TimeUnit.SECONDS)
        .verbosity(VerboseMode.SILENT)
        .build();
    Collection<RunResult> results = new Runner(jmh).run();

    ResultTable t = new ResultTable("Conversion cost per item, one core (JMH " + forks + " forks x " + iterations
        + " x " + seconds + " s)", "benchmark", "item", "item bytes", "wire bytes", "json chars", "items/s",
        "+- (99.9%)", "us/item");
    List<RunResult> sorted = new ArrayList<>(results);
    sorted.sort((a, b) -> {
      int c = a.getParams().getParam("shape").compareTo(b.getParams().getParam("shape"));
      return c != 0 ? -c : a.getParams().getBenchmark().compareTo(b.getParams().getBenchmark());
    });
    for (RunResult r : sorted) {
      String shape = r.getParams().getParam("shape");
      String name = r.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      Result<?> primary = r.getPrimaryResult();
      Map<String, AttributeValue> item = ConversionBenchmark.item(shape);
      double score = primary.getScore();
      double error = primary.getScoreError();
      t.add(name, shape, ItemSize.bytes(item), ItemCodec.toBytes(item).length, DynamoJson.toJson(item).length(),
          f0(score), Double.isNaN(error) ? "" : f0(error), f2(1e6 / score));
    }
    t.note("items/s = single-threaded JMH throughput, i.e. per core. Spark InternalRow conversion is not measured yet:"
        + " the Spark module is written separately; add toRow/fromRow here once its converter exists.");
    return t;
  }
}
