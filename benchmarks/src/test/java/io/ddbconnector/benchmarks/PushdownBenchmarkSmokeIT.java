package io.ddbconnector.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the pushdown benchmark once on a small table and checks that every row measured what its name says
 * (counts as the proxy saw them, not times): the pushed count sent {@code Select=COUNT} scans and received less
 * than the count that reads items, which sent none; the pushed limit consumed fewer units than the unpushed one;
 * the export read made no request and consumed nothing; the files were written. Not a performance assertion.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class PushdownBenchmarkSmokeIT {

  @Test
  void pushdownBenchmarkMeasuresWhatEachRowSays(Backend backend, @TempDir Path out) throws Exception {
    Options options = Options.of("pushdown", "pushdown-items", "1000", "pushdown-rounds", "1",
        "pushdown-warmup", "false", "out", out.toString());
    ResultTable t = BenchmarkMain.pushdown(options, out, BenchBackend.existing(backend)).get(0);

    assertEquals(9, t.rows().size(), t.render());
    int pushedCount = 0;
    int itemsCount = 1;
    int rawCount = 2;
    int pushedLimit = 3;
    int unpushedLimit = 4;
    int pushedEverySplit = 5;
    int unpushedEverySplit = 6;
    int export = 7;
    int live = 8;
    assertTrue(t.cell(pushedCount, "variant").contains("COUNT pushed"), t.render());
    assertTrue(number(t, pushedCount, "Select=COUNT requests") > 0, "the pushed count sends Select=COUNT: " + t.render());
    assertEquals(0, number(t, itemsCount, "Select=COUNT requests"), "pushdown=false reads items: " + t.render());
    assertTrue(number(t, pushedCount, "bytes received (table)") < number(t, itemsCount, "bytes received (table)"),
        t.render());
    assertEquals(number(t, rawCount, "Scan requests"), number(t, rawCount, "Select=COUNT requests"), t.render());
    assertTrue(number(t, pushedCount, "read units") > 0, "a count is billed: " + t.render());
    assertEquals("10", t.cell(pushedLimit, "rows"), t.render());
    assertTrue(number(t, pushedLimit, "read units") < number(t, unpushedLimit, "read units"), t.render());
    assertTrue(number(t, pushedEverySplit, "bytes received (table)")
        < number(t, unpushedEverySplit, "bytes received (table)"), t.render());
    assertEquals(0, number(t, export, "requests"), "an export read makes no request: " + t.render());
    assertEquals(0, number(t, export, "read units"), t.render());
    assertTrue(number(t, live, "read units") > 0, t.render());

    List<String> csv = Files.readAllLines(out.resolve("pushdown.csv"));
    assertEquals(10, csv.size(), "header and nine rows");
    assertTrue(Files.readString(out.resolve("pushdown.md")).contains("| count(*) | DataFrame count(), COUNT pushed"));
    assertEquals(10, Files.readAllLines(out.resolve("pushdown-runs.csv")).size(), "one measured round");
  }

  private static double number(ResultTable t, int row, String column) {
    return Double.parseDouble(t.cell(row, column));
  }
}
