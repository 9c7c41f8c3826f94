package io.ddbconnector.hive;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Not a test: the Hive rows of the rate benchmark ({@code benchmarks/run.sh rate}), run in a child JVM on
 * this module's test classpath (embedded Hive 4.1.0 needs the unshaded Hadoop jars, which cannot share the
 * benchmark's Spark classpath). The benchmark owns the backend, the throttling proxy in front of it and the
 * tables; this program only runs, through that proxy, a {@code SELECT ... GROUP BY} over the loaded read
 * table and an {@code INSERT INTO ... SELECT} from a native Hive table into the empty write table, with the
 * table properties a user would set. The benchmark measures both from its proxy.
 *
 * <p>Arguments, {@code key=value}: {@code dir} (scratch directory for the metastore and warehouse),
 * {@code endpoint}, {@code region}, {@code readTable}, {@code readCoordination}, {@code readPercent},
 * {@code writeTable}, {@code writeCoordination}, {@code writePercent}, {@code rows} (rows to insert).
 * Prints one {@code RESULT <statement> seconds=... rows=...} line per statement.
 */
public final class HiveRateHarness {

  private HiveRateHarness() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("expected key=value, got " + arg);
      }
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    Path dir = Paths.get(a.get("dir"));
    String handler = DynamoDBStorageHandler.class.getName();
    String columns = "(id string, name string, category string, quantity bigint, price double, sku string)";
    String connection = "'dynamodb.endpoint'='" + a.get("endpoint") + "', 'dynamodb.region'='" + a.get("region")
        + "'";
    long started = System.nanoTime();
    try (EmbeddedHive hive = new EmbeddedHive(dir)) {
      System.out.printf(Locale.ROOT, "hive-harness: embedded Hive started in %.1f s%n", seconds(started));
      hive.set("dynamodb.awsAccessKeyId", "dummy"); // credentials are refused as table properties
      hive.set("dynamodb.awsSecretAccessKey", "dummy");

      hive.execute("CREATE EXTERNAL TABLE bench_read " + columns + " STORED BY '" + handler + "' TBLPROPERTIES ("
          + connection + ", 'dynamodb.table.name'='" + a.get("readTable") + "', 'dynamodb.throughput.read.percent'='"
          + a.get("readPercent") + "', 'dynamodb.throughput.coordination.tableName'='" + a.get("readCoordination")
          + "')");
      long t = System.nanoTime();
      List<List<String>> groups = hive.query("SELECT category, count(*), sum(quantity) FROM bench_read GROUP BY category");
      long items = 0;
      for (List<String> g : groups) {
        items += Long.parseLong(g.get(1));
      }
      System.out.printf(Locale.ROOT, "RESULT select seconds=%.1f items=%d groups=%d%n", seconds(t), items,
          groups.size());

      int rows = Integer.parseInt(a.get("rows"));
      Path tsv = dir.resolve("bench_source.tsv");
      try (BufferedWriter w = Files.newBufferedWriter(tsv, StandardCharsets.UTF_8)) {
        String[] categories = {"books", "garden", "toys", "kitchen", "sports", "music"};
        for (int i = 0; i < rows; i++) {
          w.write(String.format(Locale.ROOT, "hive-%08d\tItem number %d of the Hive insert\t%s\t%d\t%d.%02d\t%08X%n",
              i, i, categories[i % categories.length], i % 1000, 1 + i % 997, i % 100, i * 2654435761L & 0xffffffffL));
        }
      }
      hive.execute("CREATE TABLE bench_source " + columns + " ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t'"
          + " STORED AS TEXTFILE");
      hive.execute("LOAD DATA LOCAL INPATH '" + tsv.toAbsolutePath() + "' INTO TABLE bench_source");
      hive.execute("CREATE EXTERNAL TABLE bench_write " + columns + " STORED BY '" + handler + "' TBLPROPERTIES ("
          + connection + ", 'dynamodb.table.name'='" + a.get("writeTable") + "', 'dynamodb.throughput.write.percent'='"
          + a.get("writePercent") + "', 'dynamodb.throughput.coordination.tableName'='"
          + a.get("writeCoordination") + "')");
      t = System.nanoTime();
      hive.execute("INSERT INTO bench_write SELECT * FROM bench_source");
      System.out.printf(Locale.ROOT, "RESULT insert seconds=%.1f rows=%d%n", seconds(t), rows);
    }
    // Hive and the LocalJobRunner leave non-daemon threads behind
    System.exit(0);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
