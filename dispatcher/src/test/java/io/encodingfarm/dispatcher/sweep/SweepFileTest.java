package io.encodingfarm.dispatcher.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.schema.ExtractionTask;
import org.junit.jupiter.api.Test;

class SweepFileTest {
    private static final String VALID = """
            sweep: s1
            dataset: d
            features:
              - name: emb
                baseline: random-embeddings
                dim: 8
                seeds: [1, 2]
              - baseline: random-vectors
                dim: 4
            fit:
              alphas: {logspace: [2, 7, 16]}
            """;

    @Test
    void expandsSeedsAndAppliesDefaults() {
        SweepSpec spec = SweepFile.parse(VALID, "s.yaml");
        assertEquals(3, spec.featureSets().size());
        assertEquals("emb-seed2", spec.featureSets().get(1).label());
        assertEquals("random-vectors", spec.featureSets().get(2).label());
        assertEquals(16, spec.fit().alphas().size());
        assertEquals(100.0, spec.fit().alphas().get(0), 1e-9);
        assertEquals(1e7, spec.fit().alphas().get(15), 1e-2);
        assertEquals(10, spec.fit().trim());
    }

    @Test
    void unknownKeyNamesTheKeyAndLine() {
        SweepFileException e = assertThrows(SweepFileException.class,
                () -> SweepFile.parse(VALID.replace("    dim: 4", "    dims: 4"), "s.yaml"));
        assertTrue(e.getMessage().startsWith("s.yaml:9: unknown key 'dims'"), e.getMessage());
    }

    @Test
    void badValuesNameTheKeyAndLine() {
        assertMessage(VALID.replace("dim: 8", "dim: -3"), "s.yaml:6: 'dim' must be between 1 and 1000000, got -3");
        assertMessage(VALID.replace("random-vectors", "random-vector"), "s.yaml:8: unknown baseline 'random-vector'");
        assertMessage(VALID.replace("sweep: s1", "sweep: ../etc"), "s.yaml:1: 'sweep' value '../etc' must be");
        assertMessage(VALID.replace("[2, 7, 16]", "[2, 7]"), "s.yaml:11: 'logspace' takes [start, stop, count]");
        assertMessage("sweep: [", "s.yaml:1: not valid YAML");
        assertMessage("", "s.yaml: the sweep file is empty");
    }

    @Test
    void sameSweepAlwaysExpandsToTheSameTaskIds() {
        SweepSpec a = SweepFile.parse(VALID, "a.yaml");
        SweepSpec b = SweepFile.parse(VALID.replace("sweep: s1", "sweep: other"), "b.yaml");
        ExtractionTask ta = ExtractionTask.create(a.name(), "d", a.featureSets().get(0).extractor(), "x", java.util.List.of("s"),
                java.util.List.of("features"), a.fit());
        ExtractionTask tb = ExtractionTask.create(b.name(), "d", b.featureSets().get(0).extractor(), "y", java.util.List.of("t"),
                java.util.List.of("features"), b.fit());
        assertEquals(ta.id(), tb.id(), "the id depends on the work, not on the sweep or labels");
        assertEquals(ta.fitTask("features", "sub-01").id(), tb.fitTask("features", "sub-01").id());
    }

    private static void assertMessage(String yaml, String prefix) {
        SweepFileException e = assertThrows(SweepFileException.class, () -> SweepFile.parse(yaml, "s.yaml"));
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
