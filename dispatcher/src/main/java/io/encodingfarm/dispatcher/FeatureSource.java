package io.encodingfarm.dispatcher;

import java.util.List;

/**
 * What planning knows about a feature set before anything is extracted.
 *
 * @param kind        how the report groups it
 * @param layers      the layer names its extraction will produce
 * @param width       features per layer (hidden size or baseline dimension)
 * @param parameters  model parameters (0 for baselines)
 * @param origin      where the layer names came from: baseline, local checkpoint, store, catalogue
 * @param skipReason  non-null when the set is listed but cannot run today (it is then not planned)
 */
public record FeatureSource(Kind kind, List<String> layers, int width, long parameters, String origin, String skipReason) {

    /** The feature-set kinds the dry run counts separately. */
    public enum Kind {
        MODELS("models"),
        BASELINES("baselines"),
        UNTRAINED("untrained"),
        CHECKPOINTS("checkpoints");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean runnable() {
        return skipReason == null;
    }

    /** Only the catalogue knows this model: the checkpoint is neither local nor in the store yet. */
    public boolean catalogueOnly() {
        return origin.equals(LayerCatalog.CATALOGUE);
    }
}
