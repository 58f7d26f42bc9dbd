package io.encodingfarm.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * File naming of Le Petit Prince as published on OpenNeuro (ds003643): preprocessed 4-D BOLD runs
 * under {@code derivatives/sub-<label>/func/sub-<label>_task-<task>_run-<n>_…_bold.nii.gz} and the
 * word table under {@code annotation/}. The synthetic writer and the importer share it.
 */
final class LppLayout {
    static final String TASK = "lppEN";
    static final String SPACE = "MNI152NLin2009cAsym";
    static final String WORD_CSV = "annotation/EN/lppEN_word_information.csv";
    static final String DESCRIPTION = "dataset_description.json";
    /** ROI masks (this project's convention; the importer's default ROI directory). */
    static final String ROI_DIR = "derivatives/rois";
    /** Key of dataset_description.json under which synthetic datasets record their ground truth. */
    static final String GROUND_TRUTH_KEY = "EncodingFarmGroundTruth";
    private static final Pattern BOLD = Pattern.compile("(sub-[^_/]+)_.*?run-(\\d+).*_bold\\.nii(\\.gz)?");

    private LppLayout() {
    }

    static String boldPath(String subject, int run) {
        return String.format("derivatives/%s/func/%s_task-%s_run-%02d_space-%s_desc-preproc_bold.nii.gz", subject, subject, TASK, run, SPACE);
    }

    /** BOLD runs by subject (of the given task, or any when null), each subject's runs ordered by run number. */
    static Map<String, List<Path>> findBoldRuns(Path root, String task) throws IOException {
        Path base = Files.isDirectory(root.resolve("derivatives")) ? root.resolve("derivatives") : root;
        Map<String, Map<Integer, Path>> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(base)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = file.getFileName().toString();
                Matcher m = BOLD.matcher(name);
                if (!m.matches() || task != null && !name.contains("_task-" + task + "_")) continue;
                Path previous = found.computeIfAbsent(m.group(1), s -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), file);
                if (previous != null) {
                    throw new DatasetException("two BOLD files for " + m.group(1) + " run " + m.group(2) + ": " + previous + " and " + file
                            + "; choose one with the task option");
                }
            }
        }
        Map<String, List<Path>> out = new TreeMap<>();
        found.forEach((subject, runs) -> out.put(subject, new ArrayList<>(runs.values())));
        return out;
    }

    /** The word table: the given file, else the single {@code *word*.csv} under {@code annotation/}. */
    static Path findWordCsv(Path root, Path given) throws IOException {
        if (given != null) {
            if (!Files.isRegularFile(given)) throw new DatasetException("word table " + given + " does not exist");
            return given;
        }
        Path annotation = root.resolve("annotation");
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(annotation)) {
            try (Stream<Path> files = Files.walk(annotation)) {
                files.filter(f -> {
                    String n = f.getFileName().toString().toLowerCase();
                    return n.endsWith(".csv") && n.contains("word");
                }).sorted().forEach(candidates::add);
            }
        }
        if (candidates.size() != 1) {
            throw new DatasetException((candidates.isEmpty() ? "no word table (*word*.csv) under " + annotation
                    : "several word tables under " + annotation + ": " + candidates) + "; name it with the word-table option");
        }
        return candidates.get(0);
    }
}
