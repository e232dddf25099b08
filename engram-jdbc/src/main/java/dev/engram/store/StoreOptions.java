package dev.engram.store;

import java.util.Locale;
import java.util.Objects;

/**
 * How a store trades durability for write speed.
 *
 * @param sqliteSync SQLite's {@code synchronous} setting in WAL mode: {@link SqliteSync#FULL}
 *     (the default) syncs the log on every commit, so an acknowledged write survives a power cut;
 *     {@link SqliteSync#NORMAL} syncs only at checkpoints, faster, and a power cut (not a crash of
 *     the process) can lose the last commits. PostgreSQL ignores it.
 * @param scrubErased true (the default) to take erased and forgotten text off the disk (SQLite's
 *     {@code secure_delete} and a WAL truncation, PostgreSQL's {@code VACUUM FULL}); false only to
 *     measure what that costs ({@code engram bench erase}), never where erase must erase
 */
public record StoreOptions(SqliteSync sqliteSync, boolean scrubErased) {
    /** SQLite's {@code synchronous} modes that Engram offers. */
    public enum SqliteSync {
        FULL,
        NORMAL;

        /** Parses {@code full} or {@code normal}, in any case. */
        public static SqliteSync parse(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "full" -> FULL;
                case "normal" -> NORMAL;
                default -> throw new IllegalArgumentException(
                        "ENGRAM_SQLITE_SYNCHRONOUS must be 'full' (the default: no acknowledged write is lost on a power cut)"
                                + " or 'normal' (faster; a power cut can lose the last commits), was '" + value + "'");
            };
        }
    }

    public StoreOptions {
        Objects.requireNonNull(sqliteSync, "sqliteSync must not be null");
    }

    /** Durable ({@code synchronous=FULL}) and scrubbing erased text. */
    public static StoreOptions defaults() {
        return new StoreOptions(SqliteSync.FULL, true);
    }

    /** These options with another {@code synchronous} setting. */
    public StoreOptions withSqliteSync(SqliteSync sync) {
        return new StoreOptions(sync, scrubErased);
    }
}
