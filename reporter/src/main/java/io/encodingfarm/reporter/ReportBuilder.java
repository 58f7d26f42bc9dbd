package io.encodingfarm.reporter;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.store.ArtifactStore;
import io.encodingfarm.core.store.ArtifactWriter;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.datasets.DatasetDirectory;
import io.encodingfarm.datasets.DatasetMeta;
import io.encodingfarm.datasets.VoxelGrid;
import io.encodingfarm.formats.Npy;
import io.encodingfarm.formats.NiftiImage;
import io.encodingfarm.schema.ExtractionTask;
import io.encodingfarm.schema.Json;
import io.encodingfarm.schema.SweepManifest;
import io.encodingfarm.schema.SweepManifest.PlannedFit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Builds {@code reports/<sweep>/} from the store alone — the manifest, the committed fits, the
 * features' metadata and the dataset's voxels, mask, ROIs and ceilings — so a report can always be
 * rebuilt, by the service or the CLI. Fits not yet committed are left out and the report says partial.
 */
public final class ReportBuilder {
    private static final java.util.regex.Pattern STEP_REVISION = java.util.regex.Pattern.compile("step(\\d{1,18})");
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

    /** Builds the report from what is committed now and commits it under {@code reports/<sweep>/}. */
    public SweepReport build(String sweep) throws IOException {
        ReportBundle bundle = assemble(sweep);
        String prefix = StoreKeys.report(sweep);
        ArtifactWriter writer = context.store().open(prefix);
        bundle.files().forEach(writer::put);
        writer.commit();
        // A partial report may have had files this one has not (maps of a subject shown before others came in).
        for (String key : context.store().list(prefix)) {
            String relative = key.substring(prefix.length());
            if (!relative.equals(ArtifactStore.COMMIT_MARKER) && !bundle.files().containsKey(relative)) context.store().delete(key);
        }
        return bundle.report();
    }

    /** The report's files, in memory, from what is committed now. */
    public ReportBundle assemble(String sweep) throws IOException {
        ArtifactStore store = context.store();
        SweepManifest manifest = manifest(sweep);
        String datasetPrefix = StoreKeys.dataset(manifest.dataset());
        DatasetDirectory dataset = DatasetDirectory.open(store.mirror(datasetPrefix, workDir.resolve(datasetPrefix),
                key -> key.equals(DatasetDirectory.META) || key.equals(DatasetDirectory.VOXELS)
                        || key.equals(DatasetDirectory.MASK) || key.startsWith("rois/") || key.startsWith("ceiling/")));
        NiftiImage mask = dataset.mask();
        int[] voxelIndex = VoxelGrid.voxelIndices(mask);
        float[][] mni = dataset.voxelCoordinates();
        if (voxelIndex.length != mni.length) {
            throw new IllegalStateException("dataset " + manifest.dataset() + ": mask.nii.gz has " + voxelIndex.length
                    + " voxels but voxels.npy has " + mni.length + "; re-import the dataset");
        }

        List<SweepAnalysis.Fit> fits = new ArrayList<>();
        for (PlannedFit fit : manifest.fits()) {
            String prefix = "fits/" + fit.id() + "/";
            if (store.isCommitted(prefix)) fits.add(new SweepAnalysis.Fit(fit, Npy.read(store.get(prefix + "scores.npy")).toFloatArray()));
        }
        Map<String, double[]> ceilings = new LinkedHashMap<>();
        for (String subject : manifest.fits().stream().map(PlannedFit::subject).distinct().toList()) {
            dataset.ceiling(subject).ifPresent(c -> ceilings.put(subject, toDoubles(c)));
        }
        SweepAnalysis.Voxels voxels = new SweepAnalysis.Voxels(mni, mask.voxelSizes()[0], ceilings,
                rois(dataset, mask, voxelIndex));

        Map<String, SweepAnalysis.FeatureSet> featureSets = new LinkedHashMap<>();
        List<SweepReport.FeatureSetProvenance> provenance = new ArrayList<>();
        for (ExtractionTask extraction : manifest.extractions()) {
            Map<String, Object> meta = featuresMeta(extraction);
            Long parameters = meta.get("parameter_count") instanceof Number n ? n.longValue() : null;
            Integer hidden = meta.get("hidden_size") instanceof Number n ? n.intValue() : null;
            String kind = kind(extraction.extractor());
            Object model = extraction.extractor().get("model");
            featureSets.put(extraction.label(), new SweepAnalysis.FeatureSet(extraction.label(), kind, parameters, hidden,
                    model == null ? null : model.toString(), trainingStep(meta, extraction.extractor())));
            provenance.add(new SweepReport.FeatureSetProvenance(extraction.label(), kind, extraction.id(),
                    extraction.extractor(), parameters, hidden));
        }
        List<Object> fitSettings = manifest.extractions().stream().map(e -> (Object) e.fit()).distinct().toList();

        DatasetMeta meta = dataset.meta();
        Map<String, Object> datasetProvenance = new LinkedHashMap<>();
        datasetProvenance.put("name", meta.name());
        datasetProvenance.put("convention", meta.convention());
        datasetProvenance.put("tr", meta.tr());
        datasetProvenance.put("n_voxels", meta.nVoxels());
        datasetProvenance.put("subjects", meta.subjects());
        committedAt(datasetPrefix).ifPresent(at -> datasetProvenance.put("committed_at", at));

        return ReportBundle.assemble(new ReportBundle.Inputs(sweep, manifest.dataset(), meta.groundTruth(),
                manifest.fits().size(), voxels, featureSets, fits, new BrainMaps(mask, voxelIndex),
                new SweepReport.Provenance(codeVersion(), datasetProvenance, fitSettings, provenance),
                Instant.now().toString()));
    }

    /** trained / untrained (a model with {@code untrained_seed}) / baseline (anything without a model). */
    static String kind(Map<String, Object> extractor) {
        if (!extractor.containsKey("model")) return SweepAnalysis.BASELINE;
        return extractor.containsKey("untrained_seed") ? SweepAnalysis.UNTRAINED : SweepAnalysis.TRAINED;
    }

    /** {@code training_step} of the features' meta.json, else a Pythia-style revision {@code step<N>}. */
    static Long trainingStep(Map<String, Object> featuresMeta, Map<String, Object> extractor) {
        if (featuresMeta.get("training_step") instanceof Number n) return n.longValue();
        Object revision = extractor.get("revision");
        java.util.regex.Matcher step = revision == null ? null : STEP_REVISION.matcher(revision.toString());
        return step != null && step.matches() ? Long.parseLong(step.group(1)) : null;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> featuresMeta(ExtractionTask extraction) {
        String prefix = extraction.artifactPrefix();
        if (!context.store().isCommitted(prefix)) return Map.of();
        return context.store().find(prefix + "meta.json").map(bytes -> (Map<String, Object>) Json.fromBytes(bytes, Map.class))
                .orElse(Map.of());
    }

    private static Map<String, boolean[]> rois(DatasetDirectory dataset, NiftiImage mask, int[] voxelIndex) throws IOException {
        Map<String, boolean[]> out = new LinkedHashMap<>();
        for (String name : dataset.roiNames()) {
            NiftiImage roi = dataset.roi(name);
            if (!java.util.Arrays.equals(java.util.Arrays.copyOf(roi.shape(), 3), java.util.Arrays.copyOf(mask.shape(), 3))) {
                throw new IllegalStateException("dataset ROI rois/" + name + ".nii.gz is not on the grid of mask.nii.gz ("
                        + roi + " vs " + mask + "): resample it to the mask grid before import");
            }
            boolean[] inRoi = new boolean[voxelIndex.length];
            for (int v = 0; v < inRoi.length; v++) inRoi[v] = roi.data()[voxelIndex[v]] != 0;
            out.put(name, inRoi);
        }
        return out;
    }

    private Optional<String> committedAt(String artifactPrefix) {
        return context.store().find(artifactPrefix + ArtifactStore.COMMIT_MARKER)
                .map(bytes -> String.valueOf(Json.fromBytes(bytes, Map.class).get("committed_at")));
    }

    /** The reporter's version and build time, stamped by the build into reporter-build.properties. */
    static String codeVersion() {
        Properties build = new Properties();
        try (InputStream in = ReportBuilder.class.getResourceAsStream("reporter-build.properties")) {
            if (in == null) return "unknown (no reporter-build.properties on the class path)";
            build.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reporter-build.properties: " + e.getMessage(), e);
        }
        return "encoding-farm " + build.getProperty("version") + " (built " + build.getProperty("built") + ")";
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) out[i] = values[i];
        return out;
    }
}
