package io.ddbconnector.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the rate benchmark for a few seconds per row on small tables — the LocalJobRunner path (16 maps on
 * 4 slots, live share) and two core rows (concurrency override) — and checks that it produced sane rows,
 * the CSV and markdown files and the plots. Not a performance assertion: the bounds are wide enough for a
 * loaded machine and only catch a broken benchmark (no traffic, wrong target, a proxy that throttled, no
 * coordination traffic, a missing file). The Spark, Hive and YARN rows are left to {@code run.sh rate}.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class RateBenchmarkSmokeIT {

  @Test
  void rateBenchmarkProducesSaneRowsCsvMarkdownAndPlots(Backend backend, @TempDir Path out) throws Exception {
    Options options = Options.of("rate", "paths", "mr-local", "core-tasks", "2", "duration", "3",
        "read-capacity", "100", "write-capacity", "200", "out", out.toString());
    ResultTable table = BenchmarkMain.rate(options, out, BenchBackend.existing(backend));

    List<List<String>> rows = table.rows();
    assertEquals(3, rows.size(), "the MapReduce row, a core read and a core write row: " + table.render());
    for (int i = 0; i < rows.size(); i++) {
      boolean write = table.cell(i, "op").equals("write");
      double target = Double.parseDouble(table.cell(i, "target/s"));
      double measured = Double.parseDouble(table.cell(i, "measured/s"));
      assertEquals(write ? 100.0 : 50.0, target, 1e-9, "percent 0.5 of the capacity: " + table.render());
      assertTrue(measured > 0.5 * target && measured < 1.5 * target, "rate near the target: " + table.render());
      assertEquals("0", table.cell(i, "throttled"), "a job at half the capacity is never throttled");
    }
    assertTrue(table.cell(0, "path").startsWith("MapReduce local"), table.render());
    assertTrue(Long.parseLong(table.cell(0, "coordination requests")) > 0,
        "the MapReduce tasks share the budget through the coordination table: " + table.render());
    double use = Double.parseDouble(table.cell(0, "budget use %"));
    assertTrue(use > 40 && use < 150, "budget use over the task window: " + table.render());

    List<String> csv = Files.readAllLines(out.resolve("rate.csv"));
    assertEquals(4, csv.size(), "header and three rows");
    assertTrue(csv.get(0).startsWith("path,op,shape,capacity/s,target/s,measured/s"), csv.get(0));
    String md = Files.readString(out.resolve("rate.md"));
    assertTrue(md.contains("| MapReduce local read |"), md);
    assertTrue(Files.readAllLines(out.resolve("rate-series.csv")).size() > 3);
    BufferedImage png = ImageIO.read(out.resolve("rate-mapreduce-local-read.png").toFile());
    assertEquals(1000, png.getWidth());
  }
}
