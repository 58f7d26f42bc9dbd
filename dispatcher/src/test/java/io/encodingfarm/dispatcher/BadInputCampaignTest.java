package io.encodingfarm.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.messaging.EventLog;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.runtime.RunningService;
import io.encodingfarm.datasets.SyntheticDataset;
import io.encodingfarm.embedded.EmbeddedInfrastructure;
import io.encodingfarm.fitworker.FitWorker;
import io.encodingfarm.formats.Npy;
import io.encodingfarm.formats.NpyArray;
import io.encodingfarm.gpuworker.GpuWorker;
import io.encodingfarm.models.checkpoint.TinyCheckpoints;
import io.encodingfarm.schema.DeadLetter;
import io.encodingfarm.schema.ExtractionTask;
import io.encodingfarm.schema.FitSettings;
import io.encodingfarm.schema.FitTask;
import io.encodingfarm.schema.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed inputs across every format the workers read, through the real broker and store: each
 * task dead-letters with a reason naming the input and the problem, and the workers go on serving —
 * a valid task posted after all of them still succeeds.
 */
class BadInputCampaignTest {
    private static final String GOOD = "good";
    private static final String RUN = "run-1";
    private static final FitSettings FIT = new FitSettings("loro", "glover", 10, 2, List.of(1.0, 100.0));

    private FarmContext farm;
    private Path dir;
    private Path goodDataset;
    private Path goodModel;
    private Path goodFeatures;
    private String goodFeaturesId;
    private final Map<String, String> expected = new LinkedHashMap<>();
    private final Map<String, String> rawTopicCases = new LinkedHashMap<>();
    private int counter;

    @Test
    @Timeout(600)
    void everyMalformedInputDeadLettersWithAClearReasonAndWorkersKeepServing(@TempDir Path tmp) throws Exception {
        dir = tmp;
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dir.resolve("infra"))) {
            FarmConfig config = FarmConfig.fromEnvironment(infra.settings()).with(Map.of(
                    ConfigKey.WORK_DIR.key(), dir.resolve("work").toString(),
                    ConfigKey.TASK_MAX_ATTEMPTS.key(), "2",
                    ConfigKey.TASK_RETRY_BACKOFF_MS.key(), "20",
                    ConfigKey.TASK_TRANSIENT_RETRY_MS.key(), "2000"));
            try (RunningService gpu = GpuWorker.start(config);
                 RunningService fit = FitWorker.start(config)) {
                farm = gpu.context();
                prepareGoodInputs();
                datasetCases();
                responseAndWordCases();
                featureCases();
                modelCases();
                taskCases(config);

                FitTask valid = FitTask.create("campaign", GOOD, "sub-01", goodFeaturesId, "good", "features", FIT);
                farm.bus().post(valid);
                List<DeadLetter> letters = awaitDeadLetters(config, expected.size() + rawTopicCases.size());
                awaitCommitted(valid.artifactPrefix());

                Map<String, String> reasons = new HashMap<>();
                for (DeadLetter letter : letters) reasons.put(letter.taskId(), letter.reason());
                List<String> unclear = new ArrayList<>();
                StringBuilder table = new StringBuilder();
                expected.forEach((taskId, fragment) -> {
                    String reason = reasons.get(taskId);
                    table.append("  ").append(fragment).append(" -> ").append(reason).append('\n');
                    if (reason == null || !reason.contains(fragment)) unclear.add(fragment + " => " + reason);
                });
                rawTopicCases.forEach((key, fragment) -> {
                    String reason = reasons.get(key);
                    table.append("  ").append(fragment).append(" -> ").append(reason).append('\n');
                    if (reason == null || !reason.contains(fragment)) unclear.add(fragment + " => " + reason);
                });
                System.out.println("bad-input campaign: " + (expected.size() + rawTopicCases.size())
                        + " malformed inputs, all dead-lettered; a valid task afterwards succeeded\n" + table);
                assertEquals(List.of(), unclear, "reasons that do not name the input and problem");
                assertTrue(expected.size() + rawTopicCases.size() >= 40);
            }
        }
    }

    private void prepareGoodInputs() throws Exception {
        goodDataset = TestData.plantedDataset(farm, dir.resolve("good-dataset"),
                new SyntheticDataset.SynthSpec(GOOD, 3, 30, new int[] {5, 7, 5}, 16, 1, 1.0, 0.5, 3), 4, 9);
        ExtractionTask extraction = ExtractionTask.create("campaign", GOOD, Map.of("baseline", "random-embeddings", "dim", 4,
                "seed", 1), "good", List.of(), List.of(), FIT);
        farm.bus().post(extraction);
        awaitCommitted(extraction.artifactPrefix());
        goodFeaturesId = extraction.id();
        goodFeatures = dir.resolve("good-features");
        farm.store().downloadDirectory(extraction.artifactPrefix(), goodFeatures);
        goodModel = TinyCheckpoints.write("gpt2", 1, 16, 2, 5, dir.resolve("good-model"));
    }

    // ---- datasets read by extraction ----
    private void datasetCases() throws Exception {
        extractionOn(badDataset(d -> write(d.resolve("dataset.json"), "{not json")), "dataset.json");
        extractionOn(badDataset(d -> write(d.resolve("dataset.json"), "")), "dataset.json");
        extractionOn(badDataset(d -> write(d.resolve("dataset.json"), "{\"schema_version\":1,\"runs\":\"x\"}")), "dataset.json");
        extractionOn(badDataset(d -> write(d.resolve("words/" + RUN + ".csv"), "")), "words/" + RUN + ".csv");
        extractionOn(badDataset(d -> write(d.resolve("words/" + RUN + ".csv"), "a,b,c\n1,2,3\n")), "words/" + RUN + ".csv");
        extractionOn(badDataset(d -> write(d.resolve("words/" + RUN + ".csv"), "word,onset,offset\nthe,abc,1.0\n")),
                "words/" + RUN + ".csv");
        extractionOn(badDataset(d -> Files.delete(d.resolve("words/" + RUN + ".csv"))), "words/" + RUN + ".csv: missing");
        extractionOn(badDataset(d -> Files.write(d.resolve("words/" + RUN + ".csv"), new byte[] {0, 1, 2, (byte) 0xff})),
                "words/" + RUN + ".csv: not UTF-8");
    }

    // ---- responses and word timing read by fits ----
    private void responseAndWordCases() throws Exception {
        String responses = "responses/sub-01/" + RUN + ".npy";
        fitOn(badDataset(d -> truncate(d.resolve(responses))), responses);
        fitOn(badDataset(d -> write(d.resolve(responses), "garbage")), responses);
        fitOn(badDataset(d -> poke(d.resolve(responses), Float.NaN)), "non-finite");
        fitOn(badDataset(d -> poke(d.resolve(responses), Float.POSITIVE_INFINITY)), "non-finite");
        fitOn(badDataset(d -> reshape(d.resolve(responses), -3, 0)), "dataset.json promises");
        fitOn(badDataset(d -> reshape(d.resolve(responses), 0, -2)), "dataset.json promises");
        fitOn(badDataset(d -> rewriteHeader(d.resolve(responses), "'fortran_order': False", "'fortran_order': True")), "Fortran");
        fitOn(badDataset(d -> rewriteHeader(d.resolve(responses), "'descr': '<f4'", "'descr': '<c8'")), "<c8");
        fitOn(badDataset(d -> Files.write(d.resolve(responses), Npy.toBytes(NpyArray.ofFloats(new float[8], 2, 2, 2)))),
                responses);
        fitOn(badDataset(d -> Files.delete(d.resolve(responses))), responses);
        String words = "words/" + RUN + ".csv";
        fitOn(badDataset(d -> editWords(d.resolve(words), line -> line.replaceFirst(",[0-9.]+,", ",NaN,"))), words);
        fitOn(badDataset(d -> editWords(d.resolve(words), line -> {
            String[] f = line.split(",");
            return f[0] + "," + f[2] + "," + f[1];
        })), "offset >= onset");
        fitOn(badDataset(d -> dropLastWord(d.resolve(words))), "words but");
        fitOn(badDataset(d -> editMeta(d, meta -> ((Map<String, Object>) ((List<?>) meta.get("runs")).get(0)).put("n_trs", 35))),
                "dataset.json promises");
        fitOn(badDataset(d -> editMeta(d, meta -> ((List<?>) meta.get("runs")).remove(2))), "at least 3");
        expectFit(FitTask.create("campaign", GOOD, "sub-99", goodFeaturesId, "x", "features", FIT), "no subject 'sub-99'");
    }

    // ---- features read by fits ----
    private void featureCases() throws Exception {
        String key = "features/" + RUN + ".npy";
        fitOnFeatures(f -> truncate(f.resolve(key)), RUN + ".npy");
        fitOnFeatures(f -> poke(f.resolve(key), Float.NaN), "non-finite");
        fitOnFeatures(f -> reshape(f.resolve(key), -1, 0), "words but");
        fitOnFeatures(f -> reshape(f.resolve("features/run-2.npy"), 0, -1), "features per word");
        fitOnFeatures(f -> Files.delete(f.resolve(key)), RUN + ".npy");
        fitOnFeatures(f -> write(f.resolve(key), "\u0093NUMPY garbage"), RUN + ".npy");
        expectFit(FitTask.create("campaign", GOOD, "sub-01", "ext-000000000000000000000000", "x", "features", FIT),
                "not committed");
    }

    // ---- model checkpoints read by extraction ----
    private void modelCases() throws Exception {
        extractionWithModel(m -> write(m.resolve("config.json"), "{oops"));
        extractionWithModel(m -> editJson(m.resolve("config.json"), c -> c.put("model_type", "bert")));
        extractionWithModel(m -> editJson(m.resolve("config.json"), c -> c.remove("n_layer")));
        extractionWithModel(m -> truncate(m.resolve("model.safetensors")));
        extractionWithModel(m -> {
            byte[] bytes = Files.readAllBytes(m.resolve("model.safetensors"));
            bytes[7] = 0x7f;
            Files.write(m.resolve("model.safetensors"), bytes);
        });
        extractionWithModel(m -> editSafetensorsHeader(m, "wte.weight", "wte.weighx"));
        extractionWithModel(m -> editSafetensorsHeader(m, "\"shape\":[16]", "\"shape\":[17]"));
        extractionWithModel(m -> write(m.resolve("tokenizer.json"), "{\"model\": 3"));
        extractionWithModel(m -> Files.delete(m.resolve("tokenizer.json")));
        extractionWithModel(m -> Files.delete(m.resolve("model.safetensors")));
        expectExtraction(ExtractionTask.create("campaign", GOOD, Map.of("model", "absent-model"), "x", List.of(), List.of(), FIT),
                "models/absent-model/");
    }

    // ---- task records themselves ----
    private void taskCases(FarmConfig config) throws Exception {
        Properties props = config.kafkaProperties();
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            raw(producer, config.get(ConfigKey.TOPIC_EXTRACT), "raw-garbage", new byte[] {1, 2, 3}, "unreadable record");
            raw(producer, config.get(ConfigKey.TOPIC_FIT), "raw-array", "[1,2]".getBytes(StandardCharsets.UTF_8), "unreadable record");
            FitTask future = FitTask.create("campaign", GOOD, "sub-01", goodFeaturesId, "x", "features", FIT);
            Map<String, Object> json = Json.MAPPER.readValue(Json.toBytes(future), Map.class);
            json.put("schema_version", 99);
            raw(producer, config.get(ConfigKey.TOPIC_FIT), "raw-future", Json.toBytes(json), "schema_version 99");
        }
        expectExtraction(ExtractionTask.create("campaign", "../etc", Map.of("baseline", "random-vectors", "dim", 2, "seed", 1),
                "x", List.of(), List.of(), FIT), "dataset name '../etc' is not allowed");
        expectFit(FitTask.create("campaign", GOOD, "sub-01", goodFeaturesId, "x", "../../x", FIT), "layer name '../../x'");
        expectFit(FitTask.create("campaign", GOOD, "sub\u0001", goodFeaturesId, "x", "features", FIT), "sub\\x01");
        expectExtraction(extraction(Map.of("baseline", "foo", "dim", 2, "seed", 1)), "foo");
        expectExtraction(extraction(Map.of("baseline", "random-vectors", "dim", -1, "seed", 1)), "dimension must be positive");
        expectExtraction(extraction(Map.of("baseline", "random-vectors", "model", "x", "dim", 1)), "exactly one");
        expectExtraction(extraction(Map.of("baseline", "random-vectors", "dim", 2, "seed", 1, "colour", "red")), "colour");
        expectFit(fitWith(new FitSettings("svd", "glover", 10, 2, List.of(1.0))), "fit.method");
        expectFit(fitWith(new FitSettings("loro", "boynton", 10, 2, List.of(1.0))), "fit.hrf");
        expectFit(fitWith(new FitSettings("loro", "glover", 10, 100, List.of(1.0))), "fit.trim");
        expectFit(fitWith(new FitSettings("loro", "glover", 10, 2, List.of())), "fit.alphas");
        expectFit(fitWith(new FitSettings("loro", "glover", 10, 2, List.of(-1.0))), "fit.alphas");
        expectFit(fitWith(new FitSettings("loro", "glover", 0, 2, List.of(1.0))), "fit.oversampling");
        expectExtraction(ExtractionTask.create("campaign", "absent-dataset", Map.of("baseline", "random-vectors", "dim", 2,
                "seed", 1), "x", List.of(), List.of(), FIT), "datasets/absent-dataset/");
    }

    // ---- helpers ----
    private interface Mutation {
        void apply(Path dir) throws Exception;
    }

    private String badDataset(Mutation mutation) throws Exception {
        String name = "bad-" + (++counter);
        Path copy = copy(goodDataset, dir.resolve(name));
        mutation.apply(copy);
        farm.store().uploadDirectory(copy, "datasets/" + name + "/");
        return name;
    }

    private void extractionOn(String dataset, String fragment) {
        expectExtraction(ExtractionTask.create("campaign", dataset, Map.of("baseline", "random-vectors", "dim", 2, "seed", 1),
                "x", List.of(), List.of(), FIT), "datasets/" + dataset + "/" + fragment);
    }

    private void fitOn(String dataset, String fragment) {
        expectFit(FitTask.create("campaign", dataset, "sub-01", goodFeaturesId, "x", "features", FIT), fragment);
    }

    private void fitOnFeatures(Mutation mutation, String fragment) throws Exception {
        String id = String.format("ext-bad%021d", ++counter);
        Path copy = copy(goodFeatures, dir.resolve(id));
        mutation.apply(copy);
        farm.store().uploadDirectory(copy, "features/" + id + "/");
        expectFit(FitTask.create("campaign", GOOD, "sub-01", id, "x", "features", FIT), fragment);
    }

    private void extractionWithModel(Mutation mutation) throws Exception {
        String name = "bad-model-" + (++counter);
        Path copy = copy(goodModel, dir.resolve(name));
        mutation.apply(copy);
        farm.store().uploadDirectory(copy, "models/" + name + "/");
        expectExtraction(ExtractionTask.create("campaign", GOOD, Map.of("model", name), "x", List.of(), List.of(), FIT),
                "models/" + name + "/");
    }

    private ExtractionTask extraction(Map<String, Object> spec) {
        return ExtractionTask.create("campaign", GOOD, spec, "x", List.of(), List.of(), FIT);
    }

    private FitTask fitWith(FitSettings settings) {
        return FitTask.create("campaign", GOOD, "sub-01", goodFeaturesId, "x", "features", settings);
    }

    private void expectExtraction(ExtractionTask task, String fragment) {
        expected.put(task.id(), fragment);
        farm.bus().post(task);
    }

    private void expectFit(FitTask task, String fragment) {
        expected.put(task.id(), fragment);
        farm.bus().post(task);
    }

    private void raw(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value, String fragment)
            throws Exception {
        rawTopicCases.put(key, fragment);
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private List<DeadLetter> awaitDeadLetters(FarmConfig config, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 480_000_000_000L;
        while (true) {
            List<DeadLetter> letters = EventLog.readDeadLetters(config);
            if (letters.size() >= count) return letters;
            assertTrue(System.nanoTime() < deadline, "only " + letters.size() + " of " + count + " dead letters");
            Thread.sleep(1000);
        }
    }

    private void awaitCommitted(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (!farm.store().isCommitted(prefix)) {
            assertTrue(System.nanoTime() < deadline, prefix + " not committed in time");
            Thread.sleep(250);
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.naturalOrder())::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) Files.createDirectories(target);
                else Files.copy(file, target);
            }
        }
        return to;
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
    }

    private static void truncate(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }

    private static void poke(Path npy, float value) throws IOException {
        NpyArray array = Npy.read(Files.readAllBytes(npy));
        float[] data = array.toFloatArray();
        data[data.length / 2] = value;
        Files.write(npy, Npy.toBytes(NpyArray.ofFloats(data, array.shape())));
    }

    /** Drops rows (dRows < 0) or columns (dCols < 0) of a 2-D array. */
    private static void reshape(Path npy, int dRows, int dCols) throws IOException {
        float[][] m = Npy.read(Files.readAllBytes(npy)).toFloatMatrix();
        float[][] out = new float[m.length + dRows][];
        for (int i = 0; i < out.length; i++) out[i] = java.util.Arrays.copyOf(m[i], m[i].length + dCols);
        Files.write(npy, Npy.toBytes(NpyArray.ofMatrix(out)));
    }

    private static void rewriteHeader(Path npy, String from, String to) throws IOException {
        byte[] bytes = Files.readAllBytes(npy);
        String head = new String(bytes, 0, 128, StandardCharsets.ISO_8859_1);
        if (!head.contains(from)) throw new IllegalStateException("header lacks " + from + ": " + head);
        String padded = to + " ".repeat(Math.max(0, from.length() - to.length()));
        byte[] replaced = head.replace(from, padded.substring(0, Math.max(from.length(), to.length())))
                .getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(replaced, 0, bytes, 0, 128);
        Files.write(npy, bytes);
    }

    private static void editWords(Path csv, java.util.function.UnaryOperator<String> secondLine) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.set(2, secondLine.apply(lines.get(2)));
        Files.write(csv, lines);
    }

    private static void dropLastWord(Path csv) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.remove(lines.size() - 1);
        Files.write(csv, lines);
    }

    @SuppressWarnings("unchecked")
    private static void editMeta(Path dataset, java.util.function.Consumer<Map<String, Object>> edit) throws IOException {
        editJson(dataset.resolve("dataset.json"), edit);
    }

    @SuppressWarnings("unchecked")
    private static void editJson(Path file, java.util.function.Consumer<Map<String, Object>> edit) throws IOException {
        Map<String, Object> json = Json.MAPPER.readValue(file.toFile(), TreeMap.class);
        edit.accept(json);
        Files.write(file, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(json));
    }

    private static void editSafetensorsHeader(Path model, String from, String to) throws IOException {
        Path file = model.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        long length = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) length, StandardCharsets.UTF_8);
        if (!header.contains(from)) throw new IllegalStateException("safetensors header lacks " + from);
        String edited = header.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
        byte[] head = edited.getBytes(StandardCharsets.UTF_8);
        head = java.util.Arrays.copyOf(head, (int) length);
        for (int i = edited.length(); i < length; i++) head[i] = ' ';
        System.arraycopy(head, 0, bytes, 8, (int) length);
        Files.write(file, bytes);
    }
}
