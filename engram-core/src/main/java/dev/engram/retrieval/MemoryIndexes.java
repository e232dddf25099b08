package dev.engram.retrieval;

import dev.engram.memory.MemoryStore;
import dev.engram.memory.Revisions;
import dev.engram.memory.UserId;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A cache of per-user search indexes kept current with the store. Each lookup reads the user's
 * {@link MemoryStore#revisions}. When only turns were written since the index was built (the memory
 * revision is unchanged), it catches up in place with {@link MemoryStore#turnsChangedSince}: new
 * turns are appended and turns whose embedding arrived are replaced. Any other write (a fact, an
 * entity, a summary, an erase, in any process) reloads the user's memory. Thread safe.
 */
public final class MemoryIndexes {
    private final MemoryStore store;
    private final ConcurrentMap<UserId, UserIndex> indexes = new ConcurrentHashMap<>();

    public MemoryIndexes(MemoryStore store) {
        this.store = Objects.requireNonNull(store, "store");
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

    /** Forgets the user's cached index (e.g. after erasing the user). */
    public void evict(UserId user) {
        indexes.remove(user);
    }
}
