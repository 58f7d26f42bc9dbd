package io.encodingfarm.models.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.encodingfarm.models.checkpoint.TinyCheckpoints;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmTokenizerTest {
    @TempDir
    Path dir;

    @Test
    void thePrefixIsTheTemplatesLeadingSpecialTokensOnly() throws Exception {
        Path checkpoint = TinyCheckpoints.write("llama", 1, 16, 2, 1, dir);
        ObjectMapper json = new ObjectMapper();
        ObjectNode tokenizer = (ObjectNode) json.readTree(checkpoint.resolve("tokenizer.json").toFile());
        ObjectNode template = (ObjectNode) tokenizer.get("post_processor");
        ArrayNode single = (ArrayNode) template.get("single");
        single.addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 0);
        ObjectNode eos = ((ObjectNode) template.get("special_tokens")).putObject("</s>");
        eos.put("id", "</s>");
        eos.putArray("ids").add(2);
        eos.putArray("tokens").add("</s>");
        json.writeValue(checkpoint.resolve("tokenizer.json").toFile(), tokenizer);
        try (LmTokenizer t = LmTokenizer.open(checkpoint)) {
            assertArrayEquals(new long[] {1}, t.prefix(), "BOS only, not the EOS the template appends");
            LmTokenizer.Tokens tokens = t.encode("the old man");
            assertEquals(0, tokens.starts()[0]);
            assertEquals("the old man".length(), tokens.ends()[tokens.size() - 1]);
        }
    }
}
