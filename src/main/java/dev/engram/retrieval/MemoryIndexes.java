package dev.engram.retrieval;

import dev.engram.memory.MemoryStore;
import dev.engram.memory.UserId;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A cache of per-user search indexes kept current with the store. Each lookup compares the
 * store's {@link MemoryStore#revision} with the revision the cached index reflects and reloads
 * the user's memory when they differ (a fact was changed, another process wrote). The in-process
 * writer can instead {@link #append} what it just wrote, which costs one item, not a reload.
 * Thread safe.
 */
public final class MemoryIndexes {
    private final MemoryStore store;
    private final ConcurrentMap<UserId, UserIndex> indexes = new ConcurrentHashMap<>();

    public MemoryIndexes(MemoryStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The current index of the user's memory, loading it from the store when stale or absent. */
    UserIndex index(UserId user) {
        long revision = store.revision(user);
        UserIndex cached = indexes.get(user);
        if (cached != null && cached.revision() == revision) {
            return cached;
        }
        return indexes.compute(user, (u, current) -> {
            if (current != null && current.revision() == revision) {
                return current;
            }
            UserIndex fresh = new UserIndex(revision);
            fresh.addAll(MemoryItems.load(store, u));
            return fresh;
        });
    }

    /**
     * Adds an item the caller has just written. When the cached index reflects
     * {@code revisionBefore} (nothing else changed in between) the item is appended and the index
     * then reflects {@code revisionAfter}; otherwise the cached index is dropped and the next
     * lookup reloads. Only appends: a changed or invalidated fact needs no call, the revision
     * check reloads it.
     */
    public void append(UserId user, MemoryItem item, long revisionBefore, long revisionAfter) {
        Objects.requireNonNull(item, "item");
        indexes.compute(user, (u, current) -> {
            if (current == null) {
                return null;
            }
            if (current.revision() != revisionBefore) {
                return null;
            }
            current.add(item, revisionAfter);
            return current;
        });
    }

    /** Forgets the user's cached index (e.g. after erasing the user). */
    public void evict(UserId user) {
        indexes.remove(user);
    }
}
