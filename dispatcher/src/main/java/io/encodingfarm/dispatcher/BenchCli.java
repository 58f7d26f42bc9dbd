package io.encodingfarm.dispatcher;

import io.encodingfarm.models.bench.ExtractBench;
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

    @Command(name = "extract", description = "Forward passes of a GPT-2-small-shaped random checkpoint: tokens/s and GFLOP/s vs matmul peak.")
    static final class Extract implements Callable<Integer> {
        @Option(names = "--device", defaultValue = "auto", description = "cpu | gpu | auto") String device;
        @Option(names = "--tokens", defaultValue = "1024") int tokens;
        @Option(names = "--repetitions", defaultValue = "3") int repetitions;
        @Option(names = "--work-dir", defaultValue = ".farm/bench", paramLabel = "DIR") Path workDir;

        @Override
        public Integer call() {
            System.out.print(ExtractBench.run(workDir, device, tokens, repetitions));
            return 0;
        }
    }
}
