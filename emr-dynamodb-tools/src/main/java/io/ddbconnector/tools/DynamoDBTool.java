package io.ddbconnector.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import io.ddbconnector.conf.Suggestions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command-line tools {@code export}, {@code import} and {@code copy}, run as
 * {@code java -jar emr-dynamodb-tools-<version>-all.jar <command> ...} (or {@code ./run-sample.sh tool ...} in the
 * repository). Exit codes: 0 done, 1 failed (the message says why and how far it got), 2 bad command line.
 *
 * <p>The command line is parsed by picocli; each subcommand has {@code --help}, the tool has {@code --version}.
 */
@Command(name = "dynamodb-tool", mixinStandardHelpOptions = true, versionProvider = DynamoDBTool.Version.class,
    subcommands = {ExportCommand.class, ImportCommand.class, CopyCommand.class},
    description = {
        "Exports, imports and copies DynamoDB tables (java -jar emr-dynamodb-tools-<version>-all.jar <command>).",
        "Run 'dynamodb-tool <command> --help' for a command's options."})
public final class DynamoDBTool implements Runnable {

  @picocli.CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Without a command: the usage, as an error. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: export, import or copy");
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the tool with its output on {@code out} and its errors on {@code err}; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = commandLine(out, err);
    if (args.length == 0) {
      cli.usage(err);
      return 2;
    }
    return cli.execute(args);
  }

  static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new DynamoDBTool(), new Factory(out));
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cli.setUsageHelpWidth(110);
    cli.setParameterExceptionHandler((e, args) -> {
      CommandLine c = e.getCommandLine();
      String prefix = c.getCommandSpec().qualifiedName() + ": ";
      String unknown = unknownOption(c, args);
      c.getErr().println(prefix + (unknown != null ? unknown : usageMessage(e)));
      c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
      return 2;
    });
    cli.setExecutionExceptionHandler((e, c, parsed) -> {
      String prefix = c.getCommandSpec().qualifiedName() + ": ";
      boolean verbose = parsed.originalArgs().contains("--verbose");
      if (e instanceof UsageException) {
        c.getErr().println(prefix + e.getMessage());
        c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
        return 2;
      }
      c.getErr().println(prefix + "error: " + e.getMessage());
      Throwable trace = e instanceof ToolException ? e.getCause() : e;
      if (verbose && trace != null) {
        trace.printStackTrace(c.getErr());
      } else if (!(e instanceof ToolException)) {
        c.getErr().println("(run with --verbose for the stack trace)");
      }
      return 1;
    });
    return cli;
  }

  /**
   * The first option of the command line that {@code c} does not know, with a suggestion: picocli reports a
   * missing required option first, which hides a misspelt one ({@code --tabel} for {@code --table}).
   */
  private static String unknownOption(CommandLine c, String[] args) {
    if (c.getCommandSpec().parent() == null) {
      return null;
    }
    boolean inCommand = false;
    for (String arg : args) {
      if (!inCommand) {
        inCommand = arg.equals(c.getCommandName());
        continue;
      }
      if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq > 0 ? arg.substring(0, eq) : arg;
      if (c.getCommandSpec().findOption(name) == null) {
        List<String> known = new java.util.ArrayList<>();
        for (OptionSpec o : c.getCommandSpec().options()) {
          known.add(o.longestName());
        }
        return "unknown option '" + name + "'" + Suggestions.closest(name, known, 3)
            .map(b -> " (did you mean " + b + "?)").orElse("");
      }
    }
    return null;
  }

  /** picocli's messages, in the words the tools have always used (and their tests check). */
  private static String usageMessage(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException) {
      CommandLine.UnmatchedArgumentException u = (CommandLine.UnmatchedArgumentException) e;
      String arg = u.getUnmatched().isEmpty() ? "?" : u.getUnmatched().get(0);
      List<String> suggestions = u.getSuggestions();
      String hint = suggestions.isEmpty() ? "" : " (did you mean " + suggestions.get(0) + "?)";
      if (arg.startsWith("-")) {
        int eq = arg.indexOf('=');
        return "unknown option '" + (eq > 0 ? arg.substring(0, eq) : arg) + "'" + hint;
      }
      if (e.getCommandLine().getCommandSpec().parent() == null) {
        return "unknown command '" + arg + "'" + hint;
      }
      return "unexpected argument '" + arg + "'";
    }
    if (e instanceof CommandLine.MissingParameterException) {
      List<ArgSpec> missing = ((CommandLine.MissingParameterException) e).getMissing();
      if (!missing.isEmpty() && missing.get(0) instanceof OptionSpec) {
        return "option " + ((OptionSpec) missing.get(0)).longestName() + " is required";
      }
    }
    return e.getMessage();
  }

  /** Gives every command the output stream to report on. */
  private static final class Factory implements CommandLine.IFactory {
    private final PrintStream out;

    Factory(PrintStream out) {
      this.out = out;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (ToolCommand.class.isAssignableFrom(cls)) {
        return cls.getDeclaredConstructor(PrintStream.class).newInstance(out);
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }

  /** The version the build wrote into {@code emr-dynamodb-tools.properties}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"dynamodb-tool (emr-dynamodb-tools) " + version()};
    }
  }

  /** This module's version, or "unknown" when run from classes without the build's resources. */
  static String version() {
    Properties p = new Properties();
    try (InputStream in = DynamoDBTool.class.getResourceAsStream("/emr-dynamodb-tools.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through
    }
    return p.getProperty("version", "unknown");
  }
}
