package io.encodingfarm.models.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a small BPE {@code tokenizer.json} in one of the two layouts real causal LMs ship, with merges
 * learned from a short English passage (common words become one or two tokens, rarer ones split; the
 * passage yields about 500 merges at most):
 * <ul>
 *   <li>{@link Style#BYTE_LEVEL} (GPT-2, OPT, Pythia, Qwen2, StableLM): GPT-2's pre-tokenization and
 *       byte alphabet, special tokens after the learned ones;</li>
 *   <li>{@link Style#SENTENCE_PIECE} (LLaMA, Mistral, Gemma): "▁" marks word starts (a normalizer
 *       prepends one and replaces spaces), no pre-tokenization, byte fallback to {@code <0xNN>} tokens,
 *       special tokens first.</li>
 * </ul>
 * Either may carry a template that prepends BOS, as the LLaMA, Gemma and OPT tokenizers do.
 */
final class TinyTokenizer {
    enum Style { BYTE_LEVEL, SENTENCE_PIECE }

    /** The vocabulary size and the id of every special token. */
    record Written(int vocabSize, Map<String, Integer> specialIds) {
    }

    private static final String CORPUS = """
            Once upon a time there was a little house at the edge of the forest, and in the house lived an old man \
            and his daughter. Every morning the man walked to the river to fetch water, and every evening the \
            daughter told him what she had seen in the woods: the birds that sang, the deer that ran between the \
            trees, the strange light that moved over the hills when the sun went down. "I want to know where it \
            comes from," she said one night. He laughed and said that it was only the moon, but she did not \
            believe him. The next day she followed the light into the mountains, and she did not come back until \
            the winter was over. When people asked her what she had found, she said that she would tell them \
            when they were ready to listen. I think that we should all be ready to listen, because the world is \
            full of stories that nobody has heard. It's not easy to remember them; they're told once and then \
            they're gone, like water through your hands.""";
    /** GPT-2's pre-tokenization: contractions, letters, digits, other symbols, each with an optional leading space. */
    private static final Pattern PIECES = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");
    private static final String WORD_START = "▁";

    private TinyTokenizer() {
    }

    /** The printable character GPT-2's byte-level alphabet uses for each byte. */
    static char[] byteAlphabet() {
        char[] out = new char[256];
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            out[b] = printable ? (char) b : (char) (256 + extra++);
        }
        return out;
    }

    /**
     * @param vocabSize the most tokens to define: bytes (and, SentencePiece-style, the passage's characters)
     *                  and special tokens first, then as many learned merges as fit or as the passage yields
     */
    static Written write(Path file, Style style, int vocabSize, List<String> specials, String bosToken) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        List<List<String>> words = new ArrayList<>();
        if (style == Style.BYTE_LEVEL) {
            char[] alphabet = byteAlphabet();
            for (int b = 0; b < 256; b++) vocab.put(String.valueOf(alphabet[b]), vocab.size());
            Matcher m = PIECES.matcher(CORPUS);
            while (m.find()) {
                List<String> symbols = new ArrayList<>();
                for (byte b : m.group().getBytes(StandardCharsets.UTF_8)) symbols.add(String.valueOf(alphabet[b & 0xff]));
                words.add(symbols);
            }
        } else {
            for (String special : specials) vocab.put(special, vocab.size());
            for (int b = 0; b < 256; b++) vocab.put(String.format(Locale.ROOT, "<0x%02X>", b), vocab.size());
            TreeSet<String> characters = new TreeSet<>();
            for (String word : CORPUS.split(" +")) {
                List<String> symbols = new ArrayList<>();
                (WORD_START + word).codePoints().forEach(c -> symbols.add(new String(Character.toChars(c))));
                characters.addAll(symbols);
                words.add(symbols);
            }
            for (String c : characters) vocab.putIfAbsent(c, vocab.size());
        }
        int base = vocab.size() + (style == Style.BYTE_LEVEL ? specials.size() : 0);
        if (vocabSize < base) {
            throw new IllegalArgumentException("a " + style.name().toLowerCase(Locale.ROOT) + " vocabulary needs at least " + base
                    + " tokens (bytes, characters and special tokens), asked for " + vocabSize);
        }
        List<String[]> learned = learnMerges(words, vocabSize - base);
        for (String[] m : learned) vocab.putIfAbsent(m[0] + m[1], vocab.size());
        Map<String, Integer> specialIds = new LinkedHashMap<>();
        for (String special : specials) {
            vocab.putIfAbsent(special, vocab.size());
            specialIds.put(special, vocab.get(special));
        }

        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        specialIds.forEach((special, id) -> added.addObject().put("id", id).put("content", special).put("single_word", false)
                .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true));
        ObjectNode model = json.createObjectNode();
        model.put("type", "BPE").putNull("dropout");
        if (style == Style.BYTE_LEVEL) {
            root.putNull("normalizer");
            root.set("pre_tokenizer", byteLevel(json, false, true));
            root.set("post_processor", byteLevel(json, true, false));
            root.set("decoder", byteLevel(json, true, true));
            model.putNull("unk_token");
            model.put("continuing_subword_prefix", "").put("end_of_word_suffix", "").put("fuse_unk", false).put("byte_fallback", false);
        } else {
            ObjectNode normalizer = root.putObject("normalizer").put("type", "Sequence");
            ArrayNode steps = normalizer.putArray("normalizers");
            steps.addObject().put("type", "Prepend").put("prepend", WORD_START);
            steps.addObject().put("type", "Replace").put("content", WORD_START).putObject("pattern").put("String", " ");
            root.putNull("pre_tokenizer");
            root.putNull("post_processor");
            ObjectNode decoder = root.putObject("decoder").put("type", "Sequence");
            ArrayNode decoders = decoder.putArray("decoders");
            decoders.addObject().put("type", "Replace").put("content", " ").putObject("pattern").put("String", WORD_START);
            decoders.addObject().put("type", "ByteFallback");
            decoders.addObject().put("type", "Fuse");
            decoders.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
            model.put("unk_token", specials.stream().filter(s -> s.contains("unk")).findFirst().orElse(specials.get(0)));
            model.putNull("continuing_subword_prefix").putNull("end_of_word_suffix");
            model.put("fuse_unk", true).put("byte_fallback", true);
        }
        if (bosToken != null) root.set("post_processor", bosTemplate(json, bosToken, specialIds.get(bosToken)));
        ObjectNode vocabNode = model.putObject("vocab");
        vocab.forEach((token, id) -> {
            if (style == Style.SENTENCE_PIECE || !specialIds.containsKey(token)) vocabNode.put(token, id);
        });
        ArrayNode mergesNode = model.putArray("merges");
        for (String[] m : learned) mergesNode.add(m[0] + " " + m[1]);
        root.set("model", model);
        try {
            json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return new Written(vocab.size(), specialIds);
    }

    private static ObjectNode byteLevel(ObjectMapper json, boolean addPrefixSpace, boolean trimOffsets) {
        return json.createObjectNode().put("type", "ByteLevel").put("add_prefix_space", addPrefixSpace)
                .put("trim_offsets", trimOffsets).put("use_regex", true);
    }

    private static ObjectNode bosTemplate(ObjectMapper json, String bosToken, int bosId) {
        ObjectNode template = json.createObjectNode().put("type", "TemplateProcessing");
        ArrayNode single = template.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", bosToken).put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = template.putArray("pair");
        pair.add(single.get(0).deepCopy()).add(single.get(1).deepCopy());
        pair.addObject().putObject("SpecialToken").put("id", bosToken).put("type_id", 1);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode entry = template.putObject("special_tokens").putObject(bosToken);
        entry.put("id", bosToken);
        entry.putArray("ids").add(bosId);
        entry.putArray("tokens").add(bosToken);
        return template;
    }

    /** Plain BPE training: repeatedly merge the most frequent adjacent pair (ties: first in sort order). */
    private static List<String[]> learnMerges(List<List<String>> corpusWords, int count) {
        Map<List<String>, Integer> words = new HashMap<>();
        for (List<String> w : corpusWords) words.merge(w, 1, Integer::sum);
        List<String[]> merges = new ArrayList<>();
        while (merges.size() < count) {
            Map<String, Integer> pairs = new HashMap<>();
            words.forEach((symbols, n) -> {
                for (int i = 0; i + 1 < symbols.size(); i++) pairs.merge(symbols.get(i) + " " + symbols.get(i + 1), n, Integer::sum);
            });
            String best = null;
            for (Map.Entry<String, Integer> e : pairs.entrySet()) {
                if (best == null || e.getValue() > pairs.get(best) || (e.getValue().equals(pairs.get(best)) && e.getKey().compareTo(best) < 0)) {
                    best = e.getKey();
                }
            }
            if (best == null) break;
            String[] pair = best.split(" ", 2);
            merges.add(pair);
            Map<List<String>, Integer> next = new HashMap<>();
            words.forEach((symbols, n) -> {
                List<String> merged = new ArrayList<>();
                for (int i = 0; i < symbols.size(); i++) {
                    if (i + 1 < symbols.size() && symbols.get(i).equals(pair[0]) && symbols.get(i + 1).equals(pair[1])) {
                        merged.add(pair[0] + pair[1]);
                        i++;
                    } else {
                        merged.add(symbols.get(i));
                    }
                }
                next.merge(merged, n, Integer::sum);
            });
            words = next;
        }
        return merges;
    }
}
