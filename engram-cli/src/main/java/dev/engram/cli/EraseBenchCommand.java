package dev.engram.cli;

import dev.engram.bench.EraseBench;
import dev.engram.store.JdbcMemoryStore;
import dev.engram.store.StoreFactory;
import dev.engram.store.StoreOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code engram bench erase}: the cost of taking erased text off the disk, per erase, per forget and
 * per ordinary write, on stores that scrub (the product) and stores that do not, in one run. SQLite
 * runs in a temporary file, PostgreSQL in a fresh schema that is dropped afterwards.
 */
@Command(name = "erase", description = "Cost of scrubbing erased text off the disk: erase, forget and ordinary writes, with and"
        + " without scrubbing.")
final class EraseBenchCommand implements Callable<Integer> {
    @Option(names = "--db", defaultValue = "both", description = "sqlite, postgres or both (default ${DEFAULT-VALUE}).")
    String db;

    @Option(names = "--postgres-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
            description = "PostgreSQL server to use (default ${DEFAULT-VALUE}).")
    String postgresUrl;

    @Option(names = "--users", defaultValue = "1000", description = "Users filled before timing (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--turns", defaultValue = "50", description = "Turns per user (default ${DEFAULT-VALUE}).")
    int turns;

    @Option(names = "--facts", defaultValue = "20", description = "Facts per user (default ${DEFAULT-VALUE}).")
    int facts;

    @Option(names = "--ops", defaultValue = "300", description = "Appends, edits and forgets timed (default ${DEFAULT-VALUE}).")
    int ops;

    @Option(names = "--erases", defaultValue = "20", description = "Erases timed (default ${DEFAULT-VALUE}).")
    int erases;

    @Override
    public Integer call() throws Exception {
        List<String> backends = switch (db) {
            case "sqlite" -> List.of("sqlite");
            case "postgres" -> List.of("postgres");
            case "both" -> List.of("sqlite", "postgres");
            default -> throw new IllegalArgumentException("--db must be sqlite, postgres or both, was '" + db + "'");
        };
        if (users < 1 || turns < 1 || facts < 2 || ops < 1 || erases < 1) {
            throw new IllegalArgumentException("--users, --turns, --ops and --erases must be at least 1, --facts at least 2");
        }
        List<EraseBench.Result> results = new ArrayList<>();
        for (String backend : backends) {
            for (boolean scrub : new boolean[] {true, false}) {
                results.add(run(backend, new StoreOptions(StoreOptions.SqliteSync.FULL, scrub)));
            }
        }
        PrintStream out = MemoryCommand.stdout();
        out.printf("bench erase: %d cores; SQLite with synchronous=FULL; times include the scrub where it is on%n",
                Runtime.getRuntime().availableProcessors());
        results.forEach(r -> out.println(r.lines()));
        return 0;
    }

    private EraseBench.Result run(String backend, StoreOptions options) throws Exception {
        String label = backend + (options.scrubErased() ? " scrubbing (product)" : " not scrubbing");
        if (backend.equals("sqlite")) {
            Path home = Files.createTempDirectory("engram-bench-erase");
            try (JdbcMemoryStore store = StoreFactory.open(null, home, Clock.systemUTC(), options)) {
                return new EraseBench(store).run(label, users, turns, facts, ops, erases, System.err);
            }
        }
        String schema = "engram_bench_" + Long.toHexString(System.nanoTime());
        execute("CREATE SCHEMA " + schema);
        try (JdbcMemoryStore store = StoreFactory.open(postgresUrl + (postgresUrl.contains("?") ? "&" : "?")
                + "currentSchema=" + schema, null, Clock.systemUTC(), options)) {
            return new EraseBench(store).run(label, users, turns, facts, ops, erases, System.err);
        } finally {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgresUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
