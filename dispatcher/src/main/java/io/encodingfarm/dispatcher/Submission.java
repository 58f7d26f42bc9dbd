package io.encodingfarm.dispatcher;

import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.store.ArtifactStore;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.dispatcher.sweep.SweepSpec;
import io.encodingfarm.schema.ExtractionTask;
import io.encodingfarm.schema.FitTask;
import io.encodingfarm.schema.SweepManifest;
import io.encodingfarm.schema.TaskEvent;
import io.encodingfarm.schema.TaskStatus;
import io.encodingfarm.schema.TaskType;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Posts what a sweep still needs. Finished work is never posted again: an extraction whose features
 * are committed is skipped and only its missing fits are posted directly.
 */
final class Submission {
    /** Counts of a submission: planned, already done (skipped) and posted now. */
    record Outcome(int extractions, int fits, int extractionsDone, int fitsDone, int extractionsPosted, int fitsPosted,
                   int fitsFollowing) {
        int posted() {
            return extractionsPosted + fitsPosted;
        }
    }

    private Submission() {
    }

    static Outcome submit(FarmContext farm, SweepSpec spec, SweepManifest manifest) {
        ArtifactStore store = farm.store();
        String prefix = StoreKeys.sweep(manifest.sweep());
        store.put(prefix + "sweep.yaml", spec.text().getBytes(StandardCharsets.UTF_8));
        store.putJson(prefix + "manifest.json", manifest);

        Map<String, ExtractionTask> byId = new HashMap<>();
        manifest.extractions().forEach(e -> byId.put(e.id(), e));
        int extractionsDone = 0, fitsDone = 0, extractionsPosted = 0, fitsPosted = 0, fitsFollowing = 0;
        Map<String, Boolean> extracted = new HashMap<>();
        for (ExtractionTask extraction : manifest.extractions()) {
            boolean done = store.isCommitted(extraction.artifactPrefix());
            extracted.put(extraction.id(), done);
            if (done) {
                extractionsDone++;
            } else {
                farm.bus().post(extraction);
                farm.bus().publish(TaskEvent.of(extraction.id(), TaskType.EXTRACTION, manifest.sweep(), TaskStatus.QUEUED,
                        "dispatcher"));
                extractionsPosted++;
            }
        }
        for (SweepManifest.PlannedFit planned : manifest.fits()) {
            if (store.isCommitted("fits/" + planned.id() + "/")) {
                fitsDone++;
            } else if (!extracted.get(planned.extraction())) {
                fitsFollowing++;
            } else {
                FitTask fit = byId.get(planned.extraction()).fitTask(planned.layer(), planned.subject());
                farm.bus().post(fit);
                farm.bus().publish(TaskEvent.of(fit.id(), TaskType.FIT, manifest.sweep(), TaskStatus.QUEUED, "dispatcher"));
                fitsPosted++;
            }
        }
        return new Outcome(manifest.extractions().size(), manifest.fits().size(), extractionsDone, fitsDone,
                extractionsPosted, fitsPosted, fitsFollowing);
    }
}
