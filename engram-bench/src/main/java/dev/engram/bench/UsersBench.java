package dev.engram.bench;

import dev.engram.Engram;
import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.UserId;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Whether per-user state stays bounded as users come and go: fills {@code users} users with a few
 * facts and turns each (random unit vectors as embeddings, so indexes weigh what e5's would), then
 * asks for each user's memory block in turn, as one turn each, and samples the heap after a full
 * collection every {@code users / 10} users. With the bounded index cache the heap levels off; with
 * an unbounded one it grows with the users served.
 */
public final class UsersBench {
    /** One heap sample: after how many users, the heap used after a GC, and the cache's own figures. */
    public record Sample(int users, long heapBytes, long cachedUsers, long cachedIndexBytes) {}

    private final Engram engram;
    private final int dimensions;

    /** @param dimensions the length of the stored vectors (384 for e5-small and MiniLM) */
    public UsersBench(Engram engram, int dimensions) {
        this.engram = engram;
        this.dimensions = dimensions;
    }

    /** Fills the users, then serves one memory block per user; returns the heap samples. */
    public List<Sample> run(int users, int factsPerUser, int turnsPerUser, PrintStream progress) {
        Random random = new Random(42);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int u = 0; u < users; u++) {
            UserId user = UserId.of("user-" + u);
            for (int i = 0; i < factsPerUser; i++) {
                engram.store().addFact(user, new NewFact("User " + u + " fact " + i + " about hiking in the hills near town " + (i % 7),
                        null, Provenance.NONE, 1, t0, vector(random)));
            }
            SessionId session = new SessionId("s-" + u);
            for (int i = 0; i < turnsPerUser; i++) {
                engram.store().appendTurn(user, session, i % 2 == 0 ? Role.USER : Role.ASSISTANT,
                        "Turn " + i + " of user " + u + ": we talked about the weekend and the weather", t0.plusSeconds(i),
                        vector(random), List.of());
            }
            if ((u + 1) % 1000 == 0) {
                progress.printf("filled %d users%n", u + 1);
            }
        }
        MemoryMXBean heap = ManagementFactory.getMemoryMXBean();
        List<Sample> samples = new ArrayList<>();
        int every = Math.max(1, users / 10);
        for (int u = 0; u < users; u++) {
            engram.memoryFor("user-" + u, "what did we say about hiking?");
            if ((u + 1) % every == 0) {
                System.gc();
                samples.add(new Sample(u + 1, heap.getHeapMemoryUsage().getUsed(), engram.indexes().cachedUsers(),
                        engram.indexes().cachedBytes()));
                progress.printf("served %d users%n", u + 1);
            }
        }
        return samples;
    }

    private float[] vector(Random random) {
        float[] v = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
