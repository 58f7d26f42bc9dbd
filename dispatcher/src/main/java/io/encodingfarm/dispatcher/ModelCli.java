package io.encodingfarm.dispatcher;

import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.models.Extractors;
import io.encodingfarm.models.ModelInfo;
import io.encodingfarm.models.checkpoint.TinyCheckpoints;
import io.encodingfarm.models.speech.TinyWhisper;
import io.encodingfarm.models.speech.WhisperConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code farm model …}: checkpoints in the store (upload, describe) and tiny test checkpoints. */
@Command(name = "model", description = "Model checkpoints: write tiny ones, upload, describe.",
        subcommands = {ModelCli.Tiny.class, ModelCli.Upload.class, ModelCli.Describe.class})
final class ModelCli {

    @Command(name = "tiny", description = "Write a small randomly initialized checkpoint in the Hugging Face format "
            + "(config.json, model.safetensors, tokenizer.json).")
    static final class Tiny implements Callable<Integer> {
        @Option(names = "--family", required = true,
                description = "gpt2 | opt | gpt_neox | llama | mistral | qwen2 | gemma | stablelm | whisper") String family;
        @Option(names = "--layers", defaultValue = "2") int layers;
        @Option(names = "--hidden", defaultValue = "64") int hidden;
        @Option(names = "--heads", defaultValue = "4") int heads;
        @Option(names = "--seed", defaultValue = "0") long seed;
        @Option(names = "--out", required = true, paramLabel = "DIR") Path out;

        @Override
        public Integer call() {
            if (family.equals("whisper")) {
                TinyWhisper.write(new WhisperConfig(hidden, layers, heads, 4 * hidden, 80, WhisperConfig.ENCODER_FRAMES), seed, out);
                System.out.println("wrote a tiny whisper checkpoint to " + out + ": layers " + Extractors.audioLayerNames(out)
                        + " of width " + Extractors.audioWidth(out));
                return 0;
            }
            TinyCheckpoints.write(family, layers, hidden, heads, seed, out);
            ModelInfo info = Extractors.describe(out);
            System.out.println("wrote a tiny " + info.family() + " checkpoint to " + out + ": " + info.parameterCount()
                    + " parameters, " + info.layerCount() + " hidden states of width " + info.hiddenSize());
            return 0;
        }
    }

    @Command(name = "upload", description = "Copy a local checkpoint directory into the store as models/NAME/.")
    static final class Upload implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR") Path dir;
        @Option(names = "--name", required = true) String name;
        @CommandLine.Mixin Cli.Target target;

        @Override
        public Integer call() {
            ModelInfo info = Extractors.describe(dir);
            try (Connection connection = Connection.open(target.embedded)) {
                FarmContext farm = connection.farm();
                farm.store().uploadDirectory(dir, StoreKeys.model(name));
                System.out.println("model " + name + " (" + info.family() + ", " + info.parameterCount()
                        + " parameters) committed under " + StoreKeys.model(name));
            }
            return 0;
        }
    }

    @Command(name = "describe", description = "Family, parameter count, layers and width of a local checkpoint.")
    static final class Describe implements Callable<Integer> {
        @Parameters(paramLabel = "DIR") Path dir;

        @Override
        public Integer call() {
            ModelInfo info = Extractors.describe(dir);
            System.out.println("family " + info.family() + ", parameters " + info.parameterCount() + ", hidden states "
                    + info.layerCount() + " (embeddings + blocks), width " + info.hiddenSize() + ", layers "
                    + Extractors.layerNames(dir));
            return 0;
        }
    }
}
