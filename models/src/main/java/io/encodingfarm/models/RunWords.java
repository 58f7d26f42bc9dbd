package io.encodingfarm.models;

import java.util.List;

/**
 * The words of one run (or story) in presentation order, exactly as the dataset's word table lists
 * them. Runs are independent: no extractor carries context from one run into the next.
 */
public record RunWords(String runId, List<String> words) {
    public RunWords {
        words = List.copyOf(words);
    }
}
