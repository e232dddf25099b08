package dev.engram.bench;

import dev.engram.chat.AssembledPrompt;
import dev.engram.chat.MemoryCandidate;
import dev.engram.chat.PromptAssembler;
import dev.engram.chat.PromptBudget;
import dev.engram.chat.Prompts;
import dev.engram.chat.RelevantMemory;
import dev.engram.embedding.Embedder;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import dev.engram.memory.SessionId;
import dev.engram.memory.TokenCounter;
import dev.engram.memory.UserId;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Measures the memory work before a model call — retrieve and assemble — for a user with many
 * facts and summaries, on the product's real store, retriever and assembler. Reports the median
 * and p95, with and without embedding the message.
 */
public final class PromptBench {
    private static final String[] TOPICS = {"hiking", "cooking", "chess", "guitar", "running", "painting", "python",
        "gardening", "photography", "travel", "yoga", "cycling", "baking", "poetry", "astronomy", "sailing"};
    private static final String[] PLACES = {"Leeds", "Berlin", "Lisbon", "Osaka", "Denver", "Nairobi", "Quito", "Oslo"};

    /** The measured figures, in microseconds. */
    public record Result(int facts, int summaries, int iterations, long medianMicros, long p95Micros,
                         long medianWithEmbeddingMicros, long p95WithEmbeddingMicros, double memoryTokens) {}

    private final MemoryStore store;
    private final RelevantMemory memory;
    private final Embedder embedder;
    private final TokenCounter tokens;

    public PromptBench(MemoryStore store, RelevantMemory memory, Embedder embedder, TokenCounter tokens) {
        this.store = store;
        this.memory = memory;
        this.embedder = embedder;
        this.tokens = tokens;
    }

    /** Fills a fresh user's memory, then times {@code iterations} retrieve-and-assemble runs. */
    public Result run(int facts, int summaries, int iterations, PrintStream progress) {
        UserId user = new UserId("bench-prompt-" + System.nanoTime());
        Random random = new Random(42);
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        progress.println("writing " + facts + " facts and " + summaries + " summaries (embedding each once)...");
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < facts; i++) {
            statements.add("Fact " + i + ": likes " + TOPICS[random.nextInt(TOPICS.length)] + " with friends in "
                    + PLACES[random.nextInt(PLACES.length)] + " on " + (i % 7 == 0 ? "weekends" : "weekday evenings") + ".");
        }
        List<float[]> vectors = embedder == null ? null : embedder.embedAll(statements);
        for (int i = 0; i < facts; i++) {
            String key = i < 8 ? "slot_" + i : null;
            store.addFact(user, new NewFact(statements.get(i), key, Provenance.NONE, 0.9, t0.plusSeconds(i * 3600L),
                    vectors == null ? null : vectors.get(i)));
        }
        for (int i = 0; i < summaries; i++) {
            String text = "Session " + i + ": talked about " + TOPICS[i % TOPICS.length] + " and a trip to "
                    + PLACES[i % PLACES.length] + "; decided to follow up next week.";
            store.addSummary(user, SessionId.random(), text, t0.plusSeconds(i * 86_400L),
                    embedder == null ? null : embedder.embed(text));
        }
        PromptAssembler assembler = new PromptAssembler(Prompts.load("chat-system"), tokens);
        PromptBudget budget = new PromptBudget(400, 3000, 1024);
        String[] queries = new String[64];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = "Any ideas for " + TOPICS[i % TOPICS.length] + " near " + PLACES[i % PLACES.length] + " this weekend?";
        }
        List<float[]> queryVectors = embedder == null ? null : Arrays.stream(queries).map(embedder::embedQuery).toList();
        progress.println("warming up...");
        for (int i = 0; i < Math.max(200, iterations / 5); i++) {
            once(user, assembler, budget, queries[i % queries.length], queryVectors == null ? null : queryVectors.get(i % queries.length));
        }
        long[] plain = new long[iterations];
        long[] embedded = new long[iterations];
        double memTokens = 0;
        for (int i = 0; i < iterations; i++) {
            String q = queries[i % queries.length];
            long a = System.nanoTime();
            AssembledPrompt p = once(user, assembler, budget, q, queryVectors == null ? null : queryVectors.get(i % queries.length));
            long b = System.nanoTime();
            once(user, assembler, budget, q, embedder == null ? null : embedder.embedQuery(q));
            long c = System.nanoTime();
            plain[i] = (b - a) / 1_000;
            embedded[i] = (c - b) / 1_000;
            memTokens += p.memoryTokens();
        }
        store.erase(user);
        Arrays.sort(plain);
        Arrays.sort(embedded);
        return new Result(facts, summaries, iterations, plain[iterations / 2], plain[(int) (iterations * 0.95)],
                embedded[iterations / 2], embedded[(int) (iterations * 0.95)], memTokens / iterations);
    }

    private AssembledPrompt once(UserId user, PromptAssembler assembler, PromptBudget budget, String query, float[] vector) {
        List<MemoryCandidate> pinned = memory.pinned(user);
        List<MemoryCandidate> found = memory.find(user, null, query, vector, 24);
        return assembler.assemble("bench", budget, pinned, found, List.of(), query);
    }
}
