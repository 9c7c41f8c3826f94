package io.ddbconnector.samples;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.samples.common.Cli;
import io.ddbconnector.samples.common.Programs;
import io.ddbconnector.samples.common.TextTable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;

/**
 * A Spark SQL job on the connector's {@code dynamodb} data source: the orders table becomes the view
 * {@code orders} ({@code CREATE TEMPORARY VIEW orders USING dynamodb}, schema inferred from a sample of
 * items), then SQL:
 *
 * <ol>
 *   <li>one order by its key ({@code WHERE order_id = ...}): the source turns it into a DynamoDB Query;
 *   <li>with the view cached (one Scan): a summary per region, the best-selling SKUs (exploding the nested
 *       {@code line_items}) and the most frequent tag per region (exploding the {@code tags} string set,
 *       with a window function);
 *   <li>the summary per region written to a second table with {@code df.write().format("dynamodb")}.
 * </ol>
 *
 * The connection settings (endpoint, region, credentials, {@code --conf} keys) are given to Spark once, as
 * {@code spark.dynamodb.*} configuration, so the SQL and the writer name only their table.
 */
public final class SparkSqlJob {

  static final List<TableInfo.KeyAttribute> REGIONS_KEY = List.of(new TableInfo.KeyAttribute("region", "S"));

  /** The order looked up by key; {@code :order_id} is a named parameter of Spark SQL. */
  static final String ORDER_SQL = ""
      + "SELECT order_id, customer_id, region, status, amount, size(line_items) AS lines\n"
      + "FROM orders\n"
      + "WHERE order_id = :order_id";

  static final String REGIONS_SQL = ""
      + "SELECT region,\n"
      + "       count(*) AS orders,\n"
      + "       sum(CASE WHEN status NOT IN ('CANCELLED', 'RETURNED') THEN amount ELSE 0 END) AS revenue,\n"
      + "       round(avg(amount), 2) AS avg_order,\n"
      + "       round(avg(size(line_items)), 2) AS avg_lines\n"
      + "FROM orders\n"
      + "GROUP BY region\n"
      + "ORDER BY revenue DESC, region";

  static final String TOP_SKUS_SQL = ""
      + "SELECT li.sku, sum(li.qty) AS units, sum(li.qty * li.unit_price) AS sales,\n"
      + "       count(DISTINCT order_id) AS orders\n"
      + "FROM orders LATERAL VIEW explode(line_items) l AS li\n"
      + "WHERE status NOT IN ('CANCELLED', 'RETURNED')\n"
      + "GROUP BY li.sku\n"
      + "ORDER BY units DESC, sku\n"
      + "LIMIT 5";

  static final String TOP_TAG_SQL = ""
      + "SELECT region, tag, orders FROM (\n"
      + "  SELECT region, tag, count(*) AS orders,\n"
      + "         row_number() OVER (PARTITION BY region ORDER BY count(*) DESC, tag) AS rank\n"
      + "  FROM orders LATERAL VIEW explode(tags) t AS tag\n"
      + "  GROUP BY region, tag)\n"
      + "WHERE rank = 1\n"
      + "ORDER BY region";

  static final Set<String> VALUE_OPTIONS = OrdersAnalytics.union(SampleEnvironment.VALUE_OPTIONS,
      Set.of("--master", "--order-id", "--output-table"));

  private SparkSqlJob() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static String usage() {
    return "Usage: ./run-sample.sh spark-sql [options]\n"
        + "A Spark SQL job on the \"dynamodb\" data source: one order by key, three queries over the orders,\n"
        + "and the summary per region written to a second table.\n\n"
        + "  --order-id ID           the order to look up by key (default: " + Orders.orderId(42) + ")\n"
        + "  --output-table NAME     table for the summary per region, key region (S)\n"
        + "                          (default: <table>_by_region); created if missing\n"
        + "  --master URL            Spark master (default: local[*])\n"
        + String.format(Locale.ROOT, SampleEnvironment.HELP, "20000");
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return Programs.run("spark-sql", args, out, err, VALUE_OPTIONS, SampleEnvironment.FLAG_OPTIONS,
        SparkSqlJob::usage, cli -> query(cli, out));
  }

  /** Runs the queries; returns their rows by name ("order", "regions", "skus", "tags"). */
  static Map<String, List<Row>> query(Cli cli, PrintStream out) {
    Map<String, List<Row>> results = new LinkedHashMap<>();
    try (SampleEnvironment env = SampleEnvironment.open(cli, out, 20_000)) {
      String outputTable = cli.get("--output-table", env.table() + "_by_region");
      env.ensureTable(outputTable, REGIONS_KEY);
      SparkConf conf = SparkJobs.conf("spark-sql", cli.get("--master", "local[*]"));
      env.settings().raw().forEach((key, value) -> conf.set("spark." + key, value)); // spark.dynamodb.endpoint...
      SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
      try {
        spark.sql("CREATE TEMPORARY VIEW orders USING dynamodb OPTIONS (tableName '" + env.table() + "')");
        out.println();
        out.println("Table '" + env.table() + "' as the view 'orders' (schema inferred by the dynamodb source):");
        out.print(spark.table("orders").schema().treeString());
        out.println();

        Map<String, Object> orderId = Map.of("order_id", cli.get("--order-id", Orders.orderId(42)));
        results.put("order", run(out, "One order by its key", ORDER_SQL, spark.sql(ORDER_SQL, orderId)));
        // the plan's scan node says how the source reads: "Query x1" (by key) rather than "Scan"
        String plan = spark.sql("EXPLAIN " + ORDER_SQL, orderId).first().getString(0);
        plan.lines().filter(line -> line.contains("DynamoDB table")).forEach(line -> out.println("  plan> "
            + line.substring(line.indexOf("DynamoDB table")).split(", columns=")[0]));
        out.println();

        spark.sql("CACHE TABLE orders"); // one Scan for the three queries below
        Dataset<Row> regions = spark.sql(REGIONS_SQL);
        results.put("regions", run(out, "Orders per region", REGIONS_SQL, regions));
        results.put("skus", run(out, "Best-selling SKUs (units, orders not cancelled or returned)",
            TOP_SKUS_SQL, spark.sql(TOP_SKUS_SQL)));
        results.put("tags", run(out, "Most frequent tag per region", TOP_TAG_SQL, spark.sql(TOP_TAG_SQL)));

        regions.write().format("dynamodb").option("tableName", outputTable).mode("append").save();
        out.println("Wrote the " + results.get("regions").size() + " rows of 'Orders per region' to table '"
            + outputTable + "'.");
        spark.sql("UNCACHE TABLE orders");
      } finally {
        spark.stop();
      }
    }
    return results;
  }

  /** Prints the query and its result table; returns the rows. */
  private static List<Row> run(PrintStream out, String title, String sql, Dataset<Row> df) {
    out.println(title + ":");
    for (String line : sql.split("\n")) {
      out.println("  sql> " + line);
    }
    List<Row> rows = df.collectAsList();
    String[] names = df.columns();
    TextTable table = new TextTable(names);
    List<Integer> numeric = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      if (df.schema().fields()[i].dataType() instanceof NumericType) {
        numeric.add(i);
      }
    }
    table.numeric(numeric.stream().mapToInt(Integer::intValue).toArray());
    for (Row r : rows) {
      Object[] cells = new Object[names.length];
      for (int i = 0; i < names.length; i++) {
        cells[i] = r.get(i);
      }
      table.row(cells);
    }
    out.println();
    table.print(out);
    out.println();
    return rows;
  }
}
