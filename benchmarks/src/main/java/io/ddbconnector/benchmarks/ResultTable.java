package io.ddbconnector.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Rows of one benchmark: printed as an aligned text table and written as CSV with the same columns.
 * Cells are kept as the strings shown, so the CSV holds exactly what the table printed.
 */
final class ResultTable {

  private final String title;
  private final List<String> columns;
  private final List<List<String>> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  ResultTable(String title, String... columns) {
    this.title = title;
    this.columns = List.of(columns);
  }

  ResultTable add(Object... cells) {
    if (cells.length != columns.size()) {
      throw new IllegalArgumentException(cells.length + " cells for " + columns.size() + " columns " + columns);
    }
    List<String> row = new ArrayList<>(cells.length);
    for (Object c : cells) {
      row.add(c == null ? "" : c.toString());
    }
    rows.add(row);
    return this;
  }

  /** A line printed under the table (not written to the CSV). */
  ResultTable note(String line) {
    notes.add(line);
    return this;
  }

  List<List<String>> rows() {
    return Collections.unmodifiableList(rows);
  }

  List<String> columns() {
    return columns;
  }

  String title() {
    return title;
  }

  List<String> notes() {
    return Collections.unmodifiableList(notes);
  }

  /** The cell of {@code column} in row {@code row}. */
  String cell(int row, String column) {
    int c = columns.indexOf(column);
    if (c < 0) {
      throw new IllegalArgumentException("no column " + column + " in " + columns);
    }
    return rows.get(row).get(c);
  }

  String render() {
    int[] width = new int[columns.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = columns.get(c).length();
      for (List<String> r : rows) {
        width[c] = Math.max(width[c], r.get(c).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("== ").append(title).append(" ==\n");
    line(sb, columns, width);
    char[] dashes = new char[Arrays.stream(width).sum() + 2 * (width.length - 1)];
    Arrays.fill(dashes, '-');
    sb.append(dashes).append('\n');
    for (List<String> r : rows) {
      line(sb, r, width);
    }
    for (String n : notes) {
      sb.append(n).append('\n');
    }
    return sb.toString();
  }

  /** A GitHub Markdown table of the columns and rows; the columns {@code rightAligned} accepts are right-aligned. */
  String markdown(java.util.function.Predicate<String> rightAligned) {
    StringBuilder sb = new StringBuilder("| ").append(String.join(" | ", columns)).append(" |\n|");
    for (String c : columns) {
      sb.append(rightAligned.test(c) ? "---:|" : "---|");
    }
    sb.append('\n');
    for (List<String> r : rows) {
      sb.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] width) {
    for (int c = 0; c < cells.size(); c++) {
      String v = cells.get(c);
      boolean numeric = v.matches("[-+]?[0-9.,]+%?");
      String format = numeric ? "%" + width[c] + "s" : "%-" + width[c] + "s";
      sb.append(String.format(Locale.ROOT, format, v));
      if (c < cells.size() - 1) {
        sb.append("  ");
      }
    }
    while (sb.charAt(sb.length() - 1) == ' ') {
      sb.setLength(sb.length() - 1);
    }
    sb.append('\n');
  }

  /** Prints the table and writes {@code <dir>/<name>.csv}; returns the CSV's path. */
  Path printAndWrite(Path dir, String name) {
    System.out.println();
    System.out.print(render());
    Path file = dir.resolve(name + ".csv");
    StringBuilder sb = new StringBuilder();
    sb.append(csvLine(columns));
    for (List<String> r : rows) {
      sb.append(csvLine(r));
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    System.out.println("-> " + file);
    return file;
  }

  private static String csvLine(List<String> cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String v = cells.get(i);
      if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
        sb.append('"').append(v.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(v);
      }
    }
    return sb.append('\n').toString();
  }

  static String f0(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String f2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String pct(double v) {
    return String.format(Locale.ROOT, "%+.1f%%", v);
  }
}
