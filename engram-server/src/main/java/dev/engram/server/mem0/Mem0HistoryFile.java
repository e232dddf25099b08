package dev.engram.server.mem0;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * Reads mem0's history of memory changes from its SQLite file, opened read-only: the
 * {@code history} table of mem0 in Python ({@code ~/.mem0/history.db}; columns read by name, so
 * the older layout with {@code new_value} works too) or the {@code memory_history} table of the
 * TypeScript {@code mem0ai/oss} ({@code previous_value}, {@code new_value}, {@code action}). Rows
 * are ordered as mem0 orders them: by the memory's creation time, then the change's time.
 */
final class Mem0HistoryFile {
    /** One change of one memory. {@code at} is when it happened; {@code newMemory} is null for a delete. */
    record Change(long row, String memoryId, String event, String oldMemory, String newMemory, Instant at) {}

    private record Columns(String table, String old, String value, String fallbackValue, String event) {}

    private Mem0HistoryFile() {}

    /** The changes by memory id, each memory's oldest first. */
    static Map<String, List<Change>> read(Path file, Mem0Timestamps times) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("there is no mem0 history file " + file);
        }
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true); // never create or change the file
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), readOnly.toProperties())) {
            record Dated(Change change, Instant memoryCreated) {}
            List<Dated> changes = new ArrayList<>();
            for (Object[] r : rows(c, columns(c, file))) {
                String where = "history row " + r[0];
                Instant createdAt = r[5] == null ? null : times.parse((String) r[5], where + " created_at");
                Instant updatedAt = r[6] == null ? null : times.parse((String) r[6], where + " updated_at");
                Instant at = updatedAt != null ? updatedAt : createdAt;
                if (r[1] == null || at == null) {
                    throw new IllegalArgumentException(where + " has no memory_id or no time");
                }
                changes.add(new Dated(new Change((Long) r[0], (String) r[1], event((String) r[4], where), (String) r[2],
                        (String) r[3], at), createdAt == null ? at : createdAt));
            }
            changes.sort(Comparator.comparing(Dated::memoryCreated).thenComparing(d -> d.change().at())
                    .thenComparingLong(d -> d.change().row()));
            Map<String, List<Change>> byMemory = new LinkedHashMap<>();
            changes.forEach(d -> byMemory.computeIfAbsent(d.change().memoryId(), id -> new ArrayList<>()).add(d.change()));
            return byMemory;
        } catch (SQLException e) {
            throw new IllegalArgumentException("cannot read " + file + " as mem0's SQLite history: " + e.getMessage());
        }
    }

    private static Columns columns(Connection c, Path file) throws SQLException {
        for (String table : List.of("history", "memory_history")) {
            Set<String> names = new HashSet<>();
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("PRAGMA table_info(" + table + ")")) {
                while (rows.next()) {
                    names.add(rows.getString("name"));
                }
            }
            if (names.isEmpty()) {
                continue;
            }
            Columns columns = table.equals("history")
                    ? new Columns(table, "old_memory", "new_memory", names.contains("new_value") ? "new_value" : null, "event")
                    : new Columns(table, "previous_value", "new_value", null, "action");
            for (String needed : List.of("id", "memory_id", columns.old(), columns.value(), columns.event(), "created_at",
                    "updated_at")) {
                if (!names.contains(needed)) {
                    throw new IllegalArgumentException(file + ": mem0's " + table + " table has no column " + needed);
                }
            }
            return columns;
        }
        throw new IllegalArgumentException(file + " has no mem0 history table (history, or memory_history of mem0ai/oss)");
    }

    /** Each row as {rowid, memory_id, old, new, event, created_at, updated_at}. */
    private static List<Object[]> rows(Connection c, Columns k) throws SQLException {
        String value = k.fallbackValue() == null ? k.value() : "COALESCE(" + k.value() + ", " + k.fallbackValue() + ")";
        String sql = "SELECT rowid, memory_id, " + k.old() + ", " + value + ", " + k.event() + ", created_at, updated_at FROM "
                + k.table();
        List<Object[]> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            while (rows.next()) {
                out.add(new Object[] {rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), rows.getString(7)});
            }
        }
        return out;
    }

    private static String event(String event, String where) {
        if (event == null || !Set.of("ADD", "UPDATE", "DELETE").contains(event.strip().toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException(where + " has the event '" + (event == null ? "" : Mem0Requests.printable(event))
                    + "'; mem0's history has ADD, UPDATE and DELETE");
        }
        return event.strip().toUpperCase(Locale.ROOT);
    }
}
