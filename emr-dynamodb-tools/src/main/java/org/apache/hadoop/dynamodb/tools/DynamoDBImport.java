package org.apache.hadoop.dynamodb.tools;

import io.ddbconnector.tools.DynamoDBTool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference connector's import tool by name and command line, for scripts and EMR steps written for it:
 * {@code DynamoDBImport [-D key=value ...] <path> <table-name> [<write-ratio>]}. It runs
 * {@code dynamodb-tool import}, which reads the reference's exports (a directory with a {@code manifest}) as well
 * as this tool's and DynamoDB's native exports. Unlike the reference it runs in this JVM (no MapReduce job)
 * and checks the files and the table's key before writing anything.
 */
public final class DynamoDBImport {

  private static final String USAGE = "Usage: DynamoDBImport [-D key=value ...] <path> <table-name> [<write-ratio>]";

  private DynamoDBImport() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the import; returns the exit code ({@link DynamoDBTool}'s; 2 for a bad command line). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    ReferenceArgs parsed = ReferenceArgs.parse(args);
    List<String> pos = parsed.positional;
    List<String> tool = new ArrayList<>(List.of("import"));
    try {
      if (pos.size() < 2 || pos.size() > 3) {
        throw new IllegalArgumentException(pos.size() < 2 ? "Not enough parameters" : "Too many parameters");
      }
      tool.addAll(List.of("--from", pos.get(0), "--table", pos.get(1)));
      String ratio = parsed.number(2, "write ratio");
      if (ratio != null) {
        tool.addAll(List.of("--write-percent", ratio));
      }
    } catch (IllegalArgumentException e) {
      err.println("Error: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    tool.addAll(parsed.options);
    return DynamoDBTool.run(tool.toArray(new String[0]), out, err);
  }
}
