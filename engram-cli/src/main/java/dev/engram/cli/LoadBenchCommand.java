package dev.engram.cli;

import dev.engram.app.Config;
import dev.engram.app.Wiring;
import dev.engram.bench.LoadBench;
import dev.engram.bench.LoadBenchModel;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code engram bench load}: turns per second and server-side latency of the HTTP API on SQLite
 * and PostgreSQL, with an in-process fake model that answers at once ({@link LoadBenchModel}), so
 * that only the server and the store are timed.
 * PostgreSQL runs in a fresh schema that is dropped afterwards.
 */
@Command(name = "load", description = "Sustained turns/s and server-side p50/p99 of the HTTP API with a zero-latency fake model.")
final class LoadBenchCommand implements Callable<Integer> {
    @Option(names = "--db", defaultValue = "both", description = "sqlite, postgres or both (default ${DEFAULT-VALUE}).")
    String db;

    @Option(names = "--postgres-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
            description = "PostgreSQL server to use (default ${DEFAULT-VALUE}).")
    String postgresUrl;

    @Option(names = "--clients", defaultValue = "32", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--users", defaultValue = "200", description = "Distinct users (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--warmup", defaultValue = "10", description = "Warm-up seconds (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seconds", defaultValue = "30", description = "Measured seconds (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--rate", defaultValue = "0",
            description = "Turns per second to send on a fixed schedule; 0 sends each client's next turn when the last is answered (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--sqlite-sync", defaultValue = "full",
            description = "SQLite's synchronous setting: full, normal or both, each run in turn (default ${DEFAULT-VALUE}).")
    String sqliteSync;

    @Option(names = "--embedder", defaultValue = "none", description = "none, e5 or minilm (default ${DEFAULT-VALUE}).")
    String embedder;

    @Override
    public Integer call() throws Exception {
        List<String> backends = switch (db) {
            case "sqlite" -> List.of("sqlite");
            case "postgres" -> List.of("postgres");
            case "both" -> List.of("sqlite", "postgres");
            default -> throw new IllegalArgumentException("--db must be sqlite, postgres or both, was '" + db + "'");
        };
        List<String> syncs = switch (sqliteSync) {
            case "full", "normal" -> List.of(sqliteSync);
            case "both" -> List.of("full", "normal");
            default -> throw new IllegalArgumentException("--sqlite-sync must be full, normal or both, was '" + sqliteSync + "'");
        };
        LoadBench.Options options = new LoadBench.Options(clients, users, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds), rate);
        PrintStream out = MemoryCommand.stdout();
        List<LoadBench.Result> results = new ArrayList<>();
        for (String backend : backends) {
            if (backend.equals("sqlite")) {
                for (String sync : syncs) {
                    results.add(runSqlite(options, sync));
                }
            } else {
                results.add(runPostgres(options));
            }
        }
        out.printf("bench load: %d clients, %d users, embedder %s, %d cores, in-process zero-latency fake model%n", clients, users, embedder,
                Runtime.getRuntime().availableProcessors());
        results.forEach(r -> out.println(r.line()));
        return 0;
    }

    private LoadBench.Result runSqlite(LoadBench.Options options, String sync) throws Exception {
        Path home = Files.createTempDirectory("engram-bench-load");
        return run("sqlite (synchronous=" + sync.toUpperCase(java.util.Locale.ROOT) + ")", home, null, sync, options);
    }

    private LoadBench.Result runPostgres(LoadBench.Options options) throws Exception {
        String schema = "engram_bench_" + Long.toHexString(System.nanoTime());
        execute(postgresUrl, "CREATE SCHEMA " + schema);
        try {
            String url = postgresUrl + (postgresUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            return run("postgres", Files.createTempDirectory("engram-bench-load"), url, "full", options);
        } finally {
            execute(postgresUrl, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private LoadBench.Result run(String backend, Path home, String dbUrl, String sync, LoadBench.Options options)
            throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("ENGRAM_HOME", home.toString());
        env.put("ENGRAM_SQLITE_SYNCHRONOUS", sync);
        env.put("ENGRAM_EMBEDDER", embedder);
        if (dbUrl == null) {
            env.remove("ENGRAM_DB_URL");
        } else {
            env.put("ENGRAM_DB_URL", dbUrl);
        }
        try (Wiring wiring = Wiring.withModel(Config.fromEnv(env), new LoadBenchModel())) {
            LoadBench bench = new LoadBench(wiring.chat(), wiring.memory(), wiring.store().jobs(), wiring.tenants());
            return bench.run(backend, options, System.err);
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
