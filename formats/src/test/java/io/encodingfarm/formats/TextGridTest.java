package io.encodingfarm.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextGridTest {
    static final String LONG = """
            File type = "ooTextFile"
            Object class = "TextGrid"

            xmin = 0\s
            xmax = 2.5\s
            tiers? <exists>\s
            size = 2\s
            item []:\s
                item [1]:
                    class = "IntervalTier"\s
                    name = "word"\s
                    xmin = 0\s
                    xmax = 2.5\s
                    intervals: size = 3\s
                    intervals [1]:
                        xmin = 0\s
                        xmax = 0.8\s
                        text = "sp"\s
                    intervals [2]:
                        xmin = 0.8\s
                        xmax = 1.4\s
                        text = "say ""hi"" = ok"\s
                    intervals [3]:
                        xmin = 1.4\s
                        xmax = 2.5\s
                        text = "{LG}"\s
                item [2]:
                    class = "TextTier"\s
                    name = "events"\s
                    xmin = 0\s
                    xmax = 2.5\s
                    points: size = 1\s
                    points [1]:
                        number = 1.25\s
                        mark = "bell"\s
            """;

    @Test
    void readsIntervalAndPointTiersFromUtf16(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("story.TextGrid");
        Files.write(file, LONG.getBytes(StandardCharsets.UTF_16));
        TextGrid grid = TextGrid.read(file);
        assertEquals(2.5, grid.xmax());
        TextGrid.Tier words = grid.tier("WORD");
        assertEquals(List.of("sp", "say \"hi\" = ok", "{LG}"), words.intervals().stream().map(TextGrid.Interval::text).toList());
        assertEquals(0.8, words.intervals().get(1).xmin());
        TextGrid.Tier events = grid.tier("events");
        assertTrue(events.pointTier());
        assertEquals(1.25, events.intervals().get(0).xmin());
        assertEquals(grid, TextGrid.parse(grid.toLongText(), "round trip"));
    }

    @Test
    void readsTheShortFormatAsTheLongOne() throws IOException {
        String shortFormat = """
                File type = "ooTextFile"
                Object class = "TextGrid"

                0
                2.5
                <exists>
                2
                "IntervalTier"
                "word"
                0
                2.5
                3
                0
                0.8
                "sp"
                0.8
                1.4
                "say ""hi"" = ok"
                1.4
                2.5
                "{LG}"
                "TextTier"
                "events"
                0
                2.5
                1
                1.25
                "bell"
                """;
        assertEquals(TextGrid.parse(LONG, "long"), TextGrid.parse(shortFormat, "short"));
    }

    @Test
    void namesWhatIsMissingOrMalformed() {
        IOException notGrid = assertThrows(IOException.class, () -> TextGrid.parse("File type = \"ooTextFile\"\nObject class = \"Sound\"\n", "s.TextGrid"));
        assertEquals("s.TextGrid: not a Praat TextGrid (file type 'ooTextFile', object class 'Sound')", notGrid.getMessage());
        String cut = LONG.substring(0, LONG.indexOf("xmax = 1.4"));
        IOException early = assertThrows(IOException.class, () -> TextGrid.parse(cut, "c.TextGrid"));
        assertEquals("c.TextGrid: TextGrid ends before the xmax of tier 1 ('word') interval 2", early.getMessage());
    }

    @Test
    void trFileRepairsAMissedTriggerAndIsRelativeToSoundStart() throws IOException {
        List<String> lines = List.of("0.0 init-trigger", "1.5 sound-start", "2.0 trigger", "4.0 trigger", "8.0 trigger",
                "10.0 trigger", "11.0 sound-stop");
        HuthTrFile file = HuthTrFile.parse(lines, 2.0, "a.report");
        assertEquals(1, file.insertedTrs());
        assertArrayEquals(new double[]{0, 2, 4, 6, 8, 10}, file.trTimes(), 1e-12);
        assertArrayEquals(new double[]{-1.5, 0.5, 2.5, 4.5, 6.5, 8.5}, file.relativeTrTimes(), 1e-12);
        IOException e = assertThrows(IOException.class, () -> HuthTrFile.parse(List.of("0 trigger", "2 trigger"), 2, "b.report"));
        assertEquals("b.report: TR file has no 'sound-start' (or 'start…') line marking the audio start", e.getMessage());
    }

    @Test
    void lppWordCsvSplitsIntoSections(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("lpp.csv");
        Files.writeString(csv, "word,onset,offset,section\nonce,0.1,0.4,1\nupon,0.5,0.7,1\nlorsque,0.2,0.6,2\n");
        Map<String, WordTable> sections = WordTable.readGrouped(csv, "section");
        assertEquals(List.of("1", "2"), List.copyOf(sections.keySet()));
        assertEquals(List.of("once", "upon"), sections.get("1").words());
        assertEquals(0.2, sections.get("2").onsets()[0]);
    }
}
