package io.encodingfarm.reporter;

import com.sun.net.httpserver.HttpExchange;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.runtime.ServiceEndpoint;
import io.encodingfarm.core.store.ArtifactStore;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.schema.Json;
import io.encodingfarm.schema.SweepManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reporter's REST API and live pages, served by the service's JDK HTTP server:
 * <ul>
 *   <li>{@code GET /api/sweeps}: every submitted sweep with its progress and ETA;</li>
 *   <li>{@code GET /api/sweeps/<sweep>/summary}: the report's summary.json; {@code …/progress}: progress now;</li>
 *   <li>{@code GET /api/sweeps/<sweep>/figures/<file>} and any other report file ({@code scores.csv},
 *       {@code maps/<set>/<subject>/<kind>.nii.gz}, …) under {@code /api/sweeps/<sweep>/};</li>
 *   <li>{@code GET /sweeps/<sweep>}: the HTML report, reloading itself every few seconds while the sweep runs.</li>
 * </ul>
 * With a token configured every path needs {@code Authorization: Bearer <token>}, or {@code ?access_token=}
 * once (which sets an HttpOnly cookie so the page's links keep working).
 */
final class ReportApi {
    static final int REFRESH_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(ReportApi.class);
    private static final String COOKIE = "farm_reporter_token";
    private static final String PAGE_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            + "script-src 'unsafe-inline'";

    private final ArtifactStore store;
    private final SweepProgress progress;
    private final byte[] token;

    /** @param token null or blank for no authentication */
    ReportApi(FarmContext context, SweepProgress progress, String token) {
        this.store = context.store();
        this.progress = progress;
        this.token = token == null || token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
    }

    void install(ServiceEndpoint endpoint) {
        endpoint.handle("/api/sweeps", exchange -> serve(exchange, this::api));
        endpoint.handle("/sweeps/", exchange -> serve(exchange, this::page));
    }

    private record Response(int status, String type, byte[] body) {
        static Response json(int status, Object value) {
            return new Response(status, "application/json", Json.toBytes(value));
        }

        static Response error(int status, String message) {
            return json(status, Map.of("error", message));
        }
    }

    private interface Route {
        Response answer(List<String> segments, HttpExchange exchange) throws IOException;
    }

    private void serve(HttpExchange exchange, Route route) throws IOException {
        Response response;
        try {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                response = Response.error(405, "only GET and HEAD are served");
            } else if (!authorized(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"encoding-farm reporter\"");
                response = Response.error(401, "this reporter needs a bearer token (Authorization: Bearer <token>)");
            } else {
                List<String> segments = new ArrayList<>();
                for (String s : exchange.getRequestURI().getPath().split("/")) if (!s.isEmpty()) segments.add(s);
                response = route.answer(segments, exchange);
            }
        } catch (IllegalArgumentException e) {
            response = Response.error(400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e.toString());
            response = Response.error(500, "the reporter could not answer: " + e.getMessage());
        }
        exchange.getResponseHeaders().set("Content-Type", response.type());
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (!exchange.getResponseHeaders().containsKey("Content-Security-Policy")) {
            exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) out.write(response.body());
        }
    }

    /** /api/sweeps[/<sweep>[/summary | /progress | /<report file…>]] */
    private Response api(List<String> segments, HttpExchange exchange) {
        if (!segments.get(1).equals("sweeps")) return Response.error(404, "the API is at /api/sweeps");
        if (segments.size() == 2) return Response.json(200, sweeps());
        String sweep = StoreKeys.segment("sweep", segments.get(2));
        Optional<SweepManifest> manifest = manifest(sweep);
        if (manifest.isEmpty()) return Response.error(404, "no sweep '" + sweep + "' was submitted");
        if (segments.size() == 3) return Response.json(200, status(manifest.get(), committedFits()));
        List<String> rest = segments.subList(3, segments.size());
        if (rest.equals(List.of("progress"))) return Response.json(200, progress(manifest.get(), committedFits()));
        String file = rest.equals(List.of("summary")) ? "summary.json"
                : String.join("/", rest.stream().map(s -> StoreKeys.segment("report file", s)).toList());
        if (file.endsWith(".html")) exchange.getResponseHeaders().set("Content-Security-Policy", PAGE_POLICY);
        return store.find(StoreKeys.report(sweep) + file)
                .map(bytes -> new Response(200, contentType(file), bytes))
                .orElseGet(() -> Response.error(404, "sweep '" + sweep + "' has no report file '" + file + "' (yet)"));
    }

    /** /sweeps/<sweep>: the stored report with a progress banner, reloading while the sweep runs. */
    private Response page(List<String> segments, HttpExchange exchange) {
        if (segments.size() != 2) return Response.error(404, "pages are at /sweeps/<sweep>");
        String sweep = StoreKeys.segment("sweep", segments.get(1));
        Optional<SweepManifest> manifest = manifest(sweep);
        if (manifest.isEmpty()) return Response.error(404, "no sweep '" + sweep + "' was submitted");
        SweepProgress.Snapshot now = progress(manifest.get(), committedFits());
        String html = store.find(StoreKeys.report(sweep) + "index.html").map(b -> new String(b, StandardCharsets.UTF_8))
                .orElseGet(() -> ReportFiles.placeholder(sweep));
        String head = "<base href=\"/api/sweeps/" + ReportFiles.esc(sweep) + "/\">"
                + (now.complete() ? "" : "<meta http-equiv=\"refresh\" content=\"" + REFRESH_SECONDS + "\">");
        html = html.replace(ReportFiles.LIVE_HEAD_MARKER, head).replace(ReportFiles.LIVE_BODY_MARKER, banner(now));
        exchange.getResponseHeaders().set("Content-Security-Policy", PAGE_POLICY);
        return new Response(200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    static String banner(SweepProgress.Snapshot p) {
        StringBuilder b = new StringBuilder("<p class=\"live\" id=\"live-progress\"><b>Live</b> · ");
        if (p.complete()) {
            b.append("sweep complete: ").append(p.fitsDone()).append(" of ").append(p.fitsPlanned()).append(" fits");
        } else {
            b.append("sweep running: ").append(p.extractionsDone()).append(" of ").append(p.extractionsPlanned())
                    .append(" extractions, ").append(p.fitsDone()).append(" of ").append(p.fitsPlanned()).append(" fits")
                    .append(" · ETA ").append(p.etaSeconds() == null ? "unknown until a task of each kind has finished"
                            : duration(p.etaSeconds()))
                    .append(" · results below are partial; this page reloads every ").append(REFRESH_SECONDS).append(" s");
        }
        if (p.deadLettered() > 0) {
            b.append(" · <span class=\"partial\">").append(p.deadLettered()).append(" tasks dead-lettered</span>");
        }
        return b.append("</p>").toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60) : s + " s";
    }

    private List<Map<String, Object>> sweeps() {
        List<Map<String, Object>> out = new ArrayList<>();
        Set<String> committed = committedFits();
        for (String key : store.list("sweeps/")) {
            if (!key.endsWith("/manifest.json")) continue;
            String sweep = key.substring("sweeps/".length(), key.length() - "/manifest.json".length());
            manifest(sweep).ifPresent(m -> out.add(status(m, committed)));
        }
        return out;
    }

    private Map<String, Object> status(SweepManifest manifest, Set<String> committedFits) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sweep", manifest.sweep());
        out.put("dataset", manifest.dataset());
        out.put("submitted_at", manifest.submittedAt());
        out.put("progress", progress(manifest, committedFits));
        out.put("report", store.isCommitted(StoreKeys.report(manifest.sweep())));
        out.put("page", "/sweeps/" + manifest.sweep());
        return out;
    }

    private SweepProgress.Snapshot progress(SweepManifest manifest, Set<String> committedFits) {
        return progress.snapshot(manifest, (int) manifest.fits().stream().filter(f -> committedFits.contains(f.id())).count());
    }

    /** Ids of every committed fit, from one listing rather than a request per planned fit. */
    private Set<String> committedFits() {
        Set<String> ids = new HashSet<>();
        String marker = "/" + ArtifactStore.COMMIT_MARKER;
        for (String key : store.list("fits/")) {
            if (key.endsWith(marker)) ids.add(key.substring("fits/".length(), key.length() - marker.length()));
        }
        return ids;
    }

    private Optional<SweepManifest> manifest(String sweep) {
        return store.find(StoreKeys.sweep(sweep) + "manifest.json").map(b -> Json.fromBytes(b, SweepManifest.class));
    }

    private boolean authorized(HttpExchange exchange) {
        if (token == null) return true;
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && matches(header.substring(7).strip())) {
            return true;
        }
        String cookies = exchange.getRequestHeaders().getFirst("Cookie");
        if (cookies != null) {
            for (String cookie : cookies.split(";")) {
                String c = cookie.strip();
                if (c.startsWith(COOKIE + "=") && matches(c.substring(COOKIE.length() + 1))) return true;
            }
        }
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("access_token=")) {
                    String given = java.net.URLDecoder.decode(pair.substring("access_token=".length()), StandardCharsets.UTF_8);
                    if (matches(given)) {
                        exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + given
                                + "; Path=/; HttpOnly; SameSite=Strict");
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private static String contentType(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        if (f.endsWith(".png")) return "image/png";
        if (f.endsWith(".svg")) return "image/svg+xml";
        if (f.endsWith(".json")) return "application/json";
        if (f.endsWith(".csv")) return "text/csv; charset=utf-8";
        if (f.endsWith(".html")) return "text/html; charset=utf-8";
        return "application/octet-stream";
    }
}
