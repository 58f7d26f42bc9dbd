package io.encodingfarm.reporter;

import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.datasets.DatasetMeta;
import io.encodingfarm.schema.Json;
import io.encodingfarm.schema.SchemaVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every file of {@code reports/<sweep>/} (summary.json, the CSV tables, index.html, figures/*.png|svg,
 * maps/&lt;owner&gt;/&lt;subject&gt;/&lt;kind&gt;.nii.gz), assembled in memory from the analysis of the
 * committed fits, so the same bundle can go to the store or to a local directory.
 */
public record ReportBundle(SweepReport report, Map<String, byte[]> files) {

    /**
     * What a report is made from.
     *
     * @param fitsPlanned fits the manifest plans; fewer committed fits make the report partial
     * @param maps        renders maps on the dataset's mask grid
     */
    record Inputs(String sweep, String dataset, Map<String, Object> groundTruth, int fitsPlanned,
                  SweepAnalysis.Voxels voxels, Map<String, SweepAnalysis.FeatureSet> featureSets,
                  List<SweepAnalysis.Fit> fits, BrainMaps maps, SweepReport.Provenance provenance, String generatedAt) {
    }

    static ReportBundle assemble(Inputs in) {
        SweepAnalysis.Result result = SweepAnalysis.analyze(in.voxels(), in.featureSets(), in.fits());
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<String> mapKeys = new ArrayList<>();
        for (SweepAnalysis.VoxelMap map : result.maps()) {
            String key = mapKey(map);
            files.put(key, in.maps().nifti(map.values()));
            mapKeys.add(key);
        }
        SweepReport withoutFigures = report(in, result, List.of(), mapKeys);
        List<Figures.Figure> figures = new ArrayList<>(Figures.charts(withoutFigures));
        figures.addAll(brainFigures(in, result));
        List<String> figureFiles = new ArrayList<>();
        for (Figures.Figure f : figures) {
            figureFiles.add(f.name() + ".png");
            files.put("figures/" + f.name() + ".png", f.png());
            if (f.svg() != null) {
                figureFiles.add(f.name() + ".svg");
                files.put("figures/" + f.name() + ".svg", f.svg());
            }
        }
        SweepReport report = report(in, result, figureFiles, mapKeys);
        files.put("summary.json", Json.toPrettyString(report).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        files.put("scores.csv", ReportFiles.scoresCsv(report.scores()));
        files.put("lateralization.csv", ReportFiles.lateralizationCsv(report.lateralization()));
        files.put("scaling.csv", ReportFiles.scalingCsv(report.scaling()));
        files.put("index.html", ReportFiles.html(report, figures));
        return new ReportBundle(report, files);
    }

    /** Writes every file under a local directory. */
    public void writeTo(Path directory) throws IOException {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = directory.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
    }

    private static SweepReport report(Inputs in, SweepAnalysis.Result result, List<String> figures, List<String> maps) {
        return new SweepReport(SchemaVersion.CURRENT, in.sweep(), in.dataset(), result.scores().size() == in.fitsPlanned(),
                result.scores().size(), in.fitsPlanned(), SweepAnalysis.best(result.byFeatureSet()), result.byFeatureSet(),
                in.groundTruth(), in.generatedAt(), result.scores(), result.bestLayers(), result.lateralization(),
                result.scaling(), result.voxelSlopes(), result.checkpoints(), in.provenance(), figures, maps, result.notes());
    }

    /** Maps are keyed by names the planner validated; checked again because they become object keys. */
    private static String mapKey(SweepAnalysis.VoxelMap map) {
        return "maps/" + StoreKeys.segment("feature set", map.owner()) + "/" + StoreKeys.segment("subject", map.subject())
                + "/" + map.kind() + ".nii.gz";
    }

    /** Pictures of one subject's maps (the averaged subject when the dataset has one): depth as slices, the rest as glass brains. */
    private static List<Figures.Figure> brainFigures(Inputs in, SweepAnalysis.Result result) {
        List<String> subjects = result.maps().stream().map(SweepAnalysis.VoxelMap::subject).distinct().toList();
        if (subjects.isEmpty()) return List.of();
        String shown = subjects.contains(DatasetMeta.AVERAGE_SUBJECT) ? DatasetMeta.AVERAGE_SUBJECT : subjects.get(0);
        List<Figures.Figure> out = new ArrayList<>();
        for (SweepAnalysis.VoxelMap map : result.maps()) {
            if (!map.subject().equals(shown) || map.kind().equals("lnN-slope-p")) continue;
            String title = map.owner() + " · " + map.subject() + " · " + describe(map.kind());
            out.add(new Figures.Figure("map-" + map.owner() + "-" + map.subject() + "-" + map.kind(), title,
                    in.maps().png(map.values(), title, map.kind().equals("best-depth") ? BrainMaps.View.SLICES
                            : BrainMaps.View.PROJECTION), null));
        }
        return out;
    }

    private static String describe(String kind) {
        return switch (kind) {
            case "best-r" -> "best-layer r per voxel";
            case "best-depth" -> "relative depth of the best layer per voxel (slices)";
            case "best-r-normalized" -> "best-layer r / noise ceiling per voxel";
            case "lnN-slope" -> "per-voxel slope of best-layer r on ln N";
            default -> kind;
        };
    }
}
