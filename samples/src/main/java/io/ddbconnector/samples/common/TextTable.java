package io.ddbconnector.samples.common;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A plain-text table with aligned columns: numbers right-aligned, text left-aligned. What the samples
 * print their results with, so the output reads the same in a terminal, a log and a test.
 */
public final class TextTable {

  private final String[] headers;
  private final boolean[] numeric;
  private final List<String[]> rows = new ArrayList<>();
  private final List<Integer> separatorsBefore = new ArrayList<>();

  public TextTable(String... headers) {
    this.headers = headers.clone();
    this.numeric = new boolean[headers.length];
  }

  /** Marks columns (0-based) as numeric: right-aligned. */
  public TextTable numeric(int... columns) {
    for (int c : columns) {
      numeric[c] = true;
    }
    return this;
  }

  public TextTable row(Object... cells) {
    if (cells.length != headers.length) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.length
          + " columns: " + Arrays.toString(cells));
    }
    String[] r = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      r[i] = format(cells[i]);
    }
    rows.add(r);
    return this;
  }

  /** Draws a rule before the next row (e.g. before a totals row). */
  public TextTable separator() {
    separatorsBefore.add(rows.size());
    return this;
  }

  public int size() {
    return rows.size();
  }

  /** Money and other decimals with two places and thousands separators; counts with separators. */
  public static String format(Object cell) {
    if (cell == null) {
      return "";
    }
    if (cell instanceof BigDecimal) {
      return String.format(Locale.ROOT, "%,.2f", ((BigDecimal) cell).setScale(2, RoundingMode.HALF_EVEN));
    }
    if (cell instanceof Long || cell instanceof Integer) {
      return String.format(Locale.ROOT, "%,d", ((Number) cell).longValue());
    }
    if (cell instanceof Double) {
      return String.format(Locale.ROOT, "%,.2f", (Double) cell);
    }
    return cell.toString();
  }

  public void print(PrintStream out) {
    out.print(render());
    out.flush();
  }

  public String render() {
    int[] widths = new int[headers.length];
    for (int i = 0; i < headers.length; i++) {
      widths[i] = headers[i].length();
    }
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    appendRow(sb, headers, widths);
    appendRule(sb, widths);
    for (int i = 0; i < rows.size(); i++) {
      if (separatorsBefore.contains(i)) {
        appendRule(sb, widths);
      }
      appendRow(sb, rows.get(i), widths);
    }
    return sb.toString();
  }

  private void appendRow(StringBuilder sb, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder("  ");
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        line.append("  ");
      }
      String pad = " ".repeat(widths[i] - cells[i].length());
      line.append(numeric[i] ? pad + cells[i] : cells[i] + pad);
    }
    sb.append(line.toString().replaceAll("\\s+$", "")).append('\n');
  }

  private void appendRule(StringBuilder sb, int[] widths) {
    StringBuilder line = new StringBuilder("  ");
    for (int i = 0; i < widths.length; i++) {
      if (i > 0) {
        line.append("  ");
      }
      line.append("-".repeat(widths[i]));
    }
    sb.append(line).append('\n');
  }
}
