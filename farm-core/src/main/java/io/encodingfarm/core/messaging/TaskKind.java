package io.encodingfarm.core.messaging;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.schema.ExtractionTask;
import io.encodingfarm.schema.FitTask;
import io.encodingfarm.schema.TaskType;
import java.util.function.Function;

/** How a worker finds, decodes and recognises one kind of task. */
public record TaskKind<T>(TaskType type, ConfigKey topic, String consumerGroup, Class<T> recordType,
                          Function<T, String> id, Function<T, String> sweep, String idPrefix,
                          Function<String, String> artifactOfId) {

    public static final TaskKind<ExtractionTask> EXTRACTION = new TaskKind<>(TaskType.EXTRACTION, ConfigKey.TOPIC_EXTRACT,
            "farm-gpu-worker", ExtractionTask.class, ExtractionTask::id, ExtractionTask::sweep, "ext-",
            ExtractionTask::artifactPrefixOf);

    public static final TaskKind<FitTask> FIT = new TaskKind<>(TaskType.FIT, ConfigKey.TOPIC_FIT, "farm-fit-worker",
            FitTask.class, FitTask::id, FitTask::sweep, "fit-", FitTask::artifactPrefixOf);

    public String artifactPrefix(T task) {
        return artifactOfId.apply(id.apply(task));
    }
}
