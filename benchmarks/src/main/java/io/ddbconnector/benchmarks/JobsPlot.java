package io.ddbconnector.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code jobs} benchmark's plot, plain Java2D like {@link RatePlot}: one panel per job (read, copy), in
 * each a group per phase (cold, warm) with one bar per variant at its median items/s and a whisker from the
 * slowest to the fastest round.
 */
final class JobsPlot {

  private static final int PANEL_W = 520;
  private static final int HEIGHT = 480;
  private static final int LEFT = 80;
  private static final int TOP = 60;
  private static final int BOTTOM = 70;
  private static final Color[] COLORS = {new Color(0x7f7f7f), new Color(0x1f77b4), new Color(0xff7f0e),
      new Color(0x2ca02c)};

  private JobsPlot() {}

  static void write(Path file, List<JobsBenchmark.Run> runs) {
    System.setProperty("java.awt.headless", "true");
    int panels = JobsBenchmark.JOBS.size();
    BufferedImage img = new BufferedImage(panels * PANEL_W + 40, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString("Whole jobs: items/s, median and min-max of the rounds (fresh JVM per variant and job)", 20, 26);
    for (int p = 0; p < panels; p++) {
      panel(g, p * PANEL_W + 20, JobsBenchmark.JOBS.get(p), runs);
    }
    // legend
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    int lx = 20 + LEFT;
    for (int v = 0; v < JobsBenchmark.VARIANTS.size(); v++) {
      g.setColor(COLORS[v]);
      g.fillRect(lx, HEIGHT - 28, 16, 12);
      g.setColor(Color.BLACK);
      String label = JobsBenchmark.VARIANTS.get(v);
      g.drawString(label, lx + 22, HEIGHT - 18);
      lx += 40 + g.getFontMetrics().stringWidth(label);
    }
    g.dispose();
    RatePlot.writePng(img, file);
  }

  private static void panel(Graphics2D g, int x0, String job, List<JobsBenchmark.Run> runs) {
    double maxY = 1;
    for (JobsBenchmark.Run r : runs) {
      if (r.job().equals(job)) {
        maxY = Math.max(maxY, r.itemsPerSecond());
      }
    }
    double step = RatePlot.niceStep(maxY * 1.1 / 6);
    maxY = Math.ceil(maxY * 1.1 / step) * step;
    int plotW = PANEL_W - LEFT - 20;
    int plotH = HEIGHT - TOP - BOTTOM;
    int left = x0 + LEFT;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    for (double y = 0; y <= maxY + 1e-9; y += step) {
      int py = TOP + plotH - (int) Math.round(y / maxY * plotH);
      g.setColor(new Color(0xe6e6e6));
      g.drawLine(left, py, left + plotW, py);
      g.setColor(Color.DARK_GRAY);
      String label = String.format(Locale.ROOT, "%,.0f", y);
      g.drawString(label, left - 6 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
    }
    g.setColor(Color.BLACK);
    g.drawRect(left, TOP, plotW, plotH);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(job + " (items/s)", left, TOP - 10);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int groups = JobsResults.PHASES.length;
    int variants = JobsBenchmark.VARIANTS.size();
    int groupW = plotW / groups;
    int barW = (groupW - 40) / variants;
    for (int p = 0; p < groups; p++) {
      String phase = JobsResults.PHASES[p];
      int gx = left + p * groupW + 20;
      g.setColor(Color.BLACK);
      String label = phase.equals("cold") ? "cold (first job in the JVM)" : "warm (second job)";
      g.drawString(label, gx + (groupW - 40 - fm.stringWidth(label)) / 2, TOP + plotH + 18);
      for (int v = 0; v < variants; v++) {
        List<JobsBenchmark.Run> rs = JobsResults.select(runs, job, phase, JobsBenchmark.VARIANTS.get(v));
        if (rs.isEmpty()) {
          continue;
        }
        double med = JobsResults.median(rs, JobsBenchmark.Run::itemsPerSecond);
        double lo = JobsResults.min(rs, JobsBenchmark.Run::itemsPerSecond);
        double hi = JobsResults.max(rs, JobsBenchmark.Run::itemsPerSecond);
        int bx = gx + v * barW;
        int by = TOP + plotH - (int) Math.round(med / maxY * plotH);
        g.setColor(COLORS[v]);
        g.fillRect(bx + 4, by, barW - 8, TOP + plotH - by);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        int cx = bx + barW / 2;
        int yLo = TOP + plotH - (int) Math.round(lo / maxY * plotH);
        int yHi = TOP + plotH - (int) Math.round(hi / maxY * plotH);
        g.drawLine(cx, yLo, cx, yHi);
        g.drawLine(cx - 6, yLo, cx + 6, yLo);
        g.drawLine(cx - 6, yHi, cx + 6, yHi);
        String value = String.format(Locale.ROOT, "%,.0f", med);
        g.drawString(value, cx - fm.stringWidth(value) / 2, Math.min(yHi, by) - 4);
      }
    }
  }
}
