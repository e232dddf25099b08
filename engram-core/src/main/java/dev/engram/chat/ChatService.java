package dev.engram.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.engram.embedding.Embedder;
import dev.engram.extraction.MemoryUpdater;
import dev.engram.llm.ChatMessage;
import dev.engram.llm.ChatReply;
import dev.engram.llm.LlmClient;
import dev.engram.llm.ReplyStop;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.NewJob;
import dev.engram.memory.NewTurn;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.StorableText;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The turn pipeline, in two public halves that an embedding application can also call on their
 * own: {@link #memoryFor} (retrieve the user's memory for a message and render the memory block,
 * no model call) and {@link #recordExchange} (log a user message and its reply, queue extraction).
 * {@link #send} is built from the same steps: check the message, record it, retrieve memory,
 * assemble the prompt with the session's history, stream Claude's reply, record the reply with its
 * extraction job, and wake the background worker. Memory work never runs here: the user does not
 * wait for it.
 *
 * <p>Turns of one user are serialized (two tabs cannot interleave a turn); turns of different users
 * run in parallel. The per-user locks are held weakly: a user with no turn under way holds none.
 * Thread safe.
 */
public final class ChatService {
    /** Follows the text of a reply the user stopped, in the session and in the turn log. */
    public static final String STOPPED_MARK = " [reply stopped by the user]";

    private final MemoryStore store;
    private final LlmClient llm;
    private final PromptAssembler assembler;
    private final RelevantMemory memory;
    private final Embedder embedder;
    private final ChatSettings settings;
    private final Runnable jobsEnqueued;
    private final Clock clock;
    private final MemoryPreview preview;
    // Weak values: a lock lives while some turn holds or waits for it, so the map cannot grow with every user ever seen.
    private final Cache<UserId, ReentrantLock> locks = Caffeine.newBuilder().weakValues().build();

    /**
     * @param embedder embeds each message once, as a search query; may be null
     * @param jobsEnqueued called after jobs were enqueued, e.g. to wake a worker
     */
    public ChatService(MemoryStore store, LlmClient llm, PromptAssembler assembler, RelevantMemory memory,
                       Embedder embedder, ChatSettings settings, Runnable jobsEnqueued, Clock clock) {
        this.store = store;
        this.llm = llm;
        this.assembler = assembler;
        this.memory = memory;
        this.embedder = embedder;
        this.settings = settings;
        this.jobsEnqueued = jobsEnqueued;
        this.clock = clock;
        this.preview = new MemoryPreview(memory, assembler, embedder, settings);
    }

    /** Starts a new session for the user. */
    public ChatSession open(UserId user) {
        return new ChatSession(user, SessionId.random(), clock.instant());
    }

    /**
     * Rebuilds a session from the turn log (a server resuming a conversation by id). A session
     * with no stored turns starts empty.
     */
    public ChatSession resume(UserId user, SessionId id) {
        ChatSession session = new ChatSession(user, id, clock.instant());
        for (Turn t : store.sessionTurns(user, id)) {
            session.add(t.role() == Role.USER ? ChatMessage.user(t.text()) : ChatMessage.assistant(t.text()), t.id());
            session.markRecorded();
        }
        return session;
    }

    /**
     * Runs one turn, passing reply text to {@code onText} as it streams.
     *
     * @throws IllegalArgumentException when the message is empty or too long (nothing is stored)
     * @throws dev.engram.llm.LlmException when the model fails; the user's message stays in the turn log
     */
    public TurnResult send(ChatSession session, String message, Consumer<String> onText) {
        return send(session, message, onText, new ReplyStop());
    }

    /**
     * Runs one turn that {@code stop} can cut short (Ctrl-C in the chat). A stopped reply is kept
     * as far as it arrived, with {@link #STOPPED_MARK} after it, in the session and in the turn log,
     * and its extraction job is queued as for any reply.
     *
     * @throws IllegalArgumentException when the message is empty or too long (nothing is stored)
     * @throws dev.engram.llm.LlmException when the model fails; the user's message stays in the turn log
     */
    public TurnResult send(ChatSession session, String message, Consumer<String> onText, ReplyStop stop) {
        String text = check(message);
        ReentrantLock lock = locks.get(session.user(), u -> new ReentrantLock());
        lock.lock();
        try {
            return turn(session, text, onText, stop);
        } finally {
            lock.unlock();
        }
    }

    private TurnResult turn(ChatSession session, String text, Consumer<String> onText, ReplyStop stop) {
        long start = System.nanoTime();
        UserId user = session.user();
        // Only the query form is computed here; the turn's stored embedding is written by its extraction job.
        float[] query = embedder == null ? null : embedder.embedQuery(text);
        Turn userTurn = null;
        if (!session.incognito()) {
            userTurn = recordMessage(user, session.id(), text);
            session.markRecorded();
        }
        Selection selected = select(user, session.id(), text, query);
        AssembledPrompt prompt = assembler.assemble(settings.model(), settings.budget(), selected.pinned(), selected.relevant(),
                session.history(), text);
        long prepared = System.nanoTime();
        // Kept even if the model fails, as in the turn log: the next prompt carries the unanswered message.
        session.add(ChatMessage.user(text), userTurn == null ? null : userTurn.id());
        session.touch(clock.instant());
        ChatReply reply = llm.chat(prompt.request(), onText, stop);
        long answered = System.nanoTime();
        // A model could send a NUL or a lone surrogate escape; nobody can resend its reply, so it is cleaned, not refused.
        String cleaned = StorableText.clean(reply.text());
        // Kept with a mark, so that the model (and the user reading the log) knows the reply was cut short.
        String replyText = reply.stopped() ? (cleaned.strip() + STOPPED_MARK).strip() : cleaned;
        Long replyId = userTurn == null ? null : recordReply(user, session.id(), userTurn.id(), replyText).id();
        session.add(ChatMessage.assistant(replyText), replyId);
        session.touch(clock.instant());
        return new TurnResult(replyText, reply.usage(), prompt.memoryTokens(), prompt.included(),
                (prepared - start) / 1_000, (answered - prepared) / 1_000_000, reply.stopped());
    }

    /**
     * The memory block for {@code message}: the user's pinned memory (core facts, latest summaries)
     * and what retrieval finds relevant, rendered within the memory budget as the chat would put it
     * into the system prompt. No model is called and nothing is stored. With no message (null or
     * blank), the pinned memory only.
     *
     * @param session the conversation the message belongs to, whose own turns are left out (they
     *     are in the conversation already); null for none
     * @throws IllegalArgumentException when the message is longer than the chat accepts or cannot be stored
     */
    public MemoryBlock memoryFor(UserId user, SessionId session, String message) {
        return preview.memoryBlock(user, session, message);
    }

    /**
     * Records an exchange that happened elsewhere (an application calling its own model): the
     * user's message and the reply go into the turn log together, in one transaction with the
     * extraction job, and the worker is woken. The reply is cleaned as a model's reply is.
     *
     * @return the two stored turns, the user's first
     * @throws IllegalArgumentException when the message is empty, too long or cannot be stored
     */
    public List<Turn> recordExchange(UserId user, SessionId session, String message, String reply) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(session, "session");
        String text = check(message);
        String replyText = StorableText.clean(Objects.requireNonNull(reply, "reply"));
        // One transaction, so no per-user lock: it would only wait behind that user's chat turn and its model call.
        List<Turn> stored = store.appendTurns(user, session, List.of(new NewTurn(Role.USER, text, clock.instant()),
                new NewTurn(Role.ASSISTANT, replyText, clock.instant())), turns -> List.of(
                new NewJob(MemoryUpdater.EXTRACT, MemoryUpdater.extractPayload(session, turns.get(0).id()))));
        jobsEnqueued.run();
        return stored;
    }

    /**
     * The first half of {@link #recordExchange} for an application that records the user's message
     * before its model answers (so that a failed call keeps it): stores the message, queues nothing.
     *
     * @throws IllegalArgumentException when the message is empty, too long or cannot be stored
     */
    public Turn recordMessage(UserId user, SessionId session, String message) {
        return store.appendTurn(user, session, Role.USER, check(message), clock.instant(), null, List.of());
    }

    /**
     * Stores an assistant message that answers no recorded user message (an application's greeting,
     * say): cleaned as a model's reply is, and queued for nothing, since extraction starts from what
     * the user said.
     */
    public Turn recordAssistantMessage(UserId user, SessionId session, String text) {
        return store.appendTurn(user, session, Role.ASSISTANT, StorableText.clean(Objects.requireNonNull(text, "text")),
                clock.instant(), null, List.of());
    }

    /**
     * The second half: stores the reply to the user turn {@code userTurn} (from {@link
     * #recordMessage}) with the extraction job of that exchange, and wakes the worker.
     */
    public Turn recordReply(UserId user, SessionId session, long userTurn, String reply) {
        String replyText = StorableText.clean(Objects.requireNonNull(reply, "reply"));
        Turn stored = store.appendTurn(user, session, Role.ASSISTANT, replyText, clock.instant(), null,
                List.of(new NewJob(MemoryUpdater.EXTRACT, MemoryUpdater.extractPayload(session, userTurn))));
        jobsEnqueued.run();
        return stored;
    }

    /** What retrieval offers for a message: the pinned items and the relevant ones, before the budget. */
    private record Selection(List<MemoryCandidate> pinned, List<MemoryCandidate> relevant) {}

    private Selection select(UserId user, SessionId session, String text, float[] query) {
        return new Selection(memory.pinned(user), memory.find(user, session, text, query, settings.retrieveLimit()));
    }

    /**
     * Ends a conversation recorded through {@link #recordExchange} or {@link #recordMessage} (an
     * application's own conversation, not a {@link ChatSession}): unless the turn log holds none of
     * it, its summary is queued. Returns whether a summary was queued.
     */
    public boolean endConversation(UserId user, SessionId conversation) {
        if (store.sessionTurns(user, conversation).isEmpty()) {
            return false;
        }
        store.jobs().enqueue(user, new NewJob(MemoryUpdater.SUMMARIZE, MemoryUpdater.summarizePayload(conversation)),
                clock.instant());
        jobsEnqueued.run();
        return true;
    }

    /**
     * Ends a session: unless it recorded nothing, enqueues its summary. The session must not be
     * used afterwards.
     */
    public void end(ChatSession session) {
        if (session.recorded()) {
            store.jobs().enqueue(session.user(), new NewJob(MemoryUpdater.SUMMARIZE,
                    MemoryUpdater.summarizePayload(session.id())), clock.instant());
            jobsEnqueued.run();
        }
    }

    private String check(String message) {
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("the message is empty: type something to send");
        }
        String text = StorableText.require("the message", message.strip());
        if (text.length() > settings.maxMessageChars()) {
            throw new IllegalArgumentException("the message is " + text.length() + " characters long; the limit is "
                    + settings.maxMessageChars() + ": shorten it or split it into parts");
        }
        return text;
    }
}
