package io.encodingfarm.core.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Health and metrics over HTTP at Quarkus' paths ({@code /q/health}, {@code /q/health/live},
 * {@code /q/health/ready}, {@code /q/metrics}) so probes and scrapers need no per-service setup.
 */
public final class ServiceEndpoint implements AutoCloseable {
    private final HttpServer server;

    public ServiceEndpoint(String service, String host, int port, FarmMetrics metrics, BooleanSupplier ready)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, service + "-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/q/health/live", exchange -> health(exchange, service, true));
        server.createContext("/q/health/ready", exchange -> health(exchange, service, ready.getAsBoolean()));
        server.createContext("/q/health", exchange -> health(exchange, service, ready.getAsBoolean()));
        server.createContext("/q/metrics", exchange ->
                respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.start();
    }

    /** Serves more paths beside health and metrics (the reporter's REST API and pages). */
    public void handle(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, handler);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void health(HttpExchange exchange, String service, boolean up) throws IOException {
        String status = up ? "UP" : "DOWN";
        String body = "{\"status\":\"" + status + "\",\"checks\":[{\"name\":\"" + service + "\",\"status\":\"" + status + "\"}]}";
        respond(exchange, up ? 200 : 503, "application/json", body);
    }

    private static void respond(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
