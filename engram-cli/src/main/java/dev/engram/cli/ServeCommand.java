package dev.engram.cli;

import dev.engram.app.Config;
import dev.engram.app.Wiring;
import dev.engram.server.ApiServer;
import dev.engram.server.ServerSettings;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code engram serve [--port 8080] [--host 127.0.0.1]}: the HTTP API. Prints the address it
 * listens on as {@code engram: serving on http://HOST:PORT}; stops on SIGINT/SIGTERM, finishing the
 * memory jobs it can within a few seconds (the rest stay queued for the next start).
 */
@Command(name = "serve", description = "Serve the HTTP API (tenants authenticate with keys from 'engram keys create').")
final class ServeCommand implements Callable<Integer> {
    private static final Duration DRAIN = Duration.ofSeconds(10);

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--max-body-bytes", defaultValue = "65536", description = "Largest request body (default ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Override
    public Integer call() throws InterruptedException {
        Config config = Config.fromEnv(System.getenv());
        ServerSettings defaults = ServerSettings.defaults(host, port);
        String metricsToken = System.getenv("ENGRAM_METRICS_TOKEN");
        ServerSettings settings = new ServerSettings(host, port, maxBodyBytes, defaults.maxLiveSessions(), defaults.maxListLimit(),
                metricsToken == null || metricsToken.isBlank() ? null : metricsToken.strip(), config.idleTimeout());
        CountDownLatch stopped = new CountDownLatch(1);
        try (Wiring wiring = new Wiring(config)) {
            ApiServer server = wiring.apiServer(settings);
            // On SIGTERM: stop taking requests, then let the main thread finish jobs and close the store.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                awaitQuietly(stopped);
            }, "engram-serve-shutdown"));
            server.start();
            MemoryCommand.stdout().println("engram: serving on http://" + host + ":" + server.port());
            server.join();
            wiring.finishPendingWork(DRAIN);
            return 0;
        } finally {
            stopped.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(DRAIN.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
