/**
 * Durable storage of memory: {@link dev.engram.store.JdbcMemoryStore} implements
 * {@link dev.engram.memory.MemoryStore} and {@link dev.engram.memory.JobQueue} over JDBC, with a small
 * {@link dev.engram.store.SqlDialect} per database (SQLite, PostgreSQL) for what really differs, and
 * {@link dev.engram.store.StoreFactory} choosing the database from a JDBC URL. The schemas live in
 * {@code db/migration/sqlite} and {@code db/migration/postgres} and are applied with Flyway.
 */
package dev.engram.store;
