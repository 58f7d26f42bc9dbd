package io.encodingfarm.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Prometheus' own checker accepts the shipped configuration and rules, and the alerts' unit tests pass. */
class PromtoolTest {
    private static final Path PROMETHEUS = Tools.repoRoot().resolve("ops/prometheus");

    private static void promtool(String... args) {
        Path promtool = Tools.require("promtool", "apt-get install -y prometheus");
        String[] command = new String[args.length + 1];
        command[0] = promtool.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Tools.Result result = Tools.run(Duration.ofSeconds(60), command);
        assertEquals(0, result.exitCode(), String.join(" ", command) + ":\n" + result.output());
    }

    @Test
    void configIsValid() {
        promtool("check", "config", PROMETHEUS.resolve("prometheus.yml").toString());
    }

    @Test
    void rulesAreValid() {
        promtool("check", "rules", PROMETHEUS.resolve("rules.yml").toString());
    }

    @Test
    void alertsFireWhenTheyShould() {
        promtool("test", "rules", PROMETHEUS.resolve("rules.test.yml").toString());
    }
}
