package io.encodingfarm.dispatcher;

import io.encodingfarm.core.messaging.EventLog;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.schema.SweepManifest;
import io.encodingfarm.schema.TaskEvent;
import io.encodingfarm.schema.TaskStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a sweep stands. "done" comes from the store (committed artifacts are the truth); running,
 * failed and queued come from each task's latest event.
 */
record SweepStatus(String sweep, Counts extractions, Counts fits, List<String> failures) {

    record Counts(int total, int queued, int running, int done, int failed, int cancelled) {
        boolean settled() {
            return done + failed + cancelled == total;
        }
    }

    /** Nothing left to run: every task is done, dead-lettered or cancelled. */
    boolean finished() {
        return fits.settled() && extractions.settled();
    }

    static SweepStatus of(FarmContext farm, String sweep) {
        SweepManifest manifest = farm.store().getJson(StoreKeys.sweep(sweep) + "manifest.json", SweepManifest.class);
        Map<String, TaskEvent> latest = new HashMap<>();
        for (TaskEvent event : EventLog.readAll(farm.config())) latest.put(event.taskId(), event);
        List<String> failures = new ArrayList<>();
        boolean cancelled = farm.store().exists(StoreKeys.sweep(sweep) + "cancelled");
        Counts extractions = count(farm, manifest.extractions().stream().map(e -> e.id()).toList(), latest, failures, cancelled);
        Counts fits = count(farm, manifest.fits().stream().map(SweepManifest.PlannedFit::id).toList(), latest, failures,
                cancelled);
        return new SweepStatus(sweep, extractions, fits, failures);
    }

    /** With the sweep cancelled, whatever is neither done, failed nor running will not run: it counts as cancelled. */
    private static Counts count(FarmContext farm, List<String> ids, Map<String, TaskEvent> latest, List<String> failures,
                                boolean sweepCancelled) {
        int queued = 0, running = 0, done = 0, failed = 0, cancelled = 0;
        for (String id : ids) {
            String prefix = (id.startsWith("ext-") ? "features/" : "fits/") + id + "/";
            TaskEvent event = latest.get(id);
            if (farm.store().isCommitted(prefix)) {
                done++;
            } else if (event != null && event.status() == TaskStatus.DEAD_LETTERED) {
                failed++;
                failures.add(id + ": " + event.reason());
            } else if (event != null && event.status() == TaskStatus.CANCELLED
                    || sweepCancelled && (event == null || event.status() == TaskStatus.QUEUED)) {
                cancelled++;
            } else if (event != null && (event.status() == TaskStatus.STARTED || event.status() == TaskStatus.FAILED)) {
                running++;
            } else {
                queued++;
            }
        }
        return new Counts(ids.size(), queued, running, done, failed, cancelled);
    }
}
