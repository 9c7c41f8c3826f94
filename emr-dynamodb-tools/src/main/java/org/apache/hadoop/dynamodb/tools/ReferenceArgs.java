package org.apache.hadoop.dynamodb.tools;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of the reference connector's tools: Hadoop's generic options ({@code -D key=value} or
 * {@code -Dkey=value}, as {@code ToolRunner} takes them) followed by positional arguments. {@code dynamodb.*}
 * settings become the tools' {@code --conf}, other keys {@code --hadoop}.
 */
final class ReferenceArgs {

  final List<String> options = new ArrayList<>();
  final List<String> positional = new ArrayList<>();

  private ReferenceArgs() {}

  static ReferenceArgs parse(String[] args) {
    ReferenceArgs r = new ReferenceArgs();
    boolean allowUnknownGiven = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String kv = null;
      if (a.equals("-D") && i + 1 < args.length) {
        kv = args[++i];
      } else if (a.startsWith("-D") && a.length() > 2) {
        kv = a.substring(2);
      } else if (a.equals("--verbose")) {
        r.options.add(a);
        continue;
      } else {
        r.positional.add(a);
        continue;
      }
      if (kv.startsWith("dynamodb.")) {
        allowUnknownGiven |= kv.startsWith("dynamodb.config.allowUnknownKeys=");
        r.options.add("--conf");
      } else {
        r.options.add("--hadoop");
      }
      r.options.add(kv);
    }
    if (!allowUnknownGiven) {
      // the reference's own keys (dynamodb.throughput.read, ...) are warned about, not refused
      r.options.add("--conf");
      r.options.add("dynamodb.config.allowUnknownKeys=true");
    }
    return r;
  }

  /** The number at {@code index}, checked, or null when absent. */
  String number(int index, String what) {
    if (positional.size() <= index) {
      return null;
    }
    String v = positional.get(index);
    try {
      Double.parseDouble(v);
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Could not parse " + what + " (value: " + v + ")");
    }
  }
}
