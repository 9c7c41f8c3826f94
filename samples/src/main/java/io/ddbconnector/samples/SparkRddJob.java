package io.ddbconnector.samples;

import io.ddbconnector.samples.common.Cli;
import io.ddbconnector.samples.common.Programs;
import io.ddbconnector.samples.common.TextTable;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * A Spark RDD job: {@code sc.hadoopRDD} with the connector's {@code DynamoDBInputFormat}, then plain RDD
 * operations. For each tag of the {@code tags} string set it counts the orders and sums their amounts
 * (orders without tags form their own group), exactly, with {@code BigDecimal}.
 */
public final class SparkRddJob {

  static final String NO_TAGS = "(no tags)";
  static final Set<String> VALUE_OPTIONS = OrdersAnalytics.union(SampleEnvironment.VALUE_OPTIONS,
      Set.of("--master"));

  private SparkRddJob() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static String usage() {
    return "Usage: ./run-sample.sh spark-rdd [options]\n"
        + "A Spark RDD job over sc.hadoopRDD(DynamoDBInputFormat): orders and order value per tag.\n\n"
        + "  --master URL            Spark master (default: local[*])\n"
        + String.format(Locale.ROOT, SampleEnvironment.HELP, "20000");
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return Programs.run("spark-rdd", args, out, err, VALUE_OPTIONS, SampleEnvironment.FLAG_OPTIONS,
        SparkRddJob::usage, cli -> ordersByTag(cli, out));
  }

  /** Tag → (orders, total amount), most orders first. */
  static Map<String, Totals> ordersByTag(Cli cli, PrintStream out) {
    try (SampleEnvironment env = SampleEnvironment.open(cli, out, 20_000);
        JavaSparkContext sc = new JavaSparkContext(SparkJobs.conf("spark-rdd", cli.get("--master", "local[*]")))) {
      List<Tuple2<String, Totals>> byTag = SparkJobs.readOrders(sc, env.settings(), env.table())
          .flatMapToPair(o -> {
            List<Tuple2<String, Totals>> pairs = new ArrayList<>();
            for (String tag : o.tags().isEmpty() ? List.of(NO_TAGS) : o.tags()) {
              pairs.add(new Tuple2<>(tag, Totals.of(o.amount())));
            }
            return pairs.iterator();
          })
          .reduceByKey(Totals::plus)
          .collect();
      List<Tuple2<String, Totals>> sorted = new ArrayList<>(byTag);
      sorted.sort((a, b) -> a._2().orders() != b._2().orders()
          ? Long.compare(b._2().orders(), a._2().orders()) : a._1().compareTo(b._1()));
      Map<String, Totals> result = new LinkedHashMap<>();
      TextTable table = new TextTable("tag", "orders", "order value", "average").numeric(1, 2, 3);
      for (Tuple2<String, Totals> t : sorted) {
        result.put(t._1(), t._2());
        table.row(t._1(), t._2().orders(), t._2().amount(),
            t._2().amount().divide(BigDecimal.valueOf(t._2().orders()), 2, RoundingMode.HALF_UP));
      }
      out.println();
      out.println("Orders per tag (an order with several tags counts once for each), from table '"
          + env.table() + "':");
      table.print(out);
      return result;
    }
  }
}
