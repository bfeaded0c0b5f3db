package dev.chronos.benchmarks.report;

import dev.chronos.benchmarks.workloads.BurnDown;
import dev.chronos.benchmarks.workloads.Lateness;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of one run with XChart: burn-down throughput per system, and the lateness distribution
 * (lateness at each percentile, per system). Both use logarithmic value axes because the systems
 * differ by orders of magnitude; lateness at or below {@value #FLOOR_MS} ms (including early
 * starts, which the tables count) is drawn at {@value #FLOOR_MS} ms.
 */
public final class Charts {
  static final double FLOOR_MS = 0.01;

  private Charts() {}

  /**
   * Writes {@code <prefix>-throughput.png} and {@code <prefix>-lateness.png} where there is data.
   *
   * @param r the results
   * @param dir the folder
   * @param prefix file name prefix
   * @return the files written
   * @throws IOException if writing fails
   */
  public static List<Path> write(Results r, Path dir, String prefix) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Path> written = new ArrayList<>();
    List<String> systems = r.systems(BurnDown.NAME);
    if (!systems.isEmpty()) {
      CategoryChart chart =
          new CategoryChartBuilder()
              .width(1000)
              .height(560)
              .title("Burn-down throughput (jobs/s, log scale)")
              .xAxisTitle("system")
              .yAxisTitle("jobs/s")
              .build();
      chart.getStyler().setYAxisLogarithmic(true);
      chart.getStyler().setLegendVisible(false);
      chart.getStyler().setXAxisLabelRotation(35);
      chart.getStyler().setLabelsVisible(true);
      chart.getStyler().setDecimalPattern("#,##0");
      List<Double> values = new ArrayList<>();
      for (String s : systems) {
        values.add(r.get(s, BurnDown.NAME, BurnDown.JOBS_PER_SECOND).orElse(1));
      }
      // Bars start at the axis minimum, which a log axis needs above zero.
      double lowest = values.stream().mapToDouble(Double::doubleValue).min().orElse(1);
      chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(Math.max(1, lowest)))));
      chart.addSeries("jobs/s", systems, values);
      Path file = dir.resolve(prefix + "-throughput.png");
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
      written.add(file);
    }
    Map<String, Lateness> lateness = r.lateness();
    if (!lateness.isEmpty()) {
      XYChart chart =
          new XYChartBuilder()
              .width(1000)
              .height(600)
              .title("Lateness distribution (start − due, ms, log scale)")
              .xAxisTitle("percentile of jobs")
              .yAxisTitle("lateness ms")
              .build();
      chart.getStyler().setYAxisLogarithmic(true);
      chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
      chart.getStyler().setXAxisMin(0.0);
      chart.getStyler().setXAxisMax(100.0);
      for (Map.Entry<String, Lateness> e : lateness.entrySet()) {
        double[] sorted = e.getValue().sortedMillis();
        if (sorted.length == 0) {
          continue;
        }
        int points = Math.min(sorted.length, 500);
        double[] x = new double[points];
        double[] y = new double[points];
        for (int i = 0; i < points; i++) {
          int index = (int) Math.round((double) i * (sorted.length - 1) / Math.max(1, points - 1));
          x[i] = 100.0 * (index + 1) / sorted.length;
          y[i] = Math.max(FLOOR_MS, sorted[index]);
        }
        chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.NONE);
      }
      Path file = dir.resolve(prefix + "-lateness.png");
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
      written.add(file);
    }
    return written;
  }
}
