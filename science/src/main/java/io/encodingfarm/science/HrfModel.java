package io.encodingfarm.science;

/**
 * The two nilearn hemodynamic response shapes, each a difference of two gamma densities.
 * Parameters are nilearn's: peak delay, undershoot delay, their dispersions and the undershoot ratio.
 */
public enum HrfModel {
    GLOVER(6, 12, 0.9, 0.9, 0.48),
    SPM(6, 16, 1, 1, 0.167);

    final double delay;
    final double undershoot;
    final double dispersion;
    final double undershootDispersion;
    final double ratio;

    HrfModel(double delay, double undershoot, double dispersion, double undershootDispersion, double ratio) {
        this.delay = delay;
        this.undershoot = undershoot;
        this.dispersion = dispersion;
        this.undershootDispersion = undershootDispersion;
        this.ratio = ratio;
    }

    /** Accepts "glover" / "spm" in any case, for CLI and config use. */
    public static HrfModel parse(String name) {
        for (HrfModel m : values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown HRF model '" + name + "': use glover or spm");
    }
}
