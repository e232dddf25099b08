package dev.engram.spi;

import dev.engram.memory.MemoryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Opens a {@link MemoryStore} for a database URL; found with {@link java.util.ServiceLoader}. */
public interface StoreProvider {
    /**
     * Whether this provider opens {@code url}; a null url means the default: a file database in the
     * Engram home directory.
     */
    boolean accepts(String url);

    /**
     * Opens (and migrates) the store.
     *
     * @param home Engram's private directory, for a file database and its exports
     * @param options store settings by name, e.g. {@code sqlite.synchronous=full}; unknown names are refused
     */
    MemoryStore open(String url, Path home, Clock clock, Map<String, String> options);
}
