package io.encodingfarm.reporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.schema.Json;
import io.encodingfarm.schema.SchemaVersion;
import io.encodingfarm.schema.SweepManifest;
import io.encodingfarm.schema.SweepManifest.PlannedFit;
import io.encodingfarm.schema.TaskEvent;
import io.encodingfarm.schema.TaskStatus;
import io.encodingfarm.schema.TaskType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Progress and ETA from events: remaining work at the observed mean durations over the observed parallelism. */
class SweepProgressTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final SweepProgress progress = new SweepProgress();
    /** No extractions planned, so only fits count; 10 fits planned. */
    private final SweepManifest manifest = new SweepManifest(SchemaVersion.CURRENT, "s", "d", T0.toString(), List.of(),
            IntStream.range(0, 10).mapToObj(i -> new PlannedFit("fit-" + i, "ext", "x", "features", 0, 1, "sub-01")).toList());

    @Test
    void etaIsUnknownUntilAFitFinished() {
        event("fit-0", TaskStatus.STARTED, 0, 0);
        SweepProgress.Snapshot s = progress.snapshot(manifest, 0);
        assertNull(s.etaSeconds());
        assertEquals(1, s.parallelism());
        assertTrue(ReportApi.banner(s).contains("ETA unknown"));
    }

    @Test
    void twoWorkersHalveTheRemainingWork() {
        // Two fits of 10 s each ran side by side from t = 0 to t = 10 s: parallelism 2.
        event("fit-0", TaskStatus.STARTED, 0, 0);
        event("fit-1", TaskStatus.STARTED, 0, 0);
        event("fit-0", TaskStatus.SUCCEEDED, 10, 10_000);
        event("fit-1", TaskStatus.SUCCEEDED, 10, 10_000);
        SweepProgress.Snapshot s = progress.snapshot(manifest, 2);
        assertEquals(2.0, s.parallelism(), 1e-9);
        assertEquals(10.0, s.meanFitSeconds(), 1e-9);
        assertEquals(8 * 10.0 / 2, s.etaSeconds(), 1e-9);
        assertTrue(ReportApi.banner(s).contains("ETA 40 s"), ReportApi.banner(s));
    }

    @Test
    void aRedeliveredTaskKeepsItsFinishedStateAndDeadLettersShow() {
        event("fit-0", TaskStatus.STARTED, 0, 0);
        event("fit-0", TaskStatus.SUCCEEDED, 4, 4_000);
        event("fit-0", TaskStatus.STARTED, 5, 0);
        event("fit-1", TaskStatus.DEAD_LETTERED, 6, 0);
        SweepProgress.Snapshot s = progress.snapshot(manifest, 1);
        assertEquals(4.0, s.meanFitSeconds(), 1e-9);
        assertEquals(1, s.deadLettered());
        assertTrue(ReportApi.banner(s).contains("1 tasks dead-lettered"));
    }

    @Test
    void aSweepWithEveryFitCommittedIsComplete() {
        SweepProgress.Snapshot s = progress.snapshot(manifest, 10);
        assertTrue(s.complete());
        assertEquals(0.0, s.etaSeconds());
        assertTrue(ReportApi.banner(s).contains("sweep complete: 10 of 10 fits"));
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("42 s", ReportApi.duration(42.2));
        assertEquals("3m 05s", ReportApi.duration(185));
        assertEquals("2h 01m", ReportApi.duration(7260));
    }

    /** Built from its JSON form so the test only names the fields the progress reads. */
    private void event(String id, TaskStatus status, int atSeconds, long durationMs) {
        Map<String, Object> json = Map.of("schema_version", SchemaVersion.CURRENT, "task_id", id, "task_type", TaskType.FIT,
                "sweep", "s", "status", status, "at", T0.plusSeconds(atSeconds).toString(), "duration_ms", durationMs);
        progress.accept(Json.fromBytes(Json.toBytes(json), TaskEvent.class));
    }
}
