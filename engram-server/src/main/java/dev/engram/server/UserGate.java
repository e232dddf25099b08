package dev.engram.server;

import dev.engram.memory.UserId;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps an erase apart from writes of the same user in this process: writes share a user's gate,
 * an erase has it alone, so no turn can land between erasing the memory and removing the
 * mapping. Locks are striped by user (a collision only makes two users wait for each other).
 */
final class UserGate {
    private static final int STRIPES = 256;
    private final ReadWriteLock[] locks = new ReadWriteLock[STRIPES];

    UserGate() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantReadWriteLock();
        }
    }

    <T> T write(UserId user, Supplier<T> work) {
        ReadWriteLock lock = lockOf(user);
        lock.readLock().lock();
        try {
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    <T> T erase(UserId user, Supplier<T> work) {
        ReadWriteLock lock = lockOf(user);
        lock.writeLock().lock();
        try {
            return work.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private ReadWriteLock lockOf(UserId user) {
        return locks[Math.floorMod(user.hashCode(), STRIPES)];
    }
}
