package io.encodingfarm.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.messaging.EventLog;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.schema.TaskEvent;
import io.encodingfarm.schema.TaskStatus;
import io.encodingfarm.schema.TaskType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded pair is real: the MinIO SDK stores and lists objects, Kafka carries records. */
class EmbeddedInfrastructureTest {

    @Test
    @Timeout(120)
    void storesCommittedArtifactsAndCarriesEvents(@TempDir Path dataDir) {
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dataDir);
             FarmContext farm = FarmContext.connect("test", FarmConfig.fromEnvironment(infra.settings()))) {
            var store = farm.store();
            assertFalse(store.isCommitted("fits/x/"));
            store.open("fits/x/").put("scores.npy", "abc".getBytes(StandardCharsets.UTF_8)).commit();
            assertTrue(store.isCommitted("fits/x/"));
            assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), store.get("fits/x/scores.npy"));
            assertEquals(List.of("fits/x/_COMMITTED", "fits/x/scores.npy"), store.list("fits/"));
            assertTrue(store.find("fits/none").isEmpty());

            farm.bus().publish(TaskEvent.of("fit-1", TaskType.FIT, "s", TaskStatus.QUEUED, "me"));
            List<TaskEvent> events = EventLog.readAll(farm.config());
            assertEquals(1, events.size());
            assertEquals("fit-1", events.get(0).taskId());
        }
    }
}
