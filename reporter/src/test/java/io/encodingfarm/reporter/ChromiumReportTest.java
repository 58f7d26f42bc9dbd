package io.encodingfarm.reporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of the planted sweep in a real headless Chromium (Debian's {@code chromium}): every
 * figure decodes (the page's own check, read back from the DOM), nothing is written to the console,
 * and a screenshot lands in {@code target/chromium/report.png}. Skipped when Chromium is not installed.
 */
class ChromiumReportTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern RENDER_STATUS = Pattern.compile(
            "id=\"render-status\"[^>]*data-rendered=\"(\\d+)\"[^>]*data-total=\"(\\d+)\"");

    private static final Path SCREENSHOT = Path.of("target", "chromium", "report.png").toAbsolutePath();

    @TempDir
    static Path work;
    private static ReportBundle bundle;
    /** One browser run serves both checks: the DOM after load and a screenshot. */
    private static Run run;

    @BeforeAll
    static void renderInChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
                + ": skipping the browser test (apt-get install -y chromium)");
        bundle = ReportBundle.assemble(new PlantedSweep().inputs("planted-sweep", Map.of("teacher", ReportBundleTest.HOSTILE)));
        bundle.writeTo(work.resolve("report"));
        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);
        run = chromium("--dump-dom", "--screenshot=" + SCREENSHOT, "--window-size=1280,2400");
    }

    @Test
    void everyFigureRendersWithoutConsoleMessages() {
        Matcher status = RENDER_STATUS.matcher(run.stdout());
        assertTrue(status.find(), "the page's render check did not run:\n" + run.stdout().lines().limit(5).toList());
        long pngFigures = bundle.report().figures().stream().filter(f -> f.endsWith(".png")).count();
        assertTrue(pngFigures >= 6, "figures: " + bundle.report().figures());
        assertEquals(String.valueOf(pngFigures), status.group(2), "figures on the page");
        assertEquals(status.group(2), status.group(1), "figures that decoded");
        assertTrue(run.stdout().contains("&lt;img src=x onerror=alert(1)&gt;"), "user strings stay text");
        assertEquals(List.of(), run.consoleLines(), "console output of the report page");
    }

    @Test
    void screenshotShowsThePage() throws Exception {
        assertTrue(Files.exists(SCREENSHOT), "no screenshot; chromium said:\n" + run.stderr());
        BufferedImage image = ImageIO.read(SCREENSHOT.toFile());
        assertNotNull(image);
        assertEquals(1280, image.getWidth());
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) colours.add(image.getRGB(x, y));
        }
        assertTrue(colours.size() > 50, "the screenshot looks blank: " + colours.size() + " colours");
    }

    private record Run(String stdout, String stderr) {
        List<String> consoleLines() {
            return stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
        }
    }

    private static Run chromium(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + work.resolve("profile"), "--enable-logging=stderr", "--v=0"));
        args.addAll(List.of(command));
        args.add(work.resolve("report/index.html").toUri().toString());
        Path out = work.resolve("stdout.txt");
        Path err = work.resolve("stderr.txt");
        Process process = new ProcessBuilder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in 60 s");
        }
        return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
