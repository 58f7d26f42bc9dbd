package io.encodingfarm.models;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The published models the reproduction recipes name ({@code catalogue/models.csv}): family, Hugging Face
 * repository, parameter count, depth and width. Lets a sweep be planned and sized before any checkpoint
 * is downloaded; once a checkpoint is at hand, {@link Extractors#describe} is the authority.
 */
public final class ModelCatalogue {
    private static final String RESOURCE = "/catalogue/models.csv";
    private static final String HEADER = "id,family,hf_repo,parameters,blocks,hidden,runnable,why_not";
    private static final ModelCatalogue BUNDLED = parse(RESOURCE);

    /**
     * One catalogued model.
     *
     * @param id          the name sweep files use, and the store name {@code models/<id>/}
     * @param family      the checkpoint config's {@code model_type}
     * @param hfRepo      the Hugging Face repository to download
     * @param parameters  published parameter count
     * @param blocks      transformer (or Mamba, or encoder) blocks
     * @param hidden      width of every hidden state
     * @param runnable    whether the extractor can run it today
     * @param whyNot      why not, when it cannot (empty otherwise)
     */
    public record Entry(String id, String family, String hfRepo, long parameters, int blocks, int hidden,
                       boolean runnable, String whyNot) {
        /** Hidden states per word: the embedding output and one per block. */
        public int layerCount() {
            return blocks + 1;
        }

        /** The extractor's layer names: "embeddings", "block-1" … "block-L". */
        public List<String> layerNames() {
            return LanguageModelFeatures.layerNames(layerCount());
        }
    }

    private final Map<String, Entry> entries;

    private ModelCatalogue(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** The catalogue shipped in this jar. */
    public static ModelCatalogue bundled() {
        return BUNDLED;
    }

    public Optional<Entry> find(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** The entry, or an error naming the catalogued ids. */
    public Entry get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("model '" + id + "' is not in the model catalogue "
                + RESOURCE + " (it has " + entries.keySet() + ")"));
    }

    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    private static ModelCatalogue parse(String resource) {
        try (InputStream in = ModelCatalogue.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is missing from the models jar");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) lines.add(line);
            }
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                throw new IllegalStateException(resource + ": the first data line must be the header " + HEADER);
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (int i = 1; i < lines.size(); i++) {
                Entry entry = entry(lines.get(i), resource + " row " + i);
                if (entries.put(entry.id(), entry) != null) throw new IllegalStateException(resource + ": id " + entry.id() + " twice");
            }
            return new ModelCatalogue(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Entry entry(String line, String where) {
        String[] f = line.split(",", -1);
        if (f.length != 8) throw new IllegalStateException(where + ": expected 8 columns (" + HEADER + "), got " + f.length);
        try {
            boolean runnable = Boolean.parseBoolean(f[6]);
            if (!runnable && f[7].isBlank()) throw new IllegalStateException(where + ": a model that is not runnable needs why_not");
            return new Entry(f[0], f[1], f[2], Long.parseLong(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]),
                    runnable, f[7]);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(where + ": parameters, blocks and hidden must be integers: " + line, e);
        }
    }
}
