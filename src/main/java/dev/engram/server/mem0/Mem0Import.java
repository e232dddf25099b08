package dev.engram.server.mem0;

import dev.engram.memory.Attributes;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.UserId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a mem0 export into Engram imports, one per user, validated whole before anything is
 * written: the JSON of mem0's get-all (see {@link Mem0ExportFile} for the shapes) and, when given,
 * mem0's SQLite history file. Each memory becomes a fact with its text, times and metadata, and
 * keeps its mem0 id as its origin id, so that an application that stored mem0 ids can still name
 * it through the mem0 routes. Its history comes across when the history file has it ({@code ADD}
 * is {@code ADDED}, {@code UPDATE} is {@code UPDATED}); a history that does not lead to the
 * exported text is refused, since one of the two files is out of date.
 *
 * <pre>{@code
 * Mem0Import.Plan plan = Mem0Import.plan(Files.readString(export), historyDb, UserId.of("alice"), Instant.now());
 * plan.users().forEach((user, data) -> memory.importMemory(user, data));
 * }</pre>
 */
public final class Mem0Import {
    /**
     * What an import will add, and what it will not keep.
     *
     * @param users each user's memory, by the user id the file or the caller gives, in file order
     * @param notes for the operator: fields Engram has no place for, history left out, guessed times
     */
    public record Plan(Map<UserId, MemoryExport> users, List<String> notes) {
        public Plan {
            users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
            notes = List.copyOf(notes);
        }

        /** How many memories the plan holds. */
        public int memories() {
            return users.values().stream().mapToInt(d -> d.facts().size()).sum();
        }
    }

    private Mem0Import() {}

    /**
     * Reads and checks a mem0 export.
     *
     * @param exportJson the JSON of mem0's get-all
     * @param historyFile mem0's SQLite history file, or null
     * @param user when not null, every memory goes to this user: those that name no user and those
     *     that name this one (a memory naming another user is an error); when null, each memory goes
     *     to the user it names, and a memory naming none is an error
     * @param now stamps memories the file gives no creation time
     * @throws IllegalArgumentException naming the first problem; nothing has been written then
     */
    public static Plan plan(String exportJson, Path historyFile, UserId user, Instant now) {
        Objects.requireNonNull(exportJson, "exportJson");
        Objects.requireNonNull(now, "now");
        Mem0Timestamps times = new Mem0Timestamps();
        Mem0ExportFile.Parsed parsed = Mem0ExportFile.read(exportJson, times, now);
        if (parsed.rows().isEmpty()) {
            throw new IllegalArgumentException("the export holds no memories");
        }
        Map<String, List<Mem0HistoryFile.Change>> history = historyFile == null ? Map.of()
                : Mem0HistoryFile.read(historyFile, times);
        Map<UserId, List<MemoryExport.ExportedFact>> facts = new LinkedHashMap<>();
        for (Mem0ExportFile.Row row : parsed.rows()) {
            facts.computeIfAbsent(owner(row, user), u -> new ArrayList<>()).add(fact(row, history.get(row.id())));
        }
        List<String> notes = new ArrayList<>(parsed.notes());
        notes.addAll(historyNotes(parsed, history, historyFile));
        if (times.guessed() > 0) {
            notes.add(times.guessed() + " time(s) had no time zone and were read as UTC");
        }
        Map<UserId, MemoryExport> users = new LinkedHashMap<>();
        facts.forEach((u, list) -> users.put(u, new MemoryExport(MemoryExport.FORMAT_VERSION, u.value(), now, list, List.of(),
                List.of(), List.of())));
        return new Plan(users, notes);
    }

    private static UserId owner(Mem0ExportFile.Row row, UserId user) {
        if (row.userId() == null) {
            if (user == null) {
                throw new IllegalArgumentException(row.where() + " (" + row.id() + ") names no user: give --user to import"
                        + " such memories");
            }
            return user;
        }
        UserId named;
        try {
            named = UserId.of(row.userId());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(row.where() + " (" + row.id() + ") names the user '"
                    + Mem0Requests.printable(row.userId()) + "', which Engram cannot use: " + e.getMessage()
                    + "; give --user to import the file into one user");
        }
        if (user != null && !user.equals(named)) {
            throw new IllegalArgumentException(row.where() + " (" + row.id() + ") belongs to user '" + named + "', not '" + user
                    + "': leave out --user to import each user's memories into their own user");
        }
        return named;
    }

    private static MemoryExport.ExportedFact fact(Mem0ExportFile.Row row, List<Mem0HistoryFile.Change> changes) {
        return new MemoryExport.ExportedFact(0, row.memory(), null, "user", null, null, 1.0, row.createdAt(), row.updatedAt(),
                row.createdAt(), null, history(row, changes), Attributes.of(row.metadata()), row.id());
    }

    /** The memory's history in Engram's terms; empty without one. */
    private static List<MemoryExport.ExportedChange> history(Mem0ExportFile.Row row, List<Mem0HistoryFile.Change> changes) {
        if (changes == null) {
            return List.of();
        }
        String memory = "memory " + row.id();
        List<MemoryExport.ExportedChange> out = new ArrayList<>();
        String current = null;
        for (Mem0HistoryFile.Change c : changes) {
            String where = memory + ", history row " + c.row();
            String next = c.newMemory() == null ? null : c.newMemory().strip();
            switch (c.event()) {
                case "ADD" -> {
                    if (current != null || next == null) {
                        throw new IllegalArgumentException(where + ": an ADD must come first and carry new_memory");
                    }
                    out.add(new MemoryExport.ExportedChange("ADDED", null, next, c.at(), null, null));
                }
                case "UPDATE" -> {
                    if (current == null || next == null || c.oldMemory() == null || !c.oldMemory().strip().equals(current)) {
                        throw new IllegalArgumentException(where + ": this UPDATE does not follow from the change before it"
                                + " (old_memory should be '" + current + "')");
                    }
                    out.add(new MemoryExport.ExportedChange("UPDATED", current, next, c.at(), null, null));
                }
                default -> throw new IllegalArgumentException(where + ": the history says the memory was deleted, but the"
                        + " export has it: export again, or import without the history file");
            }
            current = next;
        }
        if (!row.memory().equals(current)) {
            throw new IllegalArgumentException(memory + ": its history ends with '" + current + "' but the export says '"
                    + row.memory() + "': export again, or import without the history file");
        }
        return out;
    }

    private static List<String> historyNotes(Mem0ExportFile.Parsed parsed, Map<String, List<Mem0HistoryFile.Change>> history,
                                             Path historyFile) {
        if (historyFile == null) {
            return List.of("no history file given: each memory starts its history at its import");
        }
        Set<String> exported = new HashSet<>();
        parsed.rows().forEach(r -> exported.add(r.id()));
        long otherMemories = history.keySet().stream().filter(id -> !exported.contains(id)).count();
        long otherRows = history.entrySet().stream().filter(e -> !exported.contains(e.getKey()))
                .mapToLong(e -> e.getValue().size()).sum();
        long without = parsed.rows().stream().filter(r -> !history.containsKey(r.id())).count();
        List<String> notes = new ArrayList<>();
        if (otherMemories > 0) {
            notes.add(otherRows + " history row(s) of " + otherMemories + " memor" + (otherMemories == 1 ? "y" : "ies")
                    + " not in the export were left out (deleted in mem0, or not exported)");
        }
        if (without > 0) {
            notes.add(without + " memor" + (without == 1 ? "y has" : "ies have") + " no history in the history file");
        }
        return notes;
    }
}
