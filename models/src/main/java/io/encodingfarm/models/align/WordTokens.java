package io.encodingfarm.models.align;

import java.util.List;

/**
 * Words joined by single spaces, tokenized, and each token assigned to a word. A token belongs to the
 * word holding its first non-blank character, or, when it is all blank, to the next word (GPT-2-style
 * vocabularies attach a space to the word after it); so a word's tokens run from its first token up
 * to the next word's first token, and punctuation written inside a word stays with it. Because the
 * text is assembled here from the word list, character offsets identify words exactly whatever the
 * tokenizer normalizes (case, accents, apostrophes, digits); the checks below catch what cannot be
 * mapped at all.
 */
final class WordTokens {
    final List<String> words;
    final LmTokenizer.Tokens tokens;
    /** First token of each word, −1 for a word with no characters. */
    final int[] first;
    /** One past the last token of each word (equal to {@code first} for an empty word). */
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
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
            owner[t] = wordAt(wordStart, Math.min(at, text.length() - 1));
            int nextWord = owner[t] + 1;
            if (nextWord < words.size() && tokens.ends()[t] > wordStart[nextWord]) {
                throw new WordAlignmentException(words, owner[t], "a token spans it and the next word (\""
                        + text.substring(tokens.starts()[t], tokens.ends()[t]) + "\")");
            }
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
            first[i] = blank && from == t ? -1 : from;
            end[i] = t;
            if (!blank) checkCovered(i, from, t, wordStart[i], text);
        }
    }

    private void checkCovered(int word, int from, int to, int start, CharSequence text) {
        int wordEnd = start + words.get(word).length();
        int covered = start;
        for (int t = from; t < to; t++) {
            if (tokens.starts()[t] > covered && !blank(text, covered, tokens.starts()[t])) break;
            covered = Math.max(covered, tokens.ends()[t]);
        }
        if (covered < wordEnd && !blank(text, covered, wordEnd)) {
            throw new WordAlignmentException(words, word, "the tokenizer's tokens do not cover \""
                    + text.subSequence(covered, wordEnd) + "\" of it");
        }
    }

    private static boolean blank(CharSequence text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(text.charAt(i))) return false;
        }
        return true;
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
