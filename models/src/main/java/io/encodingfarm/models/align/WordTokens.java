package io.encodingfarm.models.align;

import java.util.List;

/**
 * Words joined by single spaces, tokenized, and each token assigned to a word. A token belongs to the
 * word holding its first non-blank character, or, when it is all blank, to the next word that has a
 * token (GPT-2-style vocabularies attach a space to the word after it); so a word's tokens run from its first token up
 * to the next word's first token, and punctuation written inside a word stays with it. Because the
 * text is assembled here from the word list, character offsets identify words exactly whatever the
 * tokenizer normalizes (case, accents, apostrophes, digits). What cannot be mapped fails loudly: a
 * word that yields no token (its characters vanished in normalization), a token that straddles two
 * words, offsets that run backwards.
 */
final class WordTokens {
    final List<String> words;
    final LmTokenizer.Tokens tokens;
    /** First token of each word, −1 for a blank word (its features repeat the previous word's). */
    final int[] first;
    /** One past the last token of each word (meaningless for a blank word). */
    final int[] end;

    WordTokens(LmTokenizer tokenizer, List<String> words) {
        this.words = words;
        int[] wordStart = new int[words.size()];
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) text.append(' ');
            wordStart[i] = text.length();
            text.append(words.get(i));
        }
        this.tokens = tokenizer.encode(text.toString());
        int[] owner = new int[tokens.size()];
        for (int t = 0; t < tokens.size(); t++) {
            if (tokens.special()[t]) {
                throw new WordAlignmentException(words, 0, "the tokenizer produced a special token inside the text");
            }
            int at = tokens.starts()[t];
            while (at < tokens.ends()[t] && Character.isWhitespace(text.charAt(at))) at++;
            owner[t] = at < tokens.ends()[t] ? wordAt(wordStart, at) : -1;
            if (owner[t] >= 0 && owner[t] + 1 < words.size() && tokens.ends()[t] > wordStart[owner[t] + 1]) {
                throw new WordAlignmentException(words, owner[t], "a token spans it and the next word (\""
                        + text.substring(tokens.starts()[t], tokens.ends()[t]) + "\")");
            }
        }
        // All-blank tokens go with the next word that has a token, or, at the very end, with the last one.
        for (int t = tokens.size() - 1, next = -1; t >= 0; t--) {
            if (owner[t] < 0) owner[t] = next; else next = owner[t];
        }
        for (int t = 0; t < tokens.size(); t++) {
            if (owner[t] < 0) owner[t] = t == 0 ? 0 : owner[t - 1];
            if (t > 0 && owner[t] < owner[t - 1]) {
                throw new WordAlignmentException(words, owner[t], "the tokenizer's offsets go backwards");
            }
        }
        this.first = new int[words.size()];
        this.end = new int[words.size()];
        int t = 0;
        for (int i = 0; i < words.size(); i++) {
            int from = t;
            while (t < owner.length && owner[t] == i) t++;
            boolean blank = words.get(i).isBlank();
            if (from == t && !blank) {
                throw new WordAlignmentException(words, i, "the tokenizer produced no token for it");
            }
            first[i] = blank ? -1 : from;
            end[i] = t;
        }
    }

    private static int wordAt(int[] wordStart, int position) {
        int lo = 0;
        int hi = wordStart.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (wordStart[mid] <= position) lo = mid; else hi = mid - 1;
        }
        return lo;
    }
}
