package io.ddbconnector.conf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Rewrites the generated tables of the documentation from the registry ({@link ConnectorOptions},
 * {@link SparkOptions}): each table sits between a pair of markers ({@code <!-- config-table:begin -->} ...
 * {@code <!-- config-table:end -->}) in whichever Markdown file holds it. Today: the core keys, the Spark
 * options, the Spark catalog options and the Hive table properties in
 * {@code docs/configuration.md}, the reference connector's keys in
 * {@code docs/migration.md}.
 *
 * <p>{@code java -cp emr-dynamodb-hadoop/target/classes io.ddbconnector.conf.ConfigDoc docs} regenerates them
 * all; arguments are Markdown files or directories (their {@code *.md} files), default {@code docs}. Every
 * table must be found exactly once among them.
 */
public final class ConfigDoc {
  private ConfigDoc() {}

  /** The marker pair around the table of the core keys. */
  public static final String CONFIG_TABLE = "config-table";
  /** The marker pair around the table of the Spark options. */
  public static final String SPARK_OPTIONS = "spark-options";
  /** The marker pair around the table of the Spark catalog's own options. */
  public static final String CATALOG_OPTIONS = "catalog-options";
  /** The marker pair around the table of the Hive table properties. */
  public static final String HIVE_PROPERTIES = "hive-properties";
  /** The marker pair around the EMR connector's key table. */
  public static final String REFERENCE_KEYS = "reference-keys";

  /** Every generated table, by marker. */
  public static Map<String, Supplier<String>> tables() {
    Map<String, Supplier<String>> t = new LinkedHashMap<>();
    t.put(CONFIG_TABLE, ConnectorOptions::markdownTable);
    t.put(SPARK_OPTIONS, SparkOptions::markdownTable);
    t.put(CATALOG_OPTIONS, SparkOptions::catalogMarkdownTable);
    t.put(HIVE_PROPERTIES, ConnectorOptions::hivePropertyTable);
    t.put(REFERENCE_KEYS, ConnectorOptions::referenceKeyTable);
    return t;
  }

  public static void main(String[] args) throws IOException {
    List<Path> files = markdownFiles(args.length == 0 ? List.of(Paths.get("docs"))
        : Stream.of(args).map(Paths::get).collect(Collectors.toList()));
    Map<String, Path> found = new LinkedHashMap<>();
    for (Path f : files) {
      String text = Files.readString(f, StandardCharsets.UTF_8);
      String updated = regenerate(f, text, found);
      if (!updated.equals(text)) {
        Files.writeString(f, updated, StandardCharsets.UTF_8);
        System.out.println("Updated the generated tables in " + f);
      }
    }
    List<String> missing = new ArrayList<>(tables().keySet());
    missing.removeAll(found.keySet());
    if (!missing.isEmpty()) {
      throw new IllegalStateException("No file among " + files + " holds the markers of " + missing);
    }
    System.out.println("Generated tables up to date: " + found);
  }

  /** The {@code *.md} files among {@code paths} (a directory stands for the Markdown files directly in it). */
  public static List<Path> markdownFiles(List<Path> paths) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> f.getFileName().toString().endsWith(".md")).sorted().forEach(out::add);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new UncheckedIOException(new IOException("no such file or directory: " + p));
      }
    }
    return out;
  }

  /**
   * {@code text} with every generated table it holds rewritten; records in {@code found} which file held each
   * (a table found in a second file is an error).
   */
  public static String regenerate(Path file, String text, Map<String, Path> found) {
    for (Map.Entry<String, Supplier<String>> t : tables().entrySet()) {
      String begin = "<!-- " + t.getKey() + ":begin -->\n";
      String end = "<!-- " + t.getKey() + ":end -->";
      int b = text.indexOf(begin);
      int e = text.indexOf(end);
      if (b < 0 && e < 0) {
        continue;
      }
      if (b < 0 || e < b || text.indexOf(begin, b + 1) >= 0) {
        throw new IllegalStateException(file + " must hold the markers " + begin.trim() + " and " + end
            + " once each, in that order");
      }
      Path before = found.putIfAbsent(t.getKey(), file);
      if (before != null) {
        throw new IllegalStateException("The " + t.getKey() + " table is in both " + before + " and " + file);
      }
      text = text.substring(0, b + begin.length()) + t.getValue().get() + text.substring(e);
    }
    return text;
  }
}
