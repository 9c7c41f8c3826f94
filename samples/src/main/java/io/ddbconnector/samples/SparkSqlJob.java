package io.ddbconnector.samples;

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
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark SQL job: the orders table as a DataFrame (read with {@code sc.hadoopRDD} and turned into rows
 * by {@link ItemRows}), registered as the view {@code orders} and queried with SQL: a summary per region,
 * the best-selling SKUs (exploding the nested {@code line_items}) and the most frequent tag per region
 * (exploding the {@code tags} string set, with a window function).
 */
public final class SparkSqlJob {

  /** The orders as Spark SQL sees them. */
  static final StructType ORDERS_SCHEMA = new StructType()
      .add("order_id", DataTypes.StringType, false)
      .add("customer_id", DataTypes.StringType)
      .add("region", DataTypes.StringType)
      .add("status", DataTypes.StringType)
      .add("amount", DataTypes.createDecimalType(12, 2))
      .add("created_at", DataTypes.TimestampType)
      .add("line_items", DataTypes.createArrayType(new StructType()
          .add("sku", DataTypes.StringType)
          .add("qty", DataTypes.IntegerType)
          .add("unit_price", DataTypes.createDecimalType(10, 2))))
      .add("tags", DataTypes.createArrayType(DataTypes.StringType));

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
      Set.of("--master"));

  private SparkSqlJob() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static String usage() {
    return "Usage: ./run-sample.sh spark-sql [options]\n"
        + "A Spark SQL job: the orders table as a DataFrame, queried with SQL.\n\n"
        + "  --master URL            Spark master (default: local[*])\n"
        + String.format(Locale.ROOT, SampleEnvironment.HELP, "20000");
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return Programs.run("spark-sql", args, out, err, VALUE_OPTIONS, SampleEnvironment.FLAG_OPTIONS,
        SparkSqlJob::usage, cli -> query(cli, out));
  }

  /** Runs the three queries; returns their rows by query name ("regions", "skus", "tags"). */
  static Map<String, List<Row>> query(Cli cli, PrintStream out) {
    Map<String, List<Row>> results = new LinkedHashMap<>();
    try (SampleEnvironment env = SampleEnvironment.open(cli, out, 20_000)) {
      SparkSession spark = SparkSession.builder()
          .config(SparkJobs.conf("spark-sql", cli.get("--master", "local[*]")))
          .getOrCreate();
      try {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ItemRows rows = new ItemRows(ORDERS_SCHEMA);
        JavaRDD<Row> rdd = SparkJobs.readTable(sc, env.settings(), env.table())
            .map(kv -> rows.toRow(kv._2().getItem()));
        Dataset<Row> orders = spark.createDataFrame(rdd, ORDERS_SCHEMA).cache();
        orders.createOrReplaceTempView("orders");
        out.println();
        out.println("Table '" + env.table() + "' as the DataFrame/view 'orders':");
        out.print(orders.schema().treeString());
        out.println();

        results.put("regions", run(spark, out, "Orders per region", REGIONS_SQL));
        results.put("skus", run(spark, out, "Best-selling SKUs (units, orders not cancelled or returned)",
            TOP_SKUS_SQL));
        results.put("tags", run(spark, out, "Most frequent tag per region", TOP_TAG_SQL));
        orders.unpersist();
      } finally {
        spark.stop();
      }
    }
    return results;
  }

  private static List<Row> run(SparkSession spark, PrintStream out, String title, String sql) {
    out.println(title + ":");
    for (String line : sql.split("\n")) {
      out.println("  sql> " + line);
    }
    Dataset<Row> df = spark.sql(sql);
    List<Row> rows = df.collectAsList();
    String[] names = df.columns();
    TextTable table = new TextTable(names);
    List<Integer> numeric = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      if (df.schema().fields()[i].dataType() instanceof org.apache.spark.sql.types.NumericType) {
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
