package io.ddbconnector.tools;

import io.ddbconnector.conf.Settings;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.table.TableInfo;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Option;

/**
 * What the three subcommands share: the connection options, {@code --hadoop}, {@code --verbose},
 * {@code --help}, and the key schema checks. A {@link ToolException} is a failure to report without a stack
 * trace (exit 1), a {@link UsageException} a bad command line (exit 2).
 */
abstract class ToolCommand implements Callable<Integer> {

  final PrintStream out;

  @Option(names = "--endpoint", paramLabel = "URL",
      description = "DynamoDB endpoint, e.g. http://127.0.0.1:8000 (default: the region's)")
  String endpoint;

  @Option(names = "--region", paramLabel = "REGION",
      description = "AWS region, e.g. eu-west-1 (default: the SDK's region chain)")
  String region;

  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "any connector setting (repeatable), e.g. --conf "
          + "dynamodb.throughput.read.percent=0.25, --conf dynamodb.awsAccessKeyId=... (a "
          + "command line is visible to other users: prefer the SDK's default credentials "
          + "chain)")
  List<String> conf = new ArrayList<>();

  @Option(names = "--hadoop", paramLabel = "KEY=VALUE",
      description = "a Hadoop setting (repeatable), e.g. fs.s3a.endpoint=..., or "
          + "hadoop.security.credential.provider.path=jceks://file/home/me/ddb.jceks to read "
          + "dynamodb.awsAccessKeyId, dynamodb.awsSecretAccessKey, dynamodb.awsSessionToken "
          + "from a credential store (hadoop credential create ...): off the command line")
  List<String> hadoop = new ArrayList<>();

  @Option(names = "--verbose", description = "show the connector's split plans and budgets, and stack traces")
  boolean verbose;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
  boolean help;

  ToolCommand(PrintStream out) {
    this.out = out;
  }

  abstract String name();

  /** Runs the command. */
  abstract void run();

  @Override
  public final Integer call() {
    Logs.configure(verbose);
    run();
    return 0;
  }

  /**
   * The connector settings of the command line, with the credentials read from the Hadoop credential
   * providers that {@code --hadoop hadoop.security.credential.provider.path=...} names, when they hold them.
   */
  Settings connection() {
    Configuration conf = FileSystems.configuration(hadoop);
    return Settings.of(HadoopSettings.withCredentialProviders(conf, Connection.settings(endpoint, region, this.conf)));
  }

  Configuration hadoopConf() {
    return FileSystems.configuration(hadoop);
  }

  static int checkRange(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new UsageException("option " + option + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** A fraction such as {@code 0.25} within (0, max], or null when not given. */
  static Double fraction(String option, Double value, double max) {
    if (value == null) {
      return null;
    }
    if (!(value > 0) || value > max) {
      throw new UsageException("option " + option + " must be greater than 0 and at most " + max + ", got " + value);
    }
    return value;
  }

  /** Describes the table a command reads; "does not exist" becomes a short message naming table and endpoint. */
  static TableInfo describeSource(Settings settings, String table) {
    return describe("source", table, () -> Tables.describe(settings, table));
  }

  /** {@link #describeSource} for the table a command writes. */
  static TableInfo describeTarget(Settings settings, String table) {
    return describe("target", table, () -> Tables.describeTarget(settings, table));
  }

  private static TableInfo describe(String role, String table, Supplier<TableInfo> describe) {
    try {
      return describe.get();
    } catch (DynamoDBConnectorException e) {
      throw new ToolException(role + " table '" + table + "': " + e.getMessage(), e);
    }
  }

  static boolean sameKey(List<TableInfo.KeyAttribute> a, List<TableInfo.KeyAttribute> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).name().equals(b.get(i).name()) || !a.get(i).type().equals(b.get(i).type())) {
        return false;
      }
    }
    return true;
  }

  static String describeKey(List<TableInfo.KeyAttribute> key) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < key.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(key.get(i).name()).append(' ').append(key.get(i).type()).append(i == 0 ? " (hash)" : " (range)");
    }
    return sb.toString();
  }
}
