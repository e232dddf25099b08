package dev.engram.bench;

import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.UserId;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What taking erased text off the disk costs: on a store filled with many users, times ordinary
 * writes (appending a turn, editing a fact, which frees the old text's space), forgetting one fact,
 * and erasing a user, each through the real store with whatever scrubbing it was opened with. Run
 * it once on a store that scrubs and once on one that does not to see the difference.
 */
public final class EraseBench {
    private static final String[] WORDS = {"river", "garden", "violin", "harbour", "lantern", "meadow", "copper", "orbit",
        "pepper", "quartz", "saddle", "tundra", "walnut", "yellow", "zephyr", "basalt", "cinder", "falcon"};

    /** The figures of one run, in milliseconds per operation. */
    public record Result(String label, int users, long rows, Timing append, Timing edit, Timing forget, Timing erase) {
        /** One line per operation. */
        public String lines() {
            return String.format(Locale.ROOT, "%s: %d users, %d rows%n  append turn %s%n  edit fact   %s%n  forget fact %s%n"
                    + "  erase user  %s", label, users, rows, append, edit, forget, erase);
        }
    }

    /** Latency of one kind of operation. */
    public record Timing(int count, double meanMillis, double p50Millis, double p95Millis) {
        static Timing of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
            return new Timing(sorted.length, mean, sorted[sorted.length / 2] / 1e6,
                    sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.95) - 1)] / 1e6);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "n=%-4d mean %7.2f ms  p50 %7.2f ms  p95 %7.2f ms", count, meanMillis,
                    p50Millis, p95Millis);
        }
    }

    private final MemoryStore store;

    public EraseBench(MemoryStore store) {
        this.store = store;
    }

    /**
     * Fills {@code users} users with {@code turns} turns and {@code facts} facts each (one import
     * per user), then times {@code ops} appends, edits and forgets and {@code erases} erases.
     */
    public Result run(String label, int users, int turns, int facts, int ops, int erases, PrintStream progress) {
        if (erases > users) {
            throw new IllegalArgumentException("--erases (" + erases + ") must not exceed --users (" + users + ")");
        }
        Random random = new Random(7);
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        progress.printf("%s: filling %d users with %d turns and %d facts each...%n", label, users, turns, facts);
        List<UserId> ids = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            UserId user = new UserId("bench-erase-" + u);
            ids.add(user);
            store.importMemory(user, memory(user, turns, facts, random, t0), text -> null);
        }
        long rows = (long) users * (turns + 2L * facts);
        long[] append = new long[ops];
        long[] edit = new long[ops];
        long[] forget = new long[ops];
        for (int i = 0; i < ops; i++) {
            UserId user = ids.get(random.nextInt(ids.size()));
            long start = System.nanoTime();
            store.appendTurn(user, new SessionId("bench"), Role.USER, sentence(random, 18), t0.plusSeconds(i), null, List.of());
            append[i] = System.nanoTime() - start;
        }
        progress.printf("%s: timing edits and forgets...%n", label);
        for (int i = 0; i < ops; i++) {
            UserId user = ids.get(i % ids.size());
            List<Fact> known = store.facts(user, false);
            Fact edited = known.get(0);
            long start = System.nanoTime();
            store.updateFact(user, edited.id(), sentence(random, 12), null, null, FactChange.Kind.EDITED, Provenance.NONE,
                    t0.plusSeconds(i));
            edit[i] = System.nanoTime() - start;
            Fact forgotten = known.get(known.size() - 1);
            start = System.nanoTime();
            store.forgetFact(user, forgotten.id());
            forget[i] = System.nanoTime() - start;
        }
        progress.printf("%s: timing erases...%n", label);
        long[] erase = new long[erases];
        for (int i = 0; i < erases; i++) {
            long start = System.nanoTime();
            store.erase(ids.get(ids.size() - 1 - i));
            erase[i] = System.nanoTime() - start;
        }
        return new Result(label, users, rows, Timing.of(append), Timing.of(edit), Timing.of(forget), Timing.of(erase));
    }

    private static MemoryExport memory(UserId user, int turns, int facts, Random random, Instant t0) {
        List<MemoryExport.ExportedTurn> log = new ArrayList<>();
        for (int t = 0; t < turns; t++) {
            log.add(new MemoryExport.ExportedTurn((long) t, "s" + t / 10, t % 2 == 0 ? "USER" : "ASSISTANT",
                    sentence(random, 30), t0.plusSeconds(t)));
        }
        List<MemoryExport.ExportedFact> known = new ArrayList<>();
        for (int f = 0; f < facts; f++) {
            Instant at = t0.plusSeconds(f);
            known.add(new MemoryExport.ExportedFact(f, sentence(random, 10), null, "user", null, null, 1.0, at, at, at, null,
                    List.of(new MemoryExport.ExportedChange("ADDED", null, "earlier " + sentence(random, 8), at, null, null))));
        }
        return new MemoryExport(MemoryExport.FORMAT_VERSION, user.value(), t0, known, List.of(), List.of(), log);
    }

    private static String sentence(Random random, int words) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words; i++) {
            s.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return s.append('.').toString();
    }
}
