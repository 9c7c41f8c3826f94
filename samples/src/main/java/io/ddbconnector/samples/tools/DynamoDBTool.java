package io.ddbconnector.samples.tools;

import io.ddbconnector.samples.common.Cli;
import io.ddbconnector.samples.common.Logs;
import io.ddbconnector.samples.common.UsageException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The command-line tools: {@code export}, {@code import} and {@code copy}
 * ({@code ./run-sample.sh tool <command> ...}). Exit codes: 0 done, 1 failed (the message says why and how
 * far it got), 2 bad command line.
 */
public final class DynamoDBTool {

  private static final Map<String, Function<PrintStream, Command>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("export", ExportCommand::new);
    COMMANDS.put("import", ImportCommand::new);
    COMMANDS.put("copy", CopyCommand::new);
  }

  private DynamoDBTool() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static String usage() {
    return "Usage: dynamodb-tool <command> [options]      (from the repository: ./run-sample.sh tool <command> ...)\n"
        + "Commands:\n"
        + "  export   a table to gzip'd DynamoDB JSON lines on any Hadoop file system, plus a manifest\n"
        + "  import   an export (this tool's, or DynamoDB's native export to S3) into a table\n"
        + "  copy     a table into another table\n"
        + "Run 'dynamodb-tool <command> --help' for a command's options.\n";
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      (args.length == 0 ? err : out).print(usage());
      return args.length == 0 ? 2 : 0;
    }
    Function<PrintStream, Command> factory = COMMANDS.get(args[0]);
    if (factory == null) {
      err.println("dynamodb-tool: unknown command '" + args[0] + "'");
      err.print(usage());
      return 2;
    }
    Command command = factory.apply(out);
    String prefix = "dynamodb-tool " + command.name() + ": ";
    boolean verbose = Arrays.asList(args).contains("--verbose");
    try {
      Cli cli = command.parse(Arrays.copyOfRange(args, 1, args.length));
      if (cli.has("--help")) {
        out.print(command.usage());
        return 0;
      }
      Logs.configure(verbose);
      command.run(cli);
      return 0;
    } catch (UsageException e) {
      err.println(prefix + e.getMessage());
      err.println("Try 'dynamodb-tool " + command.name() + " --help'.");
      return 2;
    } catch (ToolException e) {
      err.println(prefix + "error: " + e.getMessage());
      if (verbose && e.getCause() != null) {
        e.getCause().printStackTrace(err);
      }
      return 1;
    } catch (RuntimeException e) {
      err.println(prefix + "error: " + e.getMessage());
      if (verbose) {
        e.printStackTrace(err);
      } else {
        err.println("(run with --verbose for the stack trace)");
      }
      return 1;
    }
  }
}
