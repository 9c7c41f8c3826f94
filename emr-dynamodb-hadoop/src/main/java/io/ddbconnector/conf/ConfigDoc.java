package io.ddbconnector.conf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Rewrites the generated tables in README.md from {@link ConnectorOptions}: the configuration table and the EMR
 * connector's key table of the migration section. {@code ConfigDoc [README.md]}.
 */
public final class ConfigDoc {
  private ConfigDoc() {}

  /** The marker pair around the configuration table. */
  public static final String CONFIG_TABLE = "config-table";
  /** The marker pair around the EMR connector's key table. */
  public static final String REFERENCE_KEYS = "reference-keys";

  public static void main(String[] args) throws Exception {
    Path readme = Paths.get(args.length > 0 ? args[0] : "README.md");
    String text = new String(Files.readAllBytes(readme), StandardCharsets.UTF_8);
    text = replace(readme, text, CONFIG_TABLE, ConnectorOptions.markdownTable());
    text = replace(readme, text, REFERENCE_KEYS, ConnectorOptions.referenceKeyTable());
    Files.write(readme, text.getBytes(StandardCharsets.UTF_8));
    System.out.println("Updated the generated tables in " + readme);
  }

  private static String replace(Path readme, String text, String marker, String table) {
    String begin = "<!-- " + marker + ":begin -->\n";
    String end = "<!-- " + marker + ":end -->";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) {
      throw new IllegalStateException(readme + " lacks the markers " + begin.trim() + " and " + end);
    }
    return text.substring(0, b + begin.length()) + table + text.substring(e);
  }
}
