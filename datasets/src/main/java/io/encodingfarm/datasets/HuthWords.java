package io.encodingfarm.datasets;

import io.encodingfarm.formats.TextGrid;
import io.encodingfarm.formats.WordTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Words of a Huth-lab story from its TextGrid word tier: every interval except silences and
 * non-speech marks. Onset and offset are the interval's bounds; the Huth convention uses their
 * midpoint as the word's time.
 */
public final class HuthWords {
    /** Marks that are not words, compared lower-cased with braces stripped. */
    public static final Set<String> NON_WORDS = Set.of("sentence_start", "sentence_end", "br", "lg", "ls", "ns", "sp");

    private HuthWords() {
    }

    public static WordTable fromTextGrid(TextGrid grid, String source) throws IOException {
        TextGrid.Tier tier = null;
        for (TextGrid.Tier t : grid.tiers()) {
            String name = t.name().toLowerCase(Locale.ROOT);
            if (!t.pointTier() && (name.equals("word") || name.equals("words"))) {
                tier = t;
                break;
            }
        }
        if (tier == null) {
            throw new DatasetException(source + ": no interval tier named 'word' or 'words'; tiers: "
                    + grid.tiers().stream().map(TextGrid.Tier::name).toList());
        }
        List<String> words = new ArrayList<>();
        List<double[]> times = new ArrayList<>();
        for (TextGrid.Interval interval : tier.intervals()) {
            String word = interval.text().replace("{", "").replace("}", "").strip();
            if (word.isEmpty() || NON_WORDS.contains(word.toLowerCase(Locale.ROOT))) continue;
            words.add(word);
            times.add(new double[]{interval.xmin(), interval.xmax()});
        }
        if (words.isEmpty()) {
            throw new DatasetException("empty word tier: " + source + "'s tier '" + tier.name() + "' has no words besides " + NON_WORDS);
        }
        return new WordTable(words, times.stream().mapToDouble(t -> t[0]).toArray(), times.stream().mapToDouble(t -> t[1]).toArray());
    }
}
