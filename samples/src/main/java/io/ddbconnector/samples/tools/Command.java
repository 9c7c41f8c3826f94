package io.ddbconnector.samples.tools;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.samples.common.Cli;
import io.ddbconnector.samples.common.Connection;
import io.ddbconnector.samples.common.Tables;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;

/** What the three subcommands share: their options, the connection, key schema checks. */
abstract class Command {

  static final String COMMON_HELP = Connection.HELP
      + "  --hadoop KEY=VALUE      a Hadoop setting (repeatable), e.g. fs.s3a.endpoint=..., or\n"
      + "                          hadoop.security.credential.provider.path=jceks://file/home/me/ddb.jceks to read\n"
      + "                          dynamodb.awsAccessKeyId, dynamodb.awsSecretAccessKey, dynamodb.awsSessionToken\n"
      + "                          from a credential store (hadoop credential create ...): off the command line\n"
      + "  --verbose               show the connector's split plans and budgets, and stack traces\n"
      + "  --help                  this text\n";

  final PrintStream out;

  Command(PrintStream out) {
    this.out = out;
  }

  abstract String name();

  abstract String usage();

  abstract Set<String> valueOptions();

  abstract Set<String> flagOptions();

  /** Runs the command; a {@link ToolException} is a failure to report without a stack trace. */
  abstract void run(Cli cli);

  Cli parse(String[] args) {
    Set<String> values = new HashSet<>(valueOptions());
    values.addAll(Connection.OPTIONS);
    values.add("--hadoop");
    Set<String> flags = new HashSet<>(flagOptions());
    flags.add("--help");
    flags.add("--verbose");
    return Cli.parse(args, values, flags);
  }

  /**
   * The connector settings of the command line, with the credentials read from the Hadoop credential
   * providers that {@code --hadoop hadoop.security.credential.provider.path=...} names, when they hold them.
   */
  static Settings connection(Cli cli) {
    Configuration hadoop = FileSystems.configuration(cli.all("--hadoop"));
    return Settings.of(HadoopSettings.withCredentialProviders(hadoop, Connection.settings(cli)));
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
