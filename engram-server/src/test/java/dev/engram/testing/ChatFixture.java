package dev.engram.testing;

import dev.engram.chat.ChatService;
import dev.engram.chat.ChatSettings;
import dev.engram.chat.MemoryPreview;
import dev.engram.chat.PromptAssembler;
import dev.engram.chat.PromptBudget;
import dev.engram.chat.Prompts;
import dev.engram.chat.RetrievedMemory;
import dev.engram.curation.MemoryService;
import dev.engram.llm.anthropic.AnthropicLlmClient;
import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.memory.Job;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.TokenCounter;
import dev.engram.retrieval.HybridRetriever;
import dev.engram.retrieval.MemoryIndexes;
import dev.engram.retrieval.RetrievalMode;
import dev.engram.store.StoreFactory;
import dev.engram.testkit.HashEmbedder;
import dev.engram.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chat loop's real parts for in-process tests: a SQLite store in {@code dir}, the real SDK client
 * (no retries) talking to a fake Messages server, hybrid retrieval with a hashing embedder, and a
 * clock that stands still. No job worker runs: queued jobs stay in the store for the test to see.
 */
public final class ChatFixture implements AutoCloseable {
    /** The chat model name the requests carry. */
    public static final String MODEL = "claude-test";
    /** The chat system instructions, as the product loads them. */
    public static final String INSTRUCTIONS = Prompts.load("chat-system");

    public final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    public final FakeMessagesServer fake = FakeMessagesServer.started();
    public final AnthropicLlmClient llm;
    public final MemoryStore store;
    public final ChatService chat;
    public final MemoryService memory;
    /** The memory block the chat would send, from the same parts as {@link #chat}. */
    public final MemoryPreview preview;
    /** How often the chat loop said it enqueued jobs (it would wake the worker). */
    public final AtomicInteger wakeUps = new AtomicInteger();

    public ChatFixture(Path dir, Duration modelTimeout, int maxMessageChars) {
        llm = new AnthropicLlmClient("test-key", fake.baseUrl(), modelTimeout, 0);
        store = StoreFactory.open("jdbc:sqlite:" + dir.resolve("engram.db"), dir, clock);
        HashEmbedder embedder = new HashEmbedder();
        HybridRetriever retriever = new HybridRetriever(new MemoryIndexes(store), embedder, RetrievalMode.HYBRID);
        PromptAssembler assembler = new PromptAssembler(INSTRUCTIONS, new TokenCounter());
        RetrievedMemory relevant = new RetrievedMemory(store, retriever);
        ChatSettings settings = new ChatSettings(MODEL, new PromptBudget(400, 3000, 512), 24, maxMessageChars);
        chat = new ChatService(store, llm, assembler, relevant, embedder, settings, wakeUps::incrementAndGet, clock);
        preview = new MemoryPreview(relevant, assembler, embedder, settings);
        memory = new MemoryService(store, embedder, clock);
    }

    public ChatFixture(Path dir) {
        this(dir, Duration.ofSeconds(10), 2000);
    }

    /** Every job in the store, oldest first. */
    public List<Job> jobs() {
        return store.jobs().list(List.of(Job.Status.PENDING, Job.Status.RUNNING, Job.Status.DONE, Job.Status.DEAD), 1000);
    }

    @Override
    public void close() {
        store.close();
        llm.close();
        fake.close();
    }
}
