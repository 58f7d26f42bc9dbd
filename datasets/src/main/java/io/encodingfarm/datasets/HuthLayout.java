package io.encodingfarm.datasets;

import java.nio.file.Path;

/**
 * File naming of the Huth-lab deep-fMRI dataset as published on OpenNeuro (ds003020): per subject
 * and story an HDF5 response matrix, per story a Praat TextGrid and a TR file. One addition of this
 * project: {@code derivative/mask.nii.gz} (or a mask given to the importer) places the subject's
 * voxels — the response columns, in canonical order — on an MNI grid.
 */
final class HuthLayout {
    static final String MASK = "derivative/mask.nii.gz";

    private HuthLayout() {
    }

    static Path responses(Path root, String subject, String story) {
        return root.resolve("derivative/preprocessed_data/" + subject + "/" + story + ".hf5");
    }

    static Path textGrid(Path root, String story) {
        return root.resolve("derivative/TextGrids/" + story + ".TextGrid");
    }

    static Path trFile(Path root, String story) {
        return root.resolve("derivative/TRfiles/" + story + ".report");
    }
}
