package io.encodingfarm.reporter;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.store.ArtifactStore;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.datasets.DatasetDirectory;
import io.encodingfarm.formats.Npy;
import io.encodingfarm.schema.SchemaVersion;
import io.encodingfarm.schema.SweepManifest;
import io.encodingfarm.schema.SweepManifest.PlannedFit;
import io.encodingfarm.science.Laterality;
import io.encodingfarm.science.Lateralization;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds {@code reports/<sweep>/} from the store alone — the manifest, the committed fits and the
 * dataset's voxel coordinates — so a report can always be rebuilt, by the service or the CLI.
 */
public final class ReportBuilder {
    private final FarmContext context;
    private final Path workDir;

    public ReportBuilder(FarmContext context) {
        this.context = context;
        this.workDir = Path.of(context.config().get(ConfigKey.WORK_DIR));
    }

    public SweepManifest manifest(String sweep) {
        return context.store().getJson(StoreKeys.sweep(sweep) + "manifest.json", SweepManifest.class);
    }

    /** True when every fit the sweep planned is committed. */
    public boolean isComplete(SweepManifest manifest) {
        return manifest.fits().stream().allMatch(f -> context.store().isCommitted("fits/" + f.id() + "/"));
    }

    public SweepReport build(String sweep) throws IOException {
        ArtifactStore store = context.store();
        SweepManifest manifest = manifest(sweep);
        String datasetPrefix = StoreKeys.dataset(manifest.dataset());
        DatasetDirectory dataset = DatasetDirectory.open(store.mirror(datasetPrefix, workDir.resolve(datasetPrefix),
                key -> key.equals(DatasetDirectory.META) || key.equals(DatasetDirectory.VOXELS)));
        float[][] coordinates = dataset.voxelCoordinates();
        float[] mniX = new float[coordinates.length];
        for (int v = 0; v < mniX.length; v++) mniX[v] = coordinates[v][0];

        List<ScoreRow> rows = new ArrayList<>();
        for (PlannedFit fit : manifest.fits()) {
            String prefix = "fits/" + fit.id() + "/";
            if (!store.isCommitted(prefix)) continue;
            float[] scores = Npy.read(store.get(prefix + "scores.npy")).toFloatArray();
            Laterality lat = Lateralization.leftMinusRight(scores, mniX);
            double mean = 0;
            for (float s : scores) mean += s;
            mean /= Math.max(1, scores.length);
            rows.add(new ScoreRow(fit.label(), fit.layer(), fit.layerIndex(), fit.layerCount(), fit.subject(), fit.id(),
                    scores.length, mean, lat.left(), lat.right(), lat.leftMinusRight()));
        }
        List<SweepReport.FeatureSetSummary> summaries = summarize(rows);
        String best = summaries.stream().max(Comparator.comparingDouble(SweepReport.FeatureSetSummary::meanR))
                .map(SweepReport.FeatureSetSummary::label).orElse(null);
        SweepReport report = new SweepReport(SchemaVersion.CURRENT, sweep, manifest.dataset(),
                rows.size() == manifest.fits().size(), rows.size(), manifest.fits().size(), best, summaries,
                dataset.meta().groundTruth(), Instant.now().toString());

        store.open(StoreKeys.report(sweep))
                .putJson("summary.json", report)
                .put("scores.csv", ReportFiles.scoresCsv(rows))
                .put("index.html", ReportFiles.html(report, rows))
                .commit();
        return report;
    }

    /** Per feature set: the layer with the best subject-averaged mean r, and its laterality. */
    static List<SweepReport.FeatureSetSummary> summarize(List<ScoreRow> rows) {
        Map<String, Map<String, List<ScoreRow>>> byLabelAndLayer = rows.stream().collect(Collectors.groupingBy(
                ScoreRow::label, LinkedHashMap::new, Collectors.groupingBy(ScoreRow::layer, LinkedHashMap::new,
                        Collectors.toList())));
        List<SweepReport.FeatureSetSummary> out = new ArrayList<>();
        byLabelAndLayer.forEach((label, layers) -> {
            SweepReport.FeatureSetSummary best = null;
            for (Map.Entry<String, List<ScoreRow>> layer : layers.entrySet()) {
                List<ScoreRow> subjects = layer.getValue();
                SweepReport.FeatureSetSummary candidate = new SweepReport.FeatureSetSummary(label, layer.getKey(),
                        average(subjects, ScoreRow::meanR), average(subjects, ScoreRow::left),
                        average(subjects, ScoreRow::right), average(subjects, ScoreRow::leftMinusRight), subjects.size());
                if (best == null || candidate.meanR() > best.meanR()) best = candidate;
            }
            out.add(best);
        });
        return out;
    }

    private static double average(List<ScoreRow> rows, java.util.function.ToDoubleFunction<ScoreRow> field) {
        return rows.stream().mapToDouble(field).average().orElse(Double.NaN);
    }
}
