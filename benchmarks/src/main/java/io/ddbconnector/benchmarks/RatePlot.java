package io.ddbconnector.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Draws achieved (proxy-measured) against target rate over time as a PNG with plain Java2D: one line per
 * run, the target dashed, the table's capacity dotted. No plotting library for one chart.
 */
final class RatePlot {

  private static final int WIDTH = 1000;
  private static final int HEIGHT = 580;
  private static final int LEFT = 80;
  private static final int RIGHT = 230;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;
  private static final Color[] COLORS = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x9467bd), new Color(0x8c564b),
    new Color(0xe377c2)};

  private RatePlot() {}

  static void write(Path file, String title, String yLabel, List<RateBenchmark.Series> series) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);

    double maxX = 1;
    double maxY = 1;
    for (RateBenchmark.Series s : series) {
      if (!s.perSecond().isEmpty()) {
        maxX = Math.max(maxX, s.perSecond().lastKey() - s.perSecond().firstKey() + 1);
      }
      for (double v : s.perSecond().values()) {
        maxY = Math.max(maxY, v);
      }
      maxY = Math.max(maxY, s.capacity());
    }
    maxY = niceCeiling(maxY * 1.1);
    maxX = Math.ceil(maxX);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;

    // grid and axes
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    FontMetrics fm = g.getFontMetrics();
    double yStep = niceStep(maxY / 6);
    for (double y = 0; y <= maxY + 1e-9; y += yStep) {
      int py = TOP + plotH - (int) Math.round(y / maxY * plotH);
      g.setColor(new Color(0xe6e6e6));
      g.drawLine(LEFT, py, LEFT + plotW, py);
      g.setColor(Color.DARK_GRAY);
      String label = String.format(Locale.ROOT, "%.0f", y);
      g.drawString(label, LEFT - 8 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
    }
    double xStep = niceStep(maxX / 10);
    for (double x = 0; x <= maxX + 1e-9; x += xStep) {
      int px = LEFT + (int) Math.round(x / maxX * plotW);
      g.setColor(new Color(0xf0f0f0));
      g.drawLine(px, TOP, px, TOP + plotH);
      g.setColor(Color.DARK_GRAY);
      String label = String.format(Locale.ROOT, "%.0f", x);
      g.drawString(label, px - fm.stringWidth(label) / 2, TOP + plotH + fm.getAscent() + 6);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, plotW, plotH);
    g.drawString("seconds since the run's first request", LEFT + plotW / 2 - 120, HEIGHT - 18);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString(yLabel, -(TOP + plotH / 2 + fm.stringWidth(yLabel) / 2), 22);
    rotated.dispose();
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, LEFT, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));

    // capacity and target lines
    Set<Double> capacities = new LinkedHashSet<>();
    Set<Double> targets = new LinkedHashSet<>();
    for (RateBenchmark.Series s : series) {
      capacities.add(s.capacity());
      targets.add(s.target());
    }
    Stroke dotted = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f);
    Stroke dashed = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {9f, 6f}, 0f);
    g.setColor(new Color(0xd62728));
    g.setStroke(dotted);
    for (double c : capacities) {
      int py = TOP + plotH - (int) Math.round(c / maxY * plotH);
      g.drawLine(LEFT, py, LEFT + plotW, py);
    }
    g.setColor(Color.BLACK);
    g.setStroke(dashed);
    for (double t : targets) {
      int py = TOP + plotH - (int) Math.round(t / maxY * plotH);
      g.drawLine(LEFT, py, LEFT + plotW, py);
    }

    // series: each point at the middle of its second
    g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    int i = 0;
    for (RateBenchmark.Series s : series) {
      g.setColor(COLORS[i++ % COLORS.length]);
      if (s.perSecond().isEmpty()) {
        continue;
      }
      long origin = s.perSecond().firstKey();
      Path2D.Double path = new Path2D.Double();
      boolean first = true;
      for (long sec = origin; sec <= s.perSecond().lastKey(); sec++) {
        double v = s.perSecond().getOrDefault(sec, 0.0);
        double px = LEFT + (sec - origin + 0.5) / maxX * plotW;
        double py = TOP + plotH - v / maxY * plotH;
        if (first) {
          path.moveTo(px, py);
          first = false;
        } else {
          path.lineTo(px, py);
        }
        g.fillOval((int) Math.round(px) - 3, (int) Math.round(py) - 3, 6, 6);
      }
      g.draw(path);
    }

    // legend
    int lx = LEFT + plotW + 20;
    int ly = TOP + 10;
    i = 0;
    for (RateBenchmark.Series s : series) {
      g.setColor(COLORS[i++ % COLORS.length]);
      g.setStroke(new BasicStroke(2.2f));
      g.drawLine(lx, ly, lx + 28, ly);
      g.setColor(Color.BLACK);
      g.drawString(s.label(), lx + 36, ly + 5);
      ly += 22;
    }
    g.setColor(Color.BLACK);
    g.setStroke(dashed);
    g.drawLine(lx, ly, lx + 28, ly);
    g.drawString(targetLabel(targets), lx + 36, ly + 5);
    ly += 22;
    g.setColor(new Color(0xd62728));
    g.setStroke(dotted);
    g.drawLine(lx, ly, lx + 28, ly);
    g.setColor(Color.BLACK);
    g.drawString("table capacity", lx + 36, ly + 5);
    g.dispose();
    writePng(img, file);
  }

  /** Writes {@code img} to {@code file} as PNG and says so. */
  static void writePng(BufferedImage img, Path file) {
    try {
      Files.createDirectories(file.getParent());
      ImageIO.write(img, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    System.out.println("-> " + file);
  }

  private static String targetLabel(Set<Double> targets) {
    StringBuilder sb = new StringBuilder("target ");
    for (double t : targets) {
      if (sb.length() > 7) {
        sb.append(", ");
      }
      sb.append(String.format(Locale.ROOT, "%.0f", t));
    }
    return sb.append("/s").toString();
  }

  static double niceStep(double raw) {
    double exp = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * exp >= raw) {
        return m * exp;
      }
    }
    return 10 * exp;
  }

  private static double niceCeiling(double v) {
    double step = niceStep(v / 6);
    return Math.ceil(v / step) * step;
  }
}
