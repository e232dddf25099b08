package dev.engram;

import java.util.function.Supplier;

/**
 * A value built on first use, once, even when several threads ask at the same time. Each lazy
 * value has its own lock, so that independent parts can be built in parallel at start-up.
 */
final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private volatile boolean built;
    private T value;

    Lazy(Supplier<T> factory) {
        this.factory = factory;
    }

    @Override
    public T get() {
        if (!built) {
            synchronized (this) {
                if (!built) {
                    value = factory.get();
                    built = true;
                }
            }
        }
        return value;
    }

    /** The value if it was built, else null; never builds it. */
    T ifBuilt() {
        return built ? value : null;
    }
}
