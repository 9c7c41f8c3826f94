package io.ddbconnector.samples;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.mapred.DynamoDBOutputFormat;
import io.ddbconnector.samples.common.Cli;
import io.ddbconnector.samples.common.Programs;
import io.ddbconnector.samples.common.Tables;
import io.ddbconnector.samples.common.TextTable;
import java.io.PrintStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapred.JobConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The main sample ({@code ./run-sample.sh}): loads 100,000 generated orders into DynamoDB, analyses them
 * with Spark through the connector, writes the revenue by region and month to a second table, reads it
 * back and prints it.
 *
 * <ol>
 *   <li>Start the embedded backend (or use {@code --endpoint}/{@code --region}), create and load {@code orders}.
 *   <li>{@code sc.hadoopRDD(jobConf, DynamoDBInputFormat.class, Text.class, DynamoDBItemWritable.class)}:
 *       one parallel scan, items turned into {@link OrderFacts} and cached.
 *   <li>Revenue (orders not cancelled or returned) by region and month, the top 10 customers by revenue
 *       and the number of orders per status, all with exact decimal sums.
 *   <li>{@code saveAsHadoopDataset} with {@code DynamoDBOutputFormat} into {@code orders_revenue}
 *       (hash key {@code region}, range key {@code month}), read back and printed.
 * </ol>
 */
public final class OrdersAnalytics {

  static final long DEFAULT_ITEMS = 100_000;
  static final List<TableInfo.KeyAttribute> REVENUE_KEY = List.of(
      new TableInfo.KeyAttribute("region", "S"), new TableInfo.KeyAttribute("month", "S"));

  static final Set<String> VALUE_OPTIONS = union(SampleEnvironment.VALUE_OPTIONS,
      Set.of("--output-table", "--master"));

  private OrdersAnalytics() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the sample; returns the process exit code (0 ok, 1 failed, 2 bad command line). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return Programs.run("orders-analytics", args, out, err, VALUE_OPTIONS, SampleEnvironment.FLAG_OPTIONS,
        OrdersAnalytics::usage, cli -> analyse(cli, out));
  }

  static String usage() {
    return "Usage: ./run-sample.sh [options]\n"
        + "Loads generated orders into DynamoDB, analyses them with Spark through the connector\n"
        + "(revenue by region and month, top customers, orders per status) and writes the revenue\n"
        + "by region and month to a second table.\n\n"
        + String.format(Locale.ROOT, SampleEnvironment.HELP, "100000")
        + "Analysis:\n"
        + "  --output-table NAME     result table, key region (S) + month (S) (default: <table>_revenue);\n"
        + "                          created if missing\n"
        + "  --master URL            Spark master (default: local[*])\n\n"
        + "Examples:\n"
        + "  ./run-sample.sh                                  # embedded backend, 100,000 orders\n"
        + "  ./run-sample.sh --items 20000\n"
        + "  ./run-sample.sh --region eu-west-1 --table orders --load   # real DynamoDB (default credentials)\n";
  }

  /** Everything the job found; what the test compares with its own computation. */
  public static final class Result {
    /** region → month → revenue totals, as read back from the result table. */
    public final Map<String, Map<String, Totals>> revenueByRegionMonth = new TreeMap<>();
    /** The 10 customers with most revenue: customer id → totals, best first. */
    public final Map<String, Totals> topCustomers = new LinkedHashMap<>();
    public final Map<String, String> customerRegions = new LinkedHashMap<>();
    public final Map<String, Long> ordersByStatus = new TreeMap<>();
    public long ordersScanned;
    public String outputTable;
  }

  static Result analyse(Cli cli, PrintStream out) {
    long t0 = System.nanoTime();
    try (SampleEnvironment env = SampleEnvironment.open(cli, out, DEFAULT_ITEMS)) {
      String outputTable = cli.get("--output-table", env.table() + "_revenue");
      env.ensureTable(outputTable, REVENUE_KEY);
      Result result = new Result();
      result.outputTable = outputTable;

      out.println("Starting Spark (" + cli.get("--master", "local[*]") + ") ...");
      long sparkStart = System.nanoTime();
      try (JavaSparkContext sc = new JavaSparkContext(
          SparkJobs.conf("orders-analytics", cli.get("--master", "local[*]")))) {
        double sparkSeconds = seconds(sparkStart);
        long scanStart = System.nanoTime();
        JavaRDD<OrderFacts> orders = SparkJobs.readOrders(sc, env.settings(), env.table())
            .persist(StorageLevel.MEMORY_ONLY());
        result.ordersScanned = orders.count();
        double scanSeconds = seconds(scanStart);
        out.printf(Locale.ROOT, "Scanned %,d orders from '%s' in %d splits through DynamoDBInputFormat"
            + " (%.1f s, %,.0f items/s)%n", result.ordersScanned, env.table(), orders.getNumPartitions(),
            scanSeconds, result.ordersScanned / Math.max(scanSeconds, 1e-3));

        long analysisStart = System.nanoTime();
        JavaRDD<OrderFacts> revenueOrders = orders.filter(OrderFacts::isRevenue);
        JavaPairRDD<Tuple2<String, String>, Totals> byRegionMonth = revenueOrders
            .mapToPair(o -> new Tuple2<>(new Tuple2<>(o.region(), o.month()), Totals.of(o.amount())))
            .reduceByKey(Totals::plus);
        writeRevenue(sc, env, outputTable, byRegionMonth);

        List<Tuple2<Tuple2<String, String>, Totals>> top = revenueOrders
            .mapToPair(o -> new Tuple2<>(new Tuple2<>(o.customerId(), o.region()), Totals.of(o.amount())))
            .reduceByKey(Totals::plus)
            .takeOrdered(10, new ByRevenue());
        for (Tuple2<Tuple2<String, String>, Totals> t : top) {
          result.topCustomers.put(t._1()._1(), t._2());
          result.customerRegions.put(t._1()._1(), t._1()._2());
        }
        result.ordersByStatus.putAll(orders.map(OrderFacts::status).countByValue());
        double analysisSeconds = seconds(analysisStart);
        orders.unpersist();

        readBack(env, outputTable, result);
        out.println();
        printRevenue(out, result);
        printTopCustomers(out, result);
        printStatuses(out, result);
        out.println();
        out.printf(Locale.ROOT, "Timing: %sSpark start %.1f s, scan %.1f s, analysis + write %.1f s, total %.1f s%n",
            env.loadedItems() > 0 ? String.format(Locale.ROOT, "load %,d items in %.1f s (%,.0f items/s), ",
                env.loadedItems(), env.loadSeconds(), env.loadedItems() / Math.max(env.loadSeconds(), 1e-3)) : "",
            sparkSeconds, scanSeconds, analysisSeconds, seconds(t0));
      }
      return result;
    }
  }

  /** Highest revenue first; ties by customer id, so the top 10 is deterministic. */
  static final class ByRevenue implements Comparator<Tuple2<Tuple2<String, String>, Totals>>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Tuple2<Tuple2<String, String>, Totals> a, Tuple2<Tuple2<String, String>, Totals> b) {
      int c = b._2().amount().compareTo(a._2().amount());
      return c != 0 ? c : a._1()._1().compareTo(b._1()._1());
    }
  }

  /** {@code saveAsHadoopDataset} through {@link DynamoDBOutputFormat}: one item per region and month. */
  private static void writeRevenue(JavaSparkContext sc, SampleEnvironment env, String table,
      JavaPairRDD<Tuple2<String, String>, Totals> byRegionMonth) {
    JobConf conf = SparkJobs.jobConf(sc, env.settings());
    conf.set(ConnectorOptions.OUTPUT_TABLE_NAME.name(), table);
    conf.setOutputFormat(DynamoDBOutputFormat.class);
    conf.setOutputKeyClass(NullWritable.class);
    conf.setOutputValueClass(DynamoDBItemWritable.class);
    byRegionMonth.mapToPair(t -> {
      Map<String, AttributeValue> item = new LinkedHashMap<>();
      item.put("region", AttributeValue.fromS(t._1()._1()));
      item.put("month", AttributeValue.fromS(t._1()._2()));
      item.put("revenue", AttributeValue.fromN(t._2().amount().toPlainString()));
      item.put("orders", AttributeValue.fromN(Long.toString(t._2().orders())));
      return new Tuple2<>(NullWritable.get(), new DynamoDBItemWritable(item));
    }).saveAsHadoopDataset(conf);
  }

  private static void readBack(SampleEnvironment env, String table, Result result) {
    for (Map<String, AttributeValue> item : Tables.readAll(env.settings(), table)) {
      result.revenueByRegionMonth
          .computeIfAbsent(item.get("region").s(), r -> new TreeMap<>())
          .put(item.get("month").s(), new Totals(Long.parseLong(item.get("orders").n()),
              new BigDecimal(item.get("revenue").n())));
    }
  }

  private static void printRevenue(PrintStream out, Result result) {
    List<String> regions = new ArrayList<>(result.revenueByRegionMonth.keySet());
    Set<String> months = new TreeSet<>();
    result.revenueByRegionMonth.values().forEach(m -> months.addAll(m.keySet()));
    out.println("Revenue by region and month (orders not cancelled or returned), read back from table '"
        + result.outputTable + "':");
    List<String> headers = new ArrayList<>();
    headers.add("month");
    headers.addAll(regions);
    headers.add("total");
    TextTable table = new TextTable(headers.toArray(new String[0]));
    int[] numericColumns = new int[regions.size() + 1];
    for (int i = 0; i < numericColumns.length; i++) {
      numericColumns[i] = i + 1;
    }
    table.numeric(numericColumns);
    Map<String, BigDecimal> regionTotals = new LinkedHashMap<>();
    BigDecimal grand = BigDecimal.ZERO;
    for (String month : months) {
      List<Object> row = new ArrayList<>();
      row.add(month);
      BigDecimal monthTotal = BigDecimal.ZERO;
      for (String region : regions) {
        Totals t = result.revenueByRegionMonth.get(region).get(month);
        BigDecimal v = t == null ? BigDecimal.ZERO : t.amount();
        row.add(v);
        monthTotal = monthTotal.add(v);
        regionTotals.merge(region, v, BigDecimal::add);
      }
      row.add(monthTotal);
      grand = grand.add(monthTotal);
      table.row(row.toArray());
    }
    List<Object> totalRow = new ArrayList<>();
    totalRow.add("total");
    for (String region : regions) {
      totalRow.add(regionTotals.getOrDefault(region, BigDecimal.ZERO));
    }
    totalRow.add(grand);
    table.separator().row(totalRow.toArray());
    table.print(out);
    out.println();
  }

  private static void printTopCustomers(PrintStream out, Result result) {
    out.println("Top 10 customers by revenue:");
    TextTable table = new TextTable("#", "customer", "region", "orders", "revenue").numeric(0, 3, 4);
    int rank = 1;
    for (Map.Entry<String, Totals> e : result.topCustomers.entrySet()) {
      table.row(rank++, e.getKey(), result.customerRegions.get(e.getKey()), e.getValue().orders(),
          e.getValue().amount());
    }
    table.print(out);
    out.println();
  }

  private static void printStatuses(PrintStream out, Result result) {
    out.println("Orders by status:");
    TextTable table = new TextTable("status", "orders", "share").numeric(1, 2);
    long total = result.ordersByStatus.values().stream().mapToLong(Long::longValue).sum();
    List<String> order = new ArrayList<>(Orders.STATUSES);
    for (String s : result.ordersByStatus.keySet()) {
      if (!order.contains(s)) {
        order.add(s);
      }
    }
    for (String status : order) {
      Long n = result.ordersByStatus.get(status);
      if (n != null) {
        table.row(status, n, String.format(Locale.ROOT, "%.1f%%", 100.0 * n / Math.max(1, total)));
      }
    }
    table.separator().row("total", total, "100.0%");
    table.print(out);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new HashSet<>(a);
    s.addAll(b);
    return s;
  }
}
