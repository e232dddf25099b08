package dev.engram.curation;

import dev.engram.embedding.Embedder;
import dev.engram.extraction.MemoryUpdater;
import dev.engram.memory.Attributes;
import dev.engram.memory.Entity;
import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.ForgetResult;
import dev.engram.memory.ImportCounts;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.MemoryView;
import dev.engram.memory.NewFact;
import dev.engram.memory.NewJob;
import dev.engram.memory.NewTurn;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.StorableText;
import dev.engram.memory.Summary;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user can do with their memory directly: see it, add a fact verbatim, forget an item,
 * see a fact's history, export, import and erase. Thread safe.
 */
public final class MemoryService {
    private static final Pattern FACT_ID = Pattern.compile("#?(\\d{1,18})");
    private static final Pattern SUMMARY_ID = Pattern.compile("[sS](\\d{1,18})");

    private final MemoryStore store;
    private final Supplier<Embedder> embedder;
    private final Clock clock;

    /** @param embedder embeds facts written here; may be null */
    public MemoryService(MemoryStore store, Embedder embedder, Clock clock) {
        this(store, clock, () -> embedder);
    }

    private MemoryService(MemoryStore store, Clock clock, Supplier<Embedder> embedder) {
        this.store = store;
        this.embedder = embedder;
        this.clock = clock;
    }

    /**
     * A service that asks for the embedder only when it writes something that needs one, so that
     * reading, exporting or erasing memory does not load an embedding model.
     */
    public static MemoryService withLazyEmbedder(MemoryStore store, Supplier<Embedder> embedder, Clock clock) {
        return new MemoryService(store, clock, embedder);
    }

    /** Everything the user can see about themself. */
    public MemoryView view(UserId user) {
        return new MemoryView(store.facts(user, false), store.summaries(user), store.entities(user),
                store.files().files(user));
    }

    /** Stores {@code text} as a fact about the user, verbatim. */
    public Fact remember(UserId user, String text, SessionId session) {
        return remember(user, text, session, Attributes.NONE);
    }

    /** Stores {@code text} as a fact about the user, verbatim, with the caller's attributes. */
    public Fact remember(UserId user, String text, SessionId session, Attributes attributes) {
        String statement = text == null ? "" : text.strip();
        if (statement.isEmpty()) {
            throw new IllegalArgumentException("nothing to remember: write the fact after /remember");
        }
        if (statement.length() > 1000) {
            throw new IllegalArgumentException("a fact can be at most 1000 characters; this one has " + statement.length());
        }
        StorableText.require("the fact", statement);
        Instant now = clock.instant();
        return store.addFact(user, new NewFact(statement, null, new Provenance(session, null), 1.0, now, embed(statement),
                attributes));
    }

    /**
     * Forgets one item: a fact by id ({@code 12} or {@code #12}, with the turns it came from; see
     * {@link MemoryStore#forgetFact}), a summary by id ({@code s3}), or the one fact or entity
     * whose text contains {@code idOrText}. When the text matches several facts, nothing is
     * removed and the matches are returned.
     *
     * @throws IllegalArgumentException when nothing matches (nothing is removed)
     */
    public ForgetResult forget(UserId user, String idOrText) {
        String q = idOrText == null ? "" : idOrText.strip();
        if (q.isEmpty()) {
            throw new IllegalArgumentException("say what to forget: a fact id such as #12, a summary id such as s3,"
                    + " or words from the fact");
        }
        Matcher m = FACT_ID.matcher(q);
        if (m.matches()) {
            long id = Long.parseLong(m.group(1));
            return forgetFact(user, id).orElseThrow(() ->
                    new IllegalArgumentException("there is no fact #" + id + "; /memory lists the ids"));
        }
        Matcher summary = SUMMARY_ID.matcher(q);
        if (summary.matches()) {
            return forgetSummary(user, Long.parseLong(summary.group(1)));
        }
        String needle = q.toLowerCase(Locale.ROOT);
        List<Fact> matches = store.facts(user, true).stream()
                .filter(f -> f.statement().toLowerCase(Locale.ROOT).contains(needle))
                .toList();
        if (matches.size() == 1) {
            return forgetFact(user, matches.get(0).id()).orElseThrow(() ->
                    new IllegalArgumentException("nothing stored matches '" + q + "' any more; /memory lists what is stored"));
        }
        if (matches.size() > 1) {
            return new ForgetResult(null, List.of(), matches);
        }
        Optional<Entity> entity = store.entities(user).stream()
                .filter(e -> e.name().equalsIgnoreCase(q))
                .findFirst();
        if (entity.isPresent() && store.deleteEntity(user, entity.get().id())) {
            return ForgetResult.removed("notes on " + entity.get().name());
        }
        throw new IllegalArgumentException("nothing stored matches '" + q + "'; /memory lists what is stored");
    }

    private Optional<ForgetResult> forgetFact(UserId user, long id) {
        return store.forgetFact(user, id).map(f ->
                new ForgetResult("fact #" + id + ": " + f.fact().statement(), f.turnIds(), List.of()));
    }

    private ForgetResult forgetSummary(UserId user, long id) {
        Optional<Summary> summary = store.summaries(user).stream().filter(s -> s.id() == id).findFirst();
        if (summary.isEmpty() || !store.deleteSummary(user, id)) {
            throw new IllegalArgumentException("there is no summary s" + id + "; /memory lists the ids");
        }
        return ForgetResult.removed("summary s" + id + ": " + summary.get().text());
    }

    /**
     * The user's valid facts that share words with {@code query}, most shared words first and newest
     * first among equals (the rule of the HTTP API's {@code ?q=}); at most {@code limit}.
     *
     * @throws IllegalArgumentException when the query has no words
     */
    public List<Fact> search(UserId user, String query, int limit) {
        List<String> words = query == null ? List.of() : java.util.Arrays.stream(query.toLowerCase(Locale.ROOT)
                .split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).distinct().toList();
        if (words.isEmpty()) {
            throw new IllegalArgumentException("say what to search for: one or more words");
        }
        record Scored(Fact fact, long shared) {}
        return store.facts(user, false).stream()
                .map(f -> new Scored(f, words.stream().filter(f.statement().toLowerCase(Locale.ROOT)::contains).count()))
                .filter(s -> s.shared() > 0)
                .sorted(java.util.Comparator.comparingLong(Scored::shared).reversed()
                        .thenComparing(java.util.Comparator.comparingLong((Scored s) -> s.fact().id()).reversed()))
                .limit(limit)
                .map(Scored::fact)
                .toList();
    }

    /** A fact's history, oldest first. */
    public List<FactChange> history(UserId user, String id) {
        Matcher m = FACT_ID.matcher(id == null ? "" : id.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("a fact id looks like #12");
        }
        long factId = Long.parseLong(m.group(1));
        if (store.fact(user, factId).isEmpty()) {
            throw new IllegalArgumentException("there is no fact #" + factId);
        }
        return store.factHistory(user, factId);
    }

    /** Replaces a fact's statement as the user asked; the old one stays in its history. */
    public Fact edit(UserId user, long factId, String statement) {
        String s = statement == null ? "" : statement.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("the new text of the fact must not be empty");
        }
        StorableText.require("the new text of the fact", s);
        return store.updateFact(user, factId, s, null, embed(s), FactChange.Kind.EDITED, Provenance.NONE, clock.instant())
                .orElseThrow(() -> new IllegalArgumentException("there is no fact #" + factId));
    }

    /**
     * Changes a fact as the user asked, in one step: its text (the old one stays in its history), its
     * attributes, or both; null leaves that part as it is.
     *
     * @throws IllegalArgumentException when both are null, the text is empty or cannot be stored,
     *     or the user has no such fact
     */
    public Fact revise(UserId user, long factId, String statement, Attributes attributes) {
        if (statement == null && attributes == null) {
            throw new IllegalArgumentException("say what to change: the fact's text, its attributes, or both");
        }
        String s = statement == null ? null : statement.strip();
        if (s != null && s.isEmpty()) {
            throw new IllegalArgumentException("the new text of the fact must not be empty");
        }
        if (s != null) {
            StorableText.require("the new text of the fact", s);
        }
        return store.editFact(user, factId, s, s == null ? null : embed(s), attributes, clock.instant())
                .orElseThrow(() -> new IllegalArgumentException("there is no fact #" + factId));
    }

    /**
     * Records a conversation for Engram to learn from, the way the chat loop records an exchange:
     * the turns are appended to a session of the log and each user turn gets an extraction job, in
     * one transaction, and the background worker extracts, checks and consolidates facts as it does
     * after a chat turn. A user turn's exchange runs through the assistant turns that follow it;
     * facts the extraction adds get {@code attributes}. Wake the worker afterwards.
     *
     * @throws IllegalArgumentException when there is no user turn or a text is empty or cannot be
     *     stored (nothing is stored then)
     */
    public List<Turn> learnFrom(UserId user, SessionId session, List<NewTurn> turns, Attributes attributes) {
        if (turns.stream().noneMatch(t -> t.role() == Role.USER)) {
            throw new IllegalArgumentException("there is no user message: Engram learns about the user from what they say");
        }
        for (int i = 0; i < turns.size(); i++) {
            if (turns.get(i).text().isBlank()) {
                throw new IllegalArgumentException("message " + i + " is empty");
            }
            StorableText.require("message " + i, turns.get(i).text());
        }
        return store.appendTurns(user, session, turns, stored -> extractionJobs(session, stored, attributes));
    }

    private static List<NewJob> extractionJobs(SessionId session, List<Turn> stored, Attributes attributes) {
        List<NewJob> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i).role() != Role.USER) {
                continue;
            }
            int last = i;
            while (last + 1 < stored.size() && stored.get(last + 1).role() == Role.ASSISTANT) {
                last++;
            }
            jobs.add(new NewJob(MemoryUpdater.EXTRACT, MemoryUpdater.extractPayload(session, stored.get(i).id(),
                    stored.get(last).id(), attributes)));
        }
        return jobs;
    }

    /** Everything about the user, for export. */
    public MemoryExport export(UserId user) {
        return store.export(user, clock.instant());
    }

    /**
     * Adds imported memory to the user's in one transaction, embedding each item first.
     * The data has already been validated by {@link ExportFormat#read}.
     */
    public ImportCounts importMemory(UserId user, MemoryExport data) {
        java.util.Map<String, float[]> vectors = new java.util.HashMap<>();
        Embedder model = embedder.get();
        if (model != null) {
            java.util.List<String> texts = new java.util.ArrayList<>();
            data.facts().forEach(f -> texts.add(f.statement()));
            data.summaries().forEach(s -> texts.add(s.text()));
            data.entities().forEach(e -> texts.add(e.name().strip() + ": " + (e.notes() == null ? "" : e.notes().strip())));
            data.turns().forEach(t -> texts.add(t.text()));
            data.files().forEach(f -> texts.add(f.content()));
            java.util.List<String> distinct = texts.stream().distinct().toList();
            java.util.List<float[]> embedded = distinct.isEmpty() ? java.util.List.of() : model.embedAll(distinct);
            for (int i = 0; i < distinct.size(); i++) {
                vectors.put(distinct.get(i), embedded.get(i));
            }
        }
        return store.importMemory(user, data, vectors::get);
    }

    /** Erases all of the user's memory. Returns whether anything was stored. */
    public boolean erase(UserId user) {
        return store.erase(user);
    }

    private float[] embed(String text) {
        Embedder model = embedder.get();
        return model == null ? null : model.embed(text);
    }
}
