package io.encodingfarm.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordTableTest {
    @Test
    void roundTripsWordsWithCommasAndQuotes(@TempDir Path dir) throws IOException {
        WordTable table = new WordTable(List.of("Once", "upon,", "a \"time\"", "end"),
                new double[]{0.5, 0.9, 1.25, 2}, new double[]{0.8, 1.2, 1.9, 2.4});
        Path file = dir.resolve("words/run-1.csv");
        table.write(file);
        assertEquals(table, WordTable.read(file));
        assertTrue(table.toCsv().startsWith("word,onset,offset\nOnce,0.5,0.8\n\"upon,\",0.9,1.2\n\"a \"\"time\"\"\",1.25,1.9\n"));
    }

    @Test
    void readsColumnsInAnyOrderAndIgnoresExtras() throws IOException {
        WordTable table = WordTable.read(new StringReader("onset,word,section,offset\r\n1.0,le,1,1.2\r\n1.3,petit,1,1.6\r\n"), "lpp.csv");
        assertEquals(List.of("le", "petit"), table.words());
        assertArrayEquals(new double[]{0.2, 0.3}, table.durations(), 1e-12);
    }

    @Test
    void namesTheMissingColumnAndTheBadNumber() {
        IOException missing = assertThrows(IOException.class, () -> WordTable.read(new StringReader("word,onset\nle,1\n"), "a.csv"));
        assertEquals("a.csv: CSV header [word, onset] has no column 'offset'", missing.getMessage());
        IOException bad = assertThrows(IOException.class, () -> WordTable.read(new StringReader("word,onset,offset\nle,1,x\n"), "b.csv"));
        assertEquals("b.csv: data row 1, column 'offset': 'x' is not a number", bad.getMessage());
    }
}
