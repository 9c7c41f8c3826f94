package io.ddbconnector.samples.common;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The command-line frame of every sample program: parse, {@code --help}, run, and turn failures into a
 * message and an exit code (0 done, 1 failed, 2 bad command line). Stack traces only with {@code --verbose}.
 */
public final class Programs {

  /** The body of a program. */
  public interface Body {
    void run(Cli cli) throws Exception;
  }

  private Programs() {}

  public static int run(String name, String[] args, PrintStream out, PrintStream err, Set<String> valueOptions,
      Set<String> flagOptions, Supplier<String> usage, Body body) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    try {
      Cli cli = Cli.parse(args, valueOptions, flagOptions);
      if (cli.has("--help")) {
        out.print(usage.get());
        return 0;
      }
      Logs.configure(verbose);
      body.run(cli);
      return 0;
    } catch (UsageException e) {
      err.println(name + ": " + e.getMessage());
      err.println("Try --help.");
      return 2;
    } catch (Exception e) {
      out.flush();
      err.println(name + " failed: " + e.getMessage());
      if (verbose) {
        e.printStackTrace(err);
      } else {
        err.println("(run with --verbose for the stack trace)");
      }
      return 1;
    }
  }
}
