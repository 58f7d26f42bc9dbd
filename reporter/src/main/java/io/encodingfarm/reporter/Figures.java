package io.encodingfarm.reporter;

import io.encodingfarm.reporter.SweepReport.FeatureSetSummary;
import io.encodingfarm.reporter.SweepReport.ScalingRow;
import io.encodingfarm.reporter.SweepReport.ScoreRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts (XChart), each as PNG for the HTML page and SVG for print. */
final class Figures {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final java.awt.Color LEFT = new java.awt.Color(0x1F, 0x77, 0xB4);
    private static final java.awt.Color RIGHT = new java.awt.Color(0xD6, 0x27, 0x28);
    private static final java.awt.Color OTHER = new java.awt.Color(0x7F, 0x7F, 0x7F);

    /** A rendered figure; {@code svg} is null for raster-only figures (brain maps). */
    record Figure(String name, String title, byte[] png, byte[] svg) {
    }

    private Figures() {
    }

    static List<Figure> charts(SweepReport report) {
        System.setProperty("java.awt.headless", "true");
        List<Figure> out = new ArrayList<>();
        if (!report.byFeatureSet().isEmpty()) out.add(featureSets(report.byFeatureSet()));
        scoreVsDepth(report.scores()).ifPresent(out::add);
        List<FeatureSetSummary> trained = report.byFeatureSet().stream()
                .filter(s -> SweepAnalysis.TRAINED.equals(s.kind()) && s.parameterCount() != null)
                .sorted(Comparator.comparingLong(FeatureSetSummary::parameterCount)).toList();
        if (trained.size() >= 2) {
            out.add(scoreVsN(report, trained));
            out.add(lateralizationVsN(report, trained));
        }
        if (!report.checkpoints().isEmpty()) out.add(checkpoints(report.checkpoints()));
        return out;
    }

    private static Figure featureSets(List<FeatureSetSummary> sets) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Best-layer score per feature set (mean over subjects)").xAxisTitle("feature set")
                .yAxisTitle("mean r").build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(sets.size() > 4 ? 30 : 0);
        List<String> labels = sets.stream().map(FeatureSetSummary::label).toList();
        chart.addSeries("all voxels", labels, sets.stream().map(s -> (Number) s.meanR()).toList());
        chart.addSeries("left", labels, sets.stream().map(s -> (Number) s.left()).toList());
        chart.addSeries("right", labels, sets.stream().map(s -> (Number) s.right()).toList());
        return render("feature-sets", "Best-layer mean r per feature set, all voxels and per hemisphere", chart);
    }

    /** Mean r (over subjects) of every fitted layer against its relative depth, one line per feature set. */
    private static Optional<Figure> scoreVsDepth(List<ScoreRow> scores) {
        Map<String, TreeMap<Double, List<Double>>> byLabel = new LinkedHashMap<>();
        for (ScoreRow r : scores) {
            if (r.relativeDepth() == null) continue;
            byLabel.computeIfAbsent(r.label(), k -> new TreeMap<>()).computeIfAbsent(r.relativeDepth(), k -> new ArrayList<>())
                    .add(r.meanR());
        }
        byLabel.values().removeIf(depths -> depths.size() < 2);
        if (byLabel.isEmpty()) return Optional.empty();
        XYChart chart = xyChart("Score against relative layer depth", "relative depth (0 = embeddings, 1 = last layer)",
                "mean r (mean over subjects)");
        byLabel.forEach((label, depths) -> {
            double[] x = depths.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = depths.values().stream().mapToDouble(v -> v.stream().mapToDouble(Double::doubleValue).average()
                    .orElseThrow()).toArray();
            chart.addSeries(label, x, y).setMarker(SeriesMarkers.CIRCLE);
        });
        return Optional.of(render("score-vs-depth", "Mean r against relative layer depth, per feature set", chart));
    }

    private static Figure scoreVsN(SweepReport report, List<FeatureSetSummary> trained) {
        XYChart chart = xyChart("Score against model size", "parameters N (log scale)", "best-layer mean r");
        chart.getStyler().setXAxisLogarithmic(true);
        double[] n = trained.stream().mapToDouble(s -> s.parameterCount().doubleValue()).toArray();
        scatter(chart, "left hemisphere", n, trained.stream().mapToDouble(FeatureSetSummary::left).toArray(), LEFT);
        scatter(chart, "right hemisphere", n, trained.stream().mapToDouble(FeatureSetSummary::right).toArray(), RIGHT);
        fitLine(chart, report, "left", "left fit", n, LEFT);
        fitLine(chart, report, "right", "right fit", n, RIGHT);
        untrainedAndBaselines(chart, report, n, FeatureSetSummary::meanR);
        return render("score-vs-n", "Left and right best-layer mean r against ln N (trained models), with "
                + "least-squares lines; untrained models and baselines beside them", chart);
    }

    private static Figure lateralizationVsN(SweepReport report, List<FeatureSetSummary> trained) {
        XYChart chart = xyChart("Lateralization against model size", "parameters N (log scale)", "left − right mean r");
        chart.getStyler().setXAxisLogarithmic(true);
        double[] n = trained.stream().mapToDouble(s -> s.parameterCount().doubleValue()).toArray();
        scatter(chart, "trained models", n, trained.stream().mapToDouble(FeatureSetSummary::leftMinusRight).toArray(), LEFT);
        fitLine(chart, report, "left_minus_right", "fit", n, LEFT);
        untrainedAndBaselines(chart, report, n, FeatureSetSummary::leftMinusRight);
        return render("lr-vs-n", "Left − right best-layer mean r against ln N, with its least-squares line", chart);
    }

    private static Figure checkpoints(List<SweepReport.CheckpointRow> rows) {
        XYChart chart = xyChart("Training curves", "training step", "best-layer mean r / left − right");
        Map<String, List<SweepReport.CheckpointRow>> byModel = new LinkedHashMap<>();
        rows.forEach(r -> byModel.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r));
        byModel.forEach((model, steps) -> {
            double[] x = steps.stream().mapToDouble(SweepReport.CheckpointRow::trainingStep).toArray();
            chart.addSeries(model + " mean r", x, steps.stream().mapToDouble(SweepReport.CheckpointRow::meanR).toArray())
                    .setMarker(SeriesMarkers.CIRCLE);
            chart.addSeries(model + " L − R", x, steps.stream().mapToDouble(SweepReport.CheckpointRow::leftMinusRight).toArray())
                    .setMarker(SeriesMarkers.DIAMOND);
        });
        return render("checkpoints", "Best-layer mean r and left − right across training checkpoints", chart);
    }

    private static void untrainedAndBaselines(XYChart chart, SweepReport report, double[] n,
                                              java.util.function.ToDoubleFunction<FeatureSetSummary> value) {
        List<FeatureSetSummary> untrained = report.byFeatureSet().stream()
                .filter(s -> SweepAnalysis.UNTRAINED.equals(s.kind()) && s.parameterCount() != null).toList();
        if (!untrained.isEmpty()) {
            scatter(chart, "untrained models", untrained.stream().mapToDouble(s -> s.parameterCount().doubleValue()).toArray(),
                    untrained.stream().mapToDouble(value).toArray(), OTHER);
        }
        double low = java.util.Arrays.stream(n).min().orElseThrow();
        double high = java.util.Arrays.stream(n).max().orElseThrow();
        for (FeatureSetSummary baseline : report.byFeatureSet()) {
            if (!SweepAnalysis.BASELINE.equals(baseline.kind())) continue;
            double y = value.applyAsDouble(baseline);
            XYSeries line = chart.addSeries("baseline " + baseline.label(), new double[]{low, high}, new double[]{y, y});
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(OTHER);
            line.setLineStyle(new java.awt.BasicStroke(1.2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                    10f, new float[]{5f, 4f}, 0f));
        }
    }

    /** The trained-model log-linear fit of a metric, averaged over subjects, drawn across the models' range. */
    private static void fitLine(XYChart chart, SweepReport report, String metric, String name, double[] n,
                                java.awt.Color colour) {
        report.scaling().stream()
                .filter(r -> r.fit().equals("log_linear") && r.group().equals(SweepAnalysis.TRAINED)
                        && r.subject().equals(SweepAnalysis.MEAN_SUBJECT) && r.metric().equals(metric))
                .findFirst().ifPresent(fit -> {
                    double low = java.util.Arrays.stream(n).min().orElseThrow();
                    double high = java.util.Arrays.stream(n).max().orElseThrow();
                    int steps = 24;
                    double[] x = new double[steps];
                    double[] y = new double[steps];
                    for (int i = 0; i < steps; i++) {
                        x[i] = Math.exp(Math.log(low) + (Math.log(high) - Math.log(low)) * i / (steps - 1));
                        y[i] = fit.intercept() + fit.estimate() * Math.log(x[i]);
                    }
                    XYSeries line = chart.addSeries(name + " " + describe(fit), x, y);
                    line.setMarker(SeriesMarkers.NONE);
                    line.setLineColor(colour);
                });
    }

    static String describe(ScalingRow fit) {
        return String.format(Locale.ROOT, "(slope %.4f per ln N, r = %.2f, p = %.3g)", fit.estimate(), fit.r(), fit.p());
    }

    private static void scatter(XYChart chart, String name, double[] x, double[] y, java.awt.Color colour) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(colour);
    }

    private static XYChart xyChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setMarkerSize(8);
        return chart;
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Vertical);
        styler.setAntiAlias(true);
    }

    private static <C extends Chart<?, ?>> Figure render(String name, String title, C chart) {
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            ByteArrayOutputStream svg = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return new Figure(name, title, png, svg.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render figure " + name + ": " + e.getMessage(), e);
        }
    }
}
