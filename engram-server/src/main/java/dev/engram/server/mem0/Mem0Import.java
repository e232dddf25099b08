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
import java.util.LinkedHashSet;
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
 * Mem0Import.Plan plan = Mem0Import.plan(Files.readString(export), historyDb, UserId.of("alice"), false, Instant.now());
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
     * @param user null: each memory goes to the user it names, and a memory naming none is an error.
     *     Otherwise the memories of this user and those naming no user go to this user; those of other
     *     users are left out and counted in the notes (import them with their own user), unless
     *     {@code asUser}
     * @param asUser every memory goes to {@code user}, whichever user it names, provided the file holds
     *     the memories of one user only (a mem0 user moving to another id)
     * @param now stamps memories the file gives no creation time
     * @throws IllegalArgumentException naming the first problem, or when nothing is left to import;
     *     nothing has been written then
     */
    public static Plan plan(String exportJson, Path historyFile, UserId user, boolean asUser, Instant now) {
        Objects.requireNonNull(exportJson, "exportJson");
        Objects.requireNonNull(now, "now");
        if (asUser && user == null) {
            throw new IllegalArgumentException("--as-user needs --user: the user to import into");
        }
        Mem0Timestamps times = new Mem0Timestamps();
        Mem0ExportFile.Parsed parsed = Mem0ExportFile.read(exportJson, times, now);
        if (parsed.rows().isEmpty()) {
            throw new IllegalArgumentException("the export holds no memories");
        }
        Map<String, List<Mem0HistoryFile.Change>> history = historyFile == null ? Map.of()
                : Mem0HistoryFile.read(historyFile, times);
        Map<UserId, List<MemoryExport.ExportedFact>> facts = new LinkedHashMap<>();
        Set<UserId> others = new LinkedHashSet<>();
        for (Mem0ExportFile.Row row : parsed.rows()) {
            UserId named = named(row, user);
            UserId owner = user == null ? named : asUser || named == null || named.equals(user) ? user : null;
            if (owner == null) {
                others.add(named);
            } else {
                facts.computeIfAbsent(owner, u -> new ArrayList<>()).add(fact(row, history.get(row.id())));
            }
        }
        List<String> notes = new ArrayList<>(parsed.notes());
        notes.addAll(selectionNotes(parsed, user, asUser, facts, others));
        notes.addAll(historyNotes(parsed, history, historyFile));
        if (times.guessed() > 0) {
            notes.add(times.guessed() + " time(s) had no time zone and were read as UTC");
        }
        Map<UserId, MemoryExport> users = new LinkedHashMap<>();
        facts.forEach((u, list) -> users.put(u, new MemoryExport(MemoryExport.FORMAT_VERSION, u.value(), now, list, List.of(),
                List.of(), List.of())));
        return new Plan(users, notes);
    }

    /** The user a memory names, or null; without {@code user} a memory must name one. */
    private static UserId named(Mem0ExportFile.Row row, UserId user) {
        if (row.userId() == null) {
            if (user == null) {
                throw new IllegalArgumentException(row.where() + " (" + row.id() + ") names no user: give --user to import"
                        + " such memories");
            }
            return null;
        }
        try {
            return UserId.of(row.userId());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(row.where() + " (" + row.id() + ") names the user '"
                    + Mem0Requests.printable(row.userId()) + "', which Engram cannot use: " + e.getMessage()
                    + "; import it with --user ID --as-user");
        }
    }

    private static List<String> selectionNotes(Mem0ExportFile.Parsed parsed, UserId user, boolean asUser,
                                               Map<UserId, List<MemoryExport.ExportedFact>> facts, Set<UserId> others) {
        Set<UserId> named = new LinkedHashSet<>();
        parsed.rows().stream().filter(r -> r.userId() != null).forEach(r -> named.add(UserId.of(r.userId())));
        if (asUser && named.size() > 1) {
            throw new IllegalArgumentException("--as-user imports one user's memories into another id, but the export holds"
                    + " the memories of " + named.size() + " users (" + list(named) + "): import them with --user each");
        }
        if (facts.isEmpty()) {
            throw new IllegalArgumentException("the export holds no memories of user '" + user + "'; it has those of "
                    + list(others) + ": import with --user set to one of them, or add --as-user");
        }
        if (others.isEmpty()) {
            return List.of();
        }
        long left = parsed.rows().size() - facts.values().stream().mapToLong(List::size).sum();
        return List.of(left + " memor" + (left == 1 ? "y" : "ies") + " of other users (" + list(others) + ") left out:"
                + " import them with --user set to each");
    }

    private static String list(Set<UserId> users) {
        return String.join(", ", users.stream().map(UserId::value).toList());
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
