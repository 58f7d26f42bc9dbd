package io.encodingfarm.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.runtime.RunningService;
import io.encodingfarm.embedded.EmbeddedInfrastructure;
import io.encodingfarm.fitworker.FitWorker;
import io.encodingfarm.gpuworker.GpuWorker;
import io.encodingfarm.reporter.Reporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every service answers health and Prometheus metrics on loopback. */
class ServiceEndpointsTest {

    @Test
    @Timeout(180)
    void everyServiceExposesHealthAndMetrics(@TempDir Path dataDir) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dataDir)) {
            FarmConfig config = FarmConfig.fromEnvironment(infra.settings())
                    .with(Map.of(ConfigKey.WORK_DIR.key(), dataDir.resolve("work").toString()));
            try (RunningService gpu = GpuWorker.start(config);
                 RunningService fit = FitWorker.start(config);
                 RunningService reporter = Reporter.start(config)) {
                for (RunningService service : List.of(gpu, fit, reporter)) {
                    String base = "http://127.0.0.1:" + service.httpPort();
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/q/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, health.statusCode(), service.name());
                    assertTrue(health.body().contains("\"UP\""), health.body());
                    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, metrics.statusCode());
                    assertTrue(metrics.body().contains("farm_store_bytes_written_bytes_total"), metrics.body());
                    assertTrue(metrics.body().contains("service=\"" + service.name() + "\""), metrics.body());
                }
            }
        }
    }
}
