package io.ddbconnector.conf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Rewrites the configuration table in README.md from {@link ConnectorOptions}: {@code ConfigDoc [README.md]}. */
public final class ConfigDoc {
  private ConfigDoc() {}

  public static void main(String[] args) throws Exception {
    Path readme = Paths.get(args.length > 0 ? args[0] : "README.md");
    String text = new String(Files.readAllBytes(readme), StandardCharsets.UTF_8);
    String begin = "<!-- config-table:begin -->\n";
    String end = "<!-- config-table:end -->";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) {
      throw new IllegalStateException(readme + " lacks the markers " + begin.trim() + " and " + end);
    }
    String out = text.substring(0, b + begin.length()) + ConnectorOptions.markdownTable() + text.substring(e);
    Files.write(readme, out.getBytes(StandardCharsets.UTF_8));
    System.out.println("Updated the configuration table in " + readme);
  }
}
