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
 * Runs the rate benchmark for ~2 s per run on a small table and checks that it produced sane rows, the
 * CSV files and the plot. Not a performance assertion: the bounds are wide enough for a loaded machine
 * and only catch a broken benchmark (no traffic, wrong target, a proxy that throttled, a missing file).
 */
@ExtendWith(DynamoDBBackendExtension.class)
class RateBenchmarkSmokeTest {

  @Test
  void rateBenchmarkProducesSaneRowsCsvAndPlot(Backend backend, @TempDir Path out) throws Exception {
    Options options = Options.of("rate", "tasks", "2", "duration", "2", "rate-items", "2000",
        "read-capacity", "100", "write-capacity", "200", "mapreduce", "false", "out", out.toString());
    ResultTable table = BenchmarkMain.rate(options, out, BenchBackend.existing(backend));

    List<List<String>> rows = table.rows();
    assertEquals(2, rows.size(), "a read and a write run: " + table.render());
    for (int i = 0; i < rows.size(); i++) {
      boolean write = table.cell(i, "op").equals("write");
      double target = Double.parseDouble(table.cell(i, "target/s"));
      double steady = Double.parseDouble(table.cell(i, "steady/s"));
      assertEquals(write ? 100.0 : 50.0, target, 1e-9, "percent 0.5 of the capacity");
      assertTrue(steady > 0.5 * target && steady < 1.5 * target, "steady rate near the target: " + table.render());
      assertEquals("0", table.cell(i, "throttled"), "a job at half the capacity is never throttled");
      assertTrue(Long.parseLong(table.cell(i, "items")) > 0, table.render());
    }
    List<String> csv = Files.readAllLines(out.resolve("rate.csv"));
    assertEquals(3, csv.size(), "header and two rows");
    assertTrue(csv.get(0).startsWith("variant,op,tasks,capacity/s,percent,target/s"));
    assertTrue(Files.readAllLines(out.resolve("rate-over-time.csv")).size() > 2);
    BufferedImage png = ImageIO.read(out.resolve("rate-over-time.png").toFile());
    assertEquals(1000, png.getWidth());
  }
}
