package dev.engram.store;

import dev.engram.memory.MemoryStore;
import dev.engram.spi.StoreProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * SQLite ({@code jdbc:sqlite:FILE}, and the default file in the Engram home) and PostgreSQL
 * ({@code jdbc:postgresql://...}) for {@link dev.engram.Engram#builder()}. Options: {@code
 * sqlite.synchronous} ({@code full}, the default, or {@code normal}).
 */
public final class JdbcStoreProvider implements StoreProvider {
    @Override
    public boolean accepts(String url) {
        // Every jdbc: URL, so that another database's URL gets StoreFactory's message naming the two it takes.
        return url == null || url.startsWith("jdbc:");
    }

    @Override
    public MemoryStore open(String url, Path home, Clock clock, Map<String, String> options) {
        StoreOptions storeOptions = StoreOptions.defaults();
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (!option.getKey().equals("sqlite.synchronous")) {
                throw new IllegalArgumentException("unknown store option '" + option.getKey() + "': the JDBC stores know sqlite.synchronous");
            }
            storeOptions = storeOptions.withSqliteSync(StoreOptions.SqliteSync.parse(option.getValue()));
        }
        return StoreFactory.open(url, home, clock, storeOptions);
    }
}
