package io.ddbconnector.samples;

import java.util.Arrays;

/**
 * The entry point of {@code ./run-sample.sh}: the first argument picks a program, the rest are its
 * options. Without a program name it runs the main sample, {@link OrdersAnalytics}.
 *
 * <pre>
 * ./run-sample.sh [options]               orders analytics with Spark (the main sample)
 * ./run-sample.sh mapreduce [options]     MapReduceAggregate
 * ./run-sample.sh spark-rdd [options]     SparkRddJob
 * ./run-sample.sh spark-sql [options]     SparkSqlJob
 * ./run-sample.sh streaming [options]     StreamingRevenue
 * ./run-sample.sh tool export|import|copy [options]
 * </pre>
 */
public final class Launcher {

  private Launcher() {}

  public static void main(String[] args) {
    String program = args.length > 0 && !args[0].startsWith("-") ? args[0] : "analytics";
    String[] rest = args.length > 0 && !args[0].startsWith("-") ? Arrays.copyOfRange(args, 1, args.length) : args;
    int code;
    switch (program) {
      case "analytics":
        code = OrdersAnalytics.run(rest, System.out, System.err);
        break;
      case "mapreduce":
        code = MapReduceAggregate.run(rest, System.out, System.err);
        break;
      case "spark-rdd":
        code = SparkRddJob.run(rest, System.out, System.err);
        break;
      case "spark-sql":
        code = SparkSqlJob.run(rest, System.out, System.err);
        break;
      case "streaming":
        code = StreamingRevenue.run(rest, System.out, System.err);
        break;
      case "tool":
      case "export":
      case "import":
      case "copy":
        System.err.println("run-sample: the export/import/copy tools are the emr-dynamodb-tools module now: run"
            + " ./run-sample.sh tool ..., or java -jar emr-dynamodb-tools/target/emr-dynamodb-tools-<version>-all.jar");
        code = 2;
        break;
      default:
        System.err.println("run-sample: unknown program '" + program + "'. Programs: analytics (the default),"
            + " mapreduce, spark-rdd, spark-sql, streaming; ./run-sample.sh tool runs the export/import/copy tools. Try --help.");
        code = 2;
    }
    System.exit(code);
  }
}
