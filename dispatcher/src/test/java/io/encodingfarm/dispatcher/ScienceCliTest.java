package io.encodingfarm.dispatcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.formats.Npy;
import io.encodingfarm.formats.NpyArray;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stable `farm science` contract: outputs in .npy, bad inputs a one-line error and exit status 2. */
class ScienceCliTest {

    @Test
    void hrfMatchesNilearnAndIsWrittenAsNpy(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("h.npy");
        assertEquals(0, Cli.execute("science", "hrf", "--model", "glover", "--tr", "2", "--out", out.toString()));
        NpyArray h = Npy.read(Files.readAllBytes(out));
        assertArrayEquals(new int[] {800}, h.shape());
        double[] values = h.toDoubleArray();
        assertEquals(0.013899297265659567, values[126], 1e-12);
        assertEquals(-0.0036377866237026412, values[307], 1e-12);
    }

    @Test
    void delayAndLoroWriteTheDocumentedFiles(@TempDir Path dir) throws Exception {
        Random random = new Random(1);
        StringBuilder xs = new StringBuilder(), ys = new StringBuilder();
        for (int run = 0; run < 3; run++) {
            Path x = dir.resolve("x" + run + ".npy"), y = dir.resolve("y" + run + ".npy");
            Files.write(x, Npy.toBytes(NpyArray.ofMatrix(randomMatrix(random, 40, 3))));
            Files.write(y, Npy.toBytes(NpyArray.ofMatrix(randomMatrix(random, 40, 5))));
            xs.append(run == 0 ? "" : ",").append(x);
            ys.append(run == 0 ? "" : ",").append(y);
        }
        Path alphas = dir.resolve("alphas.npy");
        Files.write(alphas, Npy.toBytes(NpyArray.ofDoubles(new double[] {1, 10, 100}, 3)));
        assertEquals(0, Cli.execute("science", "loro", "--x", xs.toString(), "--y", ys.toString(), "--alphas",
                alphas.toString(), "--dtype", "float32", "--out-dir", dir.resolve("loro").toString()));
        NpyArray scores = Npy.read(Files.readAllBytes(dir.resolve("loro/scores.npy")));
        assertTrue(scores.isFloat32());
        assertArrayEquals(new int[] {5}, scores.shape());
        assertArrayEquals(new int[] {3}, Npy.read(Files.readAllBytes(dir.resolve("loro/alphas.npy"))).shape());

        assertEquals(0, Cli.execute("science", "delay", "--data", dir.resolve("x0.npy").toString(), "--delays", "1,2",
                "--out", dir.resolve("d.npy").toString()));
        assertArrayEquals(new int[] {40, 6}, Npy.read(Files.readAllBytes(dir.resolve("d.npy"))).shape());
    }

    @Test
    void badInputsAreOneLineErrorsNamingTheFile(@TempDir Path dir) throws Exception {
        Path nan = dir.resolve("nan.npy");
        Files.write(nan, Npy.toBytes(NpyArray.ofFloats(new float[] {1, Float.NaN, 3, 4}, 2, 2)));
        Path garbage = dir.resolve("garbage.npy");
        Files.writeString(garbage, "hello, this is not numpy");
        assertError(dir, "nan.npy: contains a non-finite value", "science", "delay", "--data", nan.toString(), "--out",
                dir.resolve("o.npy").toString());
        assertError(dir, "garbage.npy: not a .npy file", "science", "delay", "--data", garbage.toString(), "--out",
                dir.resolve("o.npy").toString());
        assertError(dir, "missing.npy: no such file", "science", "delay", "--data", dir.resolve("missing.npy").toString(),
                "--out", dir.resolve("o.npy").toString());
    }

    private static void assertError(Path dir, String expected, String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Cli.execute(args);
        } finally {
            System.setErr(original);
        }
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(expected), err.toString(StandardCharsets.UTF_8));
    }

    private static float[][] randomMatrix(Random random, int rows, int cols) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) for (int j = 0; j < cols; j++) row[j] = (float) random.nextGaussian();
        return m;
    }
}
