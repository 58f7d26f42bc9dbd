package io.encodingfarm.dispatcher;

import io.encodingfarm.models.bench.ExtractBench;
import io.encodingfarm.models.bench.WhisperBench;
import io.encodingfarm.science.bench.RidgeBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code farm bench …}: speed against the machine's own measured peak, printed as tables. */
@Command(name = "bench", description = "Benchmarks: ridge fits and feature extraction, each against a peak measured in the same run.",
        subcommands = {BenchCli.Ridge.class, BenchCli.Extract.class})
final class BenchCli {

    @Command(name = "ridge", description = "Nested leave-one-run-out ridge (16 alphas) on synthetic data of LPP size by default.")
    static final class Ridge implements Callable<Integer> {
        @Option(names = "--trs", defaultValue = "2800") int trs;
        @Option(names = "--runs", defaultValue = "9") int runs;
        @Option(names = "--features", defaultValue = "1024") int features;
        @Option(names = "--voxels", defaultValue = "25870") int voxels;

        @Override
        public Integer call() {
            System.out.print(RidgeBench.run(trs, runs, features, voxels));
            return 0;
        }
    }

    @Command(name = "extract", description = "Forward passes of a GPT-2-small-shaped (or whisper-tiny-shaped) random checkpoint: "
            + "tokens/s (windows/s) and GFLOP/s vs the matmul peak measured in the same run.")
    static final class Extract implements Callable<Integer> {
        @Option(names = "--family", defaultValue = "gpt2", description = "gpt2 (GPT-2 small shape) | whisper (whisper-tiny shape)")
        String family;
        @Option(names = "--device", defaultValue = "auto", description = "cpu | gpu | auto") String device;
        @Option(names = "--tokens", defaultValue = "1024") int tokens;
        @Option(names = "--windows", defaultValue = "8", description = "whisper: sliding windows timed") int windows;
        @Option(names = "--repetitions", defaultValue = "3") int repetitions;
        @Option(names = "--work-dir", defaultValue = ".farm/bench", paramLabel = "DIR") Path workDir;

        @Override
        public Integer call() {
            System.out.print(switch (family) {
                case "gpt2" -> ExtractBench.run(workDir, device, tokens, repetitions);
                case "whisper" -> WhisperBench.run(workDir, device, windows);
                default -> throw new IllegalArgumentException("--family must be gpt2 or whisper, got '" + family + "'");
            });
            return 0;
        }
    }
}
