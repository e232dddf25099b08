package dev.engram.extraction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.embedding.Embedder;
import dev.engram.memory.Attributes;
import dev.engram.memory.FactChange;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.Summary;
import dev.engram.memory.TokenCounter;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The background memory work behind a turn, run as jobs off the reply path: extraction (gate,
 * extract, store/skip rules, review, consolidate, write) and session summaries with folding.
 * Every failure propagates so that the job is retried; nothing is read as "no facts".
 */
public final class MemoryUpdater {
    /** Job type of an extraction after one exchange. */
    public static final String EXTRACT = "extract";
    /** Job type of a session summary. */
    public static final String SUMMARIZE = "summarize";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONTEXT_TURNS = 6;

    private final MemoryStore store;
    private final FactExtractor extractor;
    private final FactReviewer reviewer;
    private final Consolidator consolidator;
    private final Summarizer summarizer;
    private final StoreRules rules;
    private final BiPredicate<String, float[]> gate;
    private final Embedder embedder;
    private final TokenCounter tokens;
    private final SummaryPolicy summaryPolicy;
    private final Clock clock;

    public MemoryUpdater(MemoryStore store, FactExtractor extractor, FactReviewer reviewer, Consolidator consolidator,
                         Summarizer summarizer, StoreRules rules, BiPredicate<String, float[]> gate, Embedder embedder,
                         TokenCounter tokens, SummaryPolicy summaryPolicy, Clock clock) {
        this.store = store;
        this.extractor = extractor;
        this.reviewer = reviewer;
        this.consolidator = consolidator;
        this.summarizer = summarizer;
        this.rules = rules;
        this.gate = gate;
        this.embedder = embedder;
        this.tokens = tokens;
        this.summaryPolicy = summaryPolicy;
        this.clock = clock;
    }

    /** The payload of an extraction job for one exchange. */
    public static String extractPayload(SessionId session, long userTurn) {
        ObjectNode n = JSON.createObjectNode();
        n.put("session", session.value());
        n.put("userTurn", userTurn);
        return n.toString();
    }

    /**
     * The payload of an extraction job for the exchange from {@code userTurn} through
     * {@code lastTurn} (the user turn itself when nobody replied), whose added facts get
     * {@code attributes}.
     */
    public static String extractPayload(SessionId session, long userTurn, long lastTurn, Attributes attributes) {
        ObjectNode n = JSON.createObjectNode();
        n.put("session", session.value());
        n.put("userTurn", userTurn);
        n.put("lastTurn", lastTurn);
        if (!attributes.isEmpty()) {
            n.set("attributes", attributes.node());
        }
        return n.toString();
    }

    /** The payload of a summary job for one session. */
    public static String summarizePayload(SessionId session) {
        return JSON.createObjectNode().put("session", session.value()).toString();
    }

    /**
     * Runs an extraction job: on one exchange, a user turn and the reply after it, or (with a
     * {@code lastTurn} in the payload) a user turn through that turn. Returns what was done, for logs.
     */
    public String extract(UserId user, String payload) {
        JsonNode p = parse(payload);
        SessionId session = new SessionId(p.path("session").asText());
        long userTurnId = p.path("userTurn").asLong();
        List<Turn> turns = store.sessionTurns(user, session);
        int start = indexOf(turns, userTurnId);
        boolean span = p.has("lastTurn");
        int end = span ? indexOf(turns, p.path("lastTurn").asLong()) : start + 1;
        if (start < 0 || end < start || end >= turns.size() || !span && turns.get(end).role() != Role.ASSISTANT) {
            return "turn " + userTurnId + " or its reply no longer exists (erased); nothing to do";
        }
        Turn userTurn = turns.get(start);
        float[] userEmbedding = embedTurns(user, turns.subList(start, end + 1));
        if (!gate.test(userTurn.text(), userEmbedding)) {
            return "gate: no durable information in turn " + userTurnId + ", extraction skipped";
        }
        String conversation = render(turns.subList(Math.max(0, end - CONTEXT_TURNS + 1), end + 1));
        Triage triage = rules.triage(extractor.extract(conversation));
        List<Candidate> accepted = new ArrayList<>(triage.store());
        accepted.addAll(reviewer.review(triage.review(), conversation));
        Provenance source = new Provenance(session, userTurnId);
        Instant at = userTurn.at();
        Attributes attributes = p.has("attributes") ? Attributes.of(p.get("attributes")) : Attributes.NONE;
        int changed = apply(user, accepted, source, at, attributes);
        for (EntityNote note : triage.notes()) {
            store.upsertEntity(user, note.name(), note.type(), note.note(), at, embed(note.name() + ": " + note.note()));
        }
        return changed + " fact change(s), " + triage.notes().size() + " entity note(s), skipped " + triage.skipped();
    }

    /** Stores the embeddings the exchange's turns lack; returns the user turn's (the first), or null without an embedder. */
    private float[] embedTurns(UserId user, List<Turn> exchange) {
        float[] userEmbedding = exchange.get(0).embedding();
        if (embedder == null) {
            return userEmbedding;
        }
        for (Turn t : exchange) {
            if (t.embedding() == null) {
                float[] e = embedder.embed(t.text());
                store.setTurnEmbedding(user, t.id(), e);
                userEmbedding = t == exchange.get(0) ? e : userEmbedding;
            }
        }
        return userEmbedding;
    }

    /** Applies the consolidator's decisions; facts it adds get {@code attributes}, updated ones keep theirs. */
    private int apply(UserId user, List<Candidate> accepted, Provenance source, Instant at, Attributes attributes) {
        if (accepted.isEmpty()) {
            return 0;
        }
        List<float[]> embeddings = embedder == null
                ? accepted.stream().map(c -> (float[]) null).toList()
                : embedder.embedAll(accepted.stream().map(Candidate::statement).toList());
        List<Decision> decisions = consolidator.decide(accepted, embeddings, store.facts(user, false));
        int changed = 0;
        for (Decision d : decisions) {
            float[] embedding = embeddings.get(accepted.indexOf(d.candidate()));
            switch (d.action()) {
                case ADD -> store.addFact(user, newFact(d, source, at, embedding, attributes));
                case UPDATE -> store.updateFact(user, d.target().id(), d.statement(),
                        d.candidate().key() != null ? d.candidate().key() : d.target().key(),
                        d.statement().equals(d.candidate().statement()) ? embedding : embed(d.statement()),
                        FactChange.Kind.UPDATED, source, at);
                case INVALIDATE -> {
                    store.invalidateFact(user, d.target().id(), at, source);
                    store.addFact(user, newFact(d, source, at, embedding, attributes));
                }
                case NOOP -> {
                    continue;
                }
            }
            changed++;
        }
        return changed;
    }

    private static NewFact newFact(Decision d, Provenance source, Instant at, float[] embedding, Attributes attributes) {
        double confidence = d.candidate().certainty() == Candidate.Certainty.EXPLICIT ? 0.95 : 0.7;
        return new NewFact(d.statement(), d.candidate().key(), source, confidence, at, embedding, attributes);
    }

    /** Runs a summary job: summarizes the session once, then folds old summaries if over budget. */
    public String summarize(UserId user, String payload) {
        SessionId session = new SessionId(parse(payload).path("session").asText());
        List<Turn> turns = store.sessionTurns(user, session);
        if (turns.isEmpty()) {
            return "session " + session + " has no stored turns; nothing to summarize";
        }
        boolean done = store.summaries(user).stream().anyMatch(s -> session.equals(s.session()));
        if (!done) {
            String text = summarizer.summarizeSession(turns);
            store.addSummary(user, session, text, turns.get(turns.size() - 1).at(), embed(text));
        }
        return (done ? "summary existed" : "summary written") + foldIfNeeded(user);
    }

    private String foldIfNeeded(UserId user) {
        List<Summary> all = store.summaries(user);
        int total = all.stream().mapToInt(s -> tokens.count(s.text())).sum();
        List<Summary> sessions = all.stream().filter(s -> !s.longTerm()).toList();
        if (total <= summaryPolicy.budgetTokens() || sessions.size() <= summaryPolicy.keepVerbatim()) {
            return "";
        }
        List<Summary> older = sessions.subList(0, sessions.size() - summaryPolicy.keepVerbatim());
        Summary longTerm = all.stream().filter(Summary::longTerm).findFirst().orElse(null);
        String text = summarizer.fold(longTerm, older);
        store.foldSummaries(user, older.stream().map(Summary::id).toList(), text, clock.instant(), embed(text));
        return "; folded " + older.size() + " summaries into the long-term summary";
    }

    private float[] embed(String text) {
        return embedder == null ? null : embedder.embed(text);
    }

    private static int indexOf(List<Turn> turns, long id) {
        for (int i = 0; i < turns.size(); i++) {
            if (turns.get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }

    static String render(List<Turn> turns) {
        StringBuilder b = new StringBuilder();
        for (Turn t : turns) {
            b.append(t.role() == Role.USER ? "USER: " : "ASSISTANT: ").append(t.text()).append('\n');
        }
        return b.toString();
    }

    private static JsonNode parse(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            // A payload that cannot be read never will be: IllegalArgumentException sends the job to the dead letters.
            throw new IllegalArgumentException("job payload is not JSON: " + payload, e);
        }
    }
}
