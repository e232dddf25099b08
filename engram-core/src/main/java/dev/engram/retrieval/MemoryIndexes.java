package dev.engram.retrieval;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.engram.memory.MemoryReader;
import dev.engram.memory.Revisions;
import dev.engram.memory.UserId;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;

/**
 * A cache of per-user search indexes kept current with the store. Each lookup reads the user's
 * {@link MemoryReader#revisions}. When only turns were written since the index was built (the memory
 * revision is unchanged), it catches up in place with {@link MemoryReader#turnsChangedSince}: new
 * turns are appended and turns whose embedding arrived are replaced. Any other write (a fact, an
 * entity, a summary, an erase, in any process) reloads the user's memory.
 *
 * <p>The cache is bounded by weight (roughly the bytes its indexes hold, {@link #DEFAULT_MAX_BYTES}
 * unless told otherwise): the least recently used user's index is dropped first, and rebuilt from
 * the store on that user's next turn. Thread safe.
 */
public final class MemoryIndexes {
    /** The default bound of the cache: 256 MiB of indexes, some thousands of active users. */
    public static final long DEFAULT_MAX_BYTES = 256L << 20;

    private final MemoryReader store;
    private final Cache<UserId, UserIndex> cache;
    private final ConcurrentMap<UserId, UserIndex> indexes;

    public MemoryIndexes(MemoryReader store) {
        this(store, DEFAULT_MAX_BYTES);
    }

    /** @param maxBytes the bound of the cache, in (approximate) bytes of index */
    public MemoryIndexes(MemoryReader store, long maxBytes) {
        this.store = Objects.requireNonNull(store, "store");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("the index cache bound must be positive, was " + maxBytes);
        }
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((UserId user, UserIndex index) -> (int) Math.min(Integer.MAX_VALUE, index.approximateBytes()))
                .executor(Runnable::run)
                .build();
        this.indexes = cache.asMap();
    }

    /** How many users' indexes are cached now (after pending evictions). */
    public long cachedUsers() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** The approximate bytes the cached indexes hold now. */
    public long cachedBytes() {
        cache.cleanUp();
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    /** The current index of the user's memory, loading it from the store when stale or absent. */
    UserIndex index(UserId user) {
        Revisions now = store.revisions(user);
        UserIndex cached = indexes.get(user);
        if (cached != null && cached.revision() == now.all()) {
            return cached;
        }
        return indexes.compute(user, (u, current) -> {
            if (current != null && current.revision() == now.all()) {
                return current;
            }
            if (current != null && now.all() > current.revision() && now.memory() == current.memoryRevision()) {
                // Only turns changed: add the new ones and the embeddings that arrived, no reload.
                current.catchUp(store.turnsChangedSince(u, current.revision()).stream().map(MemoryItems::of).toList(),
                        now.all());
                return current;
            }
            UserIndex fresh = new UserIndex(now.all(), now.memory());
            fresh.addAll(MemoryItems.load(store, u));
            return fresh;
        });
    }

    /** Forgets the user's cached index; a later lookup reloads it from the store. */
    public void evict(UserId user) {
        indexes.remove(user);
    }
}
