package io.encodingfarm.reporter;

import io.encodingfarm.schema.SweepManifest;
import io.encodingfarm.schema.TaskEvent;
import io.encodingfarm.schema.TaskStatus;
import io.encodingfarm.schema.TaskType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * Progress of sweeps as the events tell it, and an ETA from the observed task durations: the work
 * left (remaining tasks × mean duration of their type) divided by the parallelism seen so far (summed
 * task time over the wall time since the first start).
 */
final class SweepProgress {
    /**
     * @param etaSeconds  null while no task of a type with remaining work has finished yet
     * @param parallelism tasks running at once on average so far (1 when not yet measurable)
     */
    record Snapshot(String sweep, int extractionsPlanned, int extractionsDone, int fitsPlanned, int fitsDone,
                    int deadLettered, Double etaSeconds, Double meanExtractionSeconds, Double meanFitSeconds,
                    double parallelism) {
        /** Every planned fit is committed (extraction events may predate a reporter that joined late). */
        boolean complete() {
            return fitsDone >= fitsPlanned;
        }
    }

    private record Task(TaskType type, TaskStatus status, long durationMs, Instant at) {
    }

    private final Map<String, Map<String, Task>> bySweep = new HashMap<>();
    private final Map<String, Instant> firstStart = new HashMap<>();

    synchronized void accept(TaskEvent event) {
        if (event.sweep() == null || event.taskId() == null || event.taskType() == null || event.status() == null) return;
        Instant at = parse(event.at());
        Map<String, Task> tasks = bySweep.computeIfAbsent(event.sweep(), k -> new HashMap<>());
        Task previous = tasks.get(event.taskId());
        // A redelivered task may report again after it finished; the finished state is the one that counts.
        if (previous == null || !previous.status().isDone()) {
            tasks.put(event.taskId(), new Task(event.taskType(), event.status(), event.durationMs(), at));
        }
        if (event.status() == TaskStatus.STARTED && at != null) firstStart.merge(event.sweep(), at, (a, b) -> a.isBefore(b) ? a : b);
    }

    /**
     * @param fitsCommitted fits committed in the store (the truth for a reporter that joined late); the
     *                      events count extractions
     */
    synchronized Snapshot snapshot(SweepManifest manifest, int fitsCommitted) {
        Map<String, Task> tasks = bySweep.getOrDefault(manifest.sweep(), Map.of());
        int extractionsDone = 0;
        int deadLettered = 0;
        long[] sum = new long[TaskType.values().length];
        int[] timed = new int[TaskType.values().length];
        long workMs = 0;
        Instant lastDone = null;
        for (Task task : tasks.values()) {
            if (task.status() == TaskStatus.DEAD_LETTERED) deadLettered++;
            if (!task.status().isDone()) continue;
            if (task.type() == TaskType.EXTRACTION) extractionsDone++;
            if (task.durationMs() > 0) {
                sum[task.type().ordinal()] += task.durationMs();
                timed[task.type().ordinal()]++;
                workMs += task.durationMs();
            }
            if (task.at() != null && (lastDone == null || task.at().isAfter(lastDone))) lastDone = task.at();
        }
        int extractionsPlanned = manifest.extractions().size();
        int fitsPlanned = manifest.fits().size();
        extractionsDone = Math.min(extractionsDone, extractionsPlanned);
        Double meanExtraction = timed[TaskType.EXTRACTION.ordinal()] == 0 ? null
                : sum[TaskType.EXTRACTION.ordinal()] / (double) timed[TaskType.EXTRACTION.ordinal()] / 1000;
        Double meanFit = timed[TaskType.FIT.ordinal()] == 0 ? null : sum[TaskType.FIT.ordinal()] / (double) timed[TaskType.FIT.ordinal()] / 1000;

        Instant start = firstStart.get(manifest.sweep());
        double spanMs = start == null || lastDone == null ? 0 : lastDone.toEpochMilli() - start.toEpochMilli();
        double parallelism = spanMs > 0 ? Math.max(1, workMs / spanMs) : 1;

        int extractionsLeft = extractionsPlanned - extractionsDone;
        int fitsLeft = Math.max(0, fitsPlanned - fitsCommitted);
        Double eta;
        if (extractionsLeft == 0 && fitsLeft == 0) {
            eta = 0.0;
        } else if (extractionsLeft > 0 && meanExtraction == null || fitsLeft > 0 && meanFit == null) {
            eta = null;
        } else {
            double work = (extractionsLeft > 0 ? extractionsLeft * meanExtraction : 0) + (fitsLeft > 0 ? fitsLeft * meanFit : 0);
            eta = work / parallelism;
        }
        return new Snapshot(manifest.sweep(), extractionsPlanned, extractionsDone, fitsPlanned, fitsCommitted, deadLettered,
                eta, meanExtraction, meanFit, parallelism);
    }

    private static Instant parse(String at) {
        if (at == null) return null;
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
