package io.encodingfarm.datasets;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The store's {@code dataset.json}: what a dataset holds and on which grid (see docs/store-layout.md). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetMeta(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("name") String name,
        @JsonProperty("convention") String convention,
        @JsonProperty("tr") double tr,
        @JsonProperty("runs") List<Run> runs,
        @JsonProperty("subjects") List<String> subjects,
        @JsonProperty("n_voxels") int nVoxels,
        @JsonProperty("grid") Grid grid,
        @JsonProperty("ground_truth") Map<String, Object> groundTruth) {

    public static final int SCHEMA_VERSION = 1;
    /** Seed B's convention: HRF-convolved word regressors at frame times {@code arange(n)·tr + tr/2}. */
    public static final String LPP = "lpp";
    /** Seed A's convention: Lanczos-downsampled features with FIR delays, TR times from TR files. */
    public static final String HUTH = "huth";
    /** The subject whose responses are the per-run mean over subjects, re-z-scored. */
    public static final String AVERAGE_SUBJECT = "average";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DatasetMeta {
        runs = List.copyOf(runs);
        subjects = List.copyOf(subjects);
        groundTruth = groundTruth == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(groundTruth));
    }

    /** One run (LPP section or Huth story); {@code role} is {@code train} or {@code test}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Run(@JsonProperty("id") String id, @JsonProperty("n_trs") int nTrs, @JsonProperty("role") String role) {
        public static final String TRAIN = "train";
        public static final String TEST = "test";
    }

    /** Spatial shape of the dataset's volumes and their voxel-to-MNI affine (4×4, mm). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Grid(@JsonProperty("shape") int[] shape, @JsonProperty("affine") double[][] affine) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Grid g && Arrays.equals(shape, g.shape) && Arrays.deepEquals(affine, g.affine);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(shape) + Arrays.deepHashCode(affine);
        }

        @Override
        public String toString() {
            return "Grid[shape=" + Arrays.toString(shape) + ", affine=" + Arrays.deepToString(affine) + "]";
        }
    }

    public Run run(String id) {
        return runs.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("dataset '" + name + "' has no run '" + id + "'; runs: "
                        + runs.stream().map(Run::id).toList()));
    }

    public List<String> runIds() {
        return runs.stream().map(Run::id).toList();
    }

    public int totalTrs() {
        return runs.stream().mapToInt(Run::nTrs).sum();
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("dataset.json could not be serialised", e);
        }
    }

    public static DatasetMeta fromJson(String json) throws IOException {
        return JSON.readValue(json, DatasetMeta.class);
    }

    public static DatasetMeta read(Path file) throws IOException {
        return fromJson(Files.readString(file));
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, toJson() + "\n");
    }
}
