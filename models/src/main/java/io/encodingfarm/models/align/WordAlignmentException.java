package io.encodingfarm.models.align;

import java.util.List;

/**
 * The tokenizer's view of a run disagrees with the dataset's word list. Features are never shifted to
 * paper over this: the task fails, naming the word, its index and its neighbourhood.
 */
public final class WordAlignmentException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public WordAlignmentException(List<String> words, int index, String problem) {
        super("word " + index + " \"" + words.get(index) + "\": " + problem + "; near: \"" + neighbourhood(words, index)
                + "\". Check the run's word list against the tokenizer (unusual characters, empty words, normalization).");
    }

    private static String neighbourhood(List<String> words, int index) {
        StringBuilder out = new StringBuilder();
        for (int i = Math.max(0, index - 5); i <= Math.min(words.size() - 1, index + 5); i++) {
            if (out.length() > 0) out.append(' ');
            out.append(i == index ? "[" + words.get(i) + "]" : words.get(i));
        }
        return out.toString();
    }
}
