package io.encodingfarm.reporter;

import static io.encodingfarm.reporter.PlantedSweep.B_LEFT;
import static io.encodingfarm.reporter.PlantedSweep.B_RIGHT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.formats.Nifti;
import io.encodingfarm.formats.NiftiImage;
import io.encodingfarm.schema.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The files of a report built from planted fits: the planted numbers in CSV and JSON, maps, figures, escaping. */
class ReportBundleTest {
    static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static PlantedSweep planted;
    private static ReportBundle bundle;

    @BeforeAll
    static void build() {
        planted = new PlantedSweep();
        bundle = ReportBundle.assemble(planted.inputs("planted-sweep", Map.of("teacher", HOSTILE)));
    }

    @Test
    void scalingCsvCarriesThePlantedSlopes() {
        List<Map<String, String>> rows = csv("scaling.csv");
        Map<String, String> left = find(rows, Map.of("fit", "log_linear", "group", "trained", "subject",
                SweepAnalysis.MEAN_SUBJECT, "metric", "left"));
        assertEquals(B_LEFT, Double.parseDouble(left.get("estimate")), 1e-6);
        assertEquals("4", left.get("n_models"));
        assertEquals(1.0, Double.parseDouble(left.get("r")), 1e-6);
        Map<String, String> lr = find(rows, Map.of("fit", "log_linear", "subject", "sub-01", "metric", "left_minus_right"));
        assertEquals(B_LEFT - 0.5 * B_RIGHT, Double.parseDouble(lr.get("estimate")), 1e-6);
    }

    @Test
    void scoresAndLateralizationCsvCarryThePlantedMeans() {
        double lnN = Math.log(PlantedSweep.PARAMETERS[1]);
        Map<String, String> score = find(csv("scores.csv"), Map.of("feature_set", "model-2", "layer", "layer-1", "subject", "sub-01"));
        assertEquals(PlantedSweep.leftR(lnN), Double.parseDouble(score.get("left_r")), 1e-6);
        assertEquals(PlantedSweep.leftR(lnN) - 0.5 * PlantedSweep.rightR(lnN), Double.parseDouble(score.get("left_minus_right")), 1e-6);
        assertEquals("0.5", score.get("relative_depth"));
        assertEquals("", find(csv("scores.csv"), Map.of("feature_set", PlantedSweep.BASELINE, "subject", "sub-02"))
                .get("relative_depth"), "absent values are empty cells");
        Map<String, String> roi = find(csv("lateralization.csv"), Map.of("feature_set", "model-2", "layer", "layer-1",
                "subject", "sub-02", "variant", "roi:TP"));
        assertEquals(PlantedSweep.leftR(lnN) + PlantedSweep.SUB02_OFFSET
                - 0.5 * (PlantedSweep.rightR(lnN) + PlantedSweep.SUB02_OFFSET), Double.parseDouble(roi.get("left_minus_right")), 1e-6);
    }

    @Test
    void summaryJsonRoundTripsWithEveryTable() {
        SweepReport read = Json.fromBytes(bundle.files().get("summary.json"), SweepReport.class);
        assertEquals("model-4", read.best());
        assertTrue(read.complete());
        assertEquals(planted.fits.size(), read.scores().size());
        assertEquals(bundle.report().scaling(), read.scaling());
        assertEquals(bundle.report().byFeatureSet(), read.byFeatureSet());
        assertEquals(B_LEFT, read.voxelSlopes().get(0).slopeLeft(), 1e-6);
        String json = new String(bundle.files().get("summary.json"), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"mean_r_reliable\""), "snake_case keys");
        assertFalse(json.contains("NaN"), "absent numbers are null, not NaN");
    }

    @Test
    void niftiMapsSitOnTheMaskGrid() throws Exception {
        NiftiImage depth = Nifti.read(bundle.files().get("maps/model-3/sub-01/best-depth.nii.gz"));
        assertTrue(Arrays.equals(PlantedSweep.SHAPE, depth.shape()));
        assertTrue(Arrays.deepEquals(PlantedSweep.AFFINE, depth.affine()));
        for (int v = 0; v < planted.voxelIndex.length; v++) {
            assertEquals(planted.left[v] ? 0.5f : 1f, depth.data()[planted.voxelIndex[v]]);
        }
        assertEquals(0f, depth.data()[0], "outside the mask");
        NiftiImage slope = Nifti.read(bundle.files().get("maps/scaling-trained/sub-02/lnN-slope.nii.gz"));
        assertEquals(B_RIGHT, slope.data()[planted.voxelIndex[planted.voxelIndex.length - 1]], 1e-6);
        for (String kind : List.of("best-r", "best-r-normalized", "lnN-slope-p")) {
            assertTrue(bundle.report().maps().stream().anyMatch(k -> k.endsWith("/" + kind + ".nii.gz")), kind);
        }
    }

    @Test
    void everyFigureIsANonEmptyImageAndChartsHaveSvg() throws Exception {
        List<String> figures = bundle.report().figures();
        for (String name : List.of("feature-sets", "score-vs-depth", "score-vs-n", "lr-vs-n")) {
            assertTrue(figures.contains(name + ".png") && figures.contains(name + ".svg"), name + " in " + figures);
            String svg = new String(bundle.files().get("figures/" + name + ".svg"), StandardCharsets.UTF_8);
            assertTrue(svg.contains("<svg"), name);
        }
        assertTrue(figures.contains("map-model-4-sub-01-best-r.png"), figures.toString());
        for (String figure : figures) {
            if (!figure.endsWith(".png")) continue;
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bundle.files().get("figures/" + figure)));
            assertNotNull(image, figure);
            assertTrue(image.getWidth() > 100 && image.getHeight() > 100, figure);
            assertTrue(distinctColours(image) > 3, figure + " is blank");
        }
    }

    @Test
    void htmlIsSelfContainedAndEscapesUserStrings() {
        String html = new String(bundle.files().get("index.html"), StandardCharsets.UTF_8);
        assertFalse(html.contains(HOSTILE));
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assertFalse(html.contains("http://") || html.contains("https://"), "no external resources");
        long inline = html.split("src=\"data:image/png;base64,", -1).length - 1;
        assertEquals(bundle.report().figures().stream().filter(f -> f.endsWith(".png")).count(), inline);
        assertTrue(html.contains("class=\"sortable\""));
        assertTrue(html.contains(ReportFiles.LIVE_HEAD_MARKER) && html.contains(ReportFiles.LIVE_BODY_MARKER));
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) colours.add(image.getRGB(x, y));
        }
        return colours.size();
    }

    /** Parses one of the report's CSV files (no quoted cells occur in the planted report). */
    private static List<Map<String, String>> csv(String file) {
        List<String> lines = new String(bundle.files().get(file), StandardCharsets.UTF_8).lines().toList();
        String[] header = lines.get(0).split(",", -1);
        return lines.stream().skip(1).map(line -> {
            String[] cells = line.split(",", -1);
            assertEquals(header.length, cells.length, line);
            Map<String, String> row = new java.util.LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) row.put(header[i], cells[i]);
            return row;
        }).toList();
    }

    private static Map<String, String> find(List<Map<String, String>> rows, Map<String, String> where) {
        return rows.stream().filter(r -> where.entrySet().stream().allMatch(e -> e.getValue().equals(r.get(e.getKey()))))
                .findFirst().orElseThrow(() -> new AssertionError("no row with " + where));
    }
}
