package org.apache.hadoop.dynamodb.tools;

import io.ddbconnector.tools.DynamoDBTool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference connector's export tool by name and command line, for scripts and EMR steps written for it:
 * {@code DynamoDBExport [-D key=value ...] <path> <table-name> [<read-ratio>] [<total-segment-count>]}.
 * It runs {@code dynamodb-tool export --format emr}: the files are the reference's format (one item per line in
 * its encoding, plus a {@code manifest}), so the reference's {@code DynamoDBImport} reads them, and so does
 * this tool's {@code import}. Unlike the reference it runs in this JVM (no MapReduce job); the connection comes
 * from {@code -D dynamodb.endpoint=...}, {@code -D dynamodb.region=...} and the SDK's default chains.
 */
public final class DynamoDBExport {

  private static final String USAGE = "Usage: DynamoDBExport [-D key=value ...] <path> <table-name> [<read-ratio>]"
      + " [<total-segment-count>]";

  private DynamoDBExport() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the export; returns the exit code ({@link DynamoDBTool}'s; 2 for a bad command line). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    ReferenceArgs parsed = ReferenceArgs.parse(args);
    List<String> pos = parsed.positional;
    List<String> tool = new ArrayList<>(List.of("export"));
    try {
      if (pos.size() < 2 || pos.size() > 4) {
        throw new IllegalArgumentException(pos.size() < 2 ? "Not enough parameters" : "Too many parameters");
      }
      tool.addAll(List.of("--to", pos.get(0), "--table", pos.get(1), "--format", "emr"));
      String ratio = parsed.number(2, "read ratio");
      if (ratio != null) {
        tool.addAll(List.of("--read-percent", ratio));
      }
      String segments = parsed.number(3, "segment count");
      if (segments != null) {
        tool.addAll(List.of("--segments", segments));
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
