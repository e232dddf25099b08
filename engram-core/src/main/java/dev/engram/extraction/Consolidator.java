package dev.engram.extraction;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.LlmClient;
import dev.engram.llm.MalformedOutputException;
import dev.engram.llm.ToolRequest;
import dev.engram.memory.Fact;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, for each new candidate fact, whether it is new (ADD), a new value of a known fact
 * (UPDATE), a contradiction of one (INVALIDATE) or already known (NOOP).
 *
 * <p>Exact repeats are NOOPs without a model call; candidates with no similar known fact (same key,
 * close embedding, or shared words) are ADDs without a model call; the rest go to the memory model
 * in one forced tool call that sees known facts under small integer numbers, never raw ids.
 * Thread safe.
 */
public final class Consolidator {
    static final String TOOL = "consolidate_facts";
    private static final double WORD_NEIGHBOUR = 0.34;
    private static final int MAX_NEIGHBOURS = 5;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final Set<String> STOP = Set.of("the", "a", "an", "is", "are", "was", "has", "have", "and", "or",
            "of", "to", "in", "on", "at", "for", "with", "user", "their", "they", "her", "his", "as", "by", "from");
    private static final Map<String, Object> SCHEMA = Schemas.object(Map.of(
            "decisions", Schemas.array(Schemas.object(Map.of(
                    "candidate", Schemas.integer("Number of the new fact"),
                    "action", Schemas.enumOf("ADD: new information. UPDATE: same thing as a known fact with a new or more precise value. "
                            + "INVALIDATE: makes a known fact no longer true (the new fact is stored separately). NOOP: already known.",
                            List.of("ADD", "UPDATE", "INVALIDATE", "NOOP")),
                    "known", Schemas.integer("Number of the known fact for UPDATE or INVALIDATE; 0 otherwise"),
                    "statement", Schemas.string("For UPDATE: the statement that replaces the known fact; otherwise empty")),
                    List.of("candidate", "action", "known")))),
            List.of("decisions"));

    private final LlmClient llm;
    private final String model;
    private final double neighbourCosine;

    /**
     * A consolidator that asks {@code model} through {@code llm}.
     *
     * @param neighbourCosine the embedding cosine from which a known fact counts as similar to a new
     *     one and goes to the memory model with it; it depends on the embedder ({@code
     *     Embedder#neighbourCosine})
     */
    public Consolidator(LlmClient llm, String model, double neighbourCosine) {
        if (!(neighbourCosine > 0 && neighbourCosine <= 1)) {
            throw new IllegalArgumentException("neighbour cosine must be in (0, 1], was " + neighbourCosine);
        }
        this.llm = llm;
        this.model = model;
        this.neighbourCosine = neighbourCosine;
    }

    /**
     * The neighbour cosine used when there is no embedder: the value that suits MiniLM, the model
     * Engram used first ({@code MiniLmEmbedder.NEIGHBOUR_COSINE} in engram-embeddings).
     */
    public static final double DEFAULT_NEIGHBOUR_COSINE = 0.55;

    /** A consolidator for MiniLM embeddings, or for none. */
    public Consolidator(LlmClient llm, String model) {
        this(llm, model, DEFAULT_NEIGHBOUR_COSINE);
    }

    /**
     * Decides what to do with each candidate.
     *
     * @param candidates new facts about the user with their embeddings (null entries allowed), same order
     * @param known the user's currently valid facts
     */
    public List<Decision> decide(List<Candidate> candidates, List<float[]> embeddings, List<Fact> known) {
        List<Decision> decisions = new ArrayList<>();
        Map<Integer, List<Fact>> needModel = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            String norm = normalise(c.statement());
            if (!seen.add(norm) || known.stream().anyMatch(f -> normalise(f.statement()).equals(norm))) {
                decisions.add(new Decision(c, Decision.Action.NOOP, null, c.statement()));
                continue;
            }
            List<Fact> neighbours = neighbours(c, embeddings.get(i), known, neighbourCosine);
            if (neighbours.isEmpty()) {
                decisions.add(new Decision(c, Decision.Action.ADD, null, c.statement()));
            } else {
                needModel.put(i, neighbours);
            }
        }
        if (!needModel.isEmpty()) {
            decisions.addAll(askModel(candidates, needModel));
        }
        return decisions;
    }

    private List<Decision> askModel(List<Candidate> candidates, Map<Integer, List<Fact>> needModel) {
        List<Fact> shown = needModel.values().stream().flatMap(List::stream).distinct().toList();
        List<Integer> asked = new ArrayList<>(needModel.keySet());
        StringBuilder prompt = new StringBuilder("Known facts about the user:\n");
        for (int k = 0; k < shown.size(); k++) {
            Fact f = shown.get(k);
            prompt.append(k + 1).append(". ").append(f.statement())
                    .append(" (since ").append(DAY.format(f.validFrom())).append(")\n");
        }
        prompt.append("\nNew facts from the latest conversation:\n");
        for (int n = 0; n < asked.size(); n++) {
            prompt.append(n + 1).append(". ").append(candidates.get(asked.get(n)).statement()).append('\n');
        }
        prompt.append("\nDecide for every new fact. A new value for the same thing (a new job, a new city) is UPDATE; "
                + "use INVALIDATE only when both facts are worth keeping apart but the known one stopped being true.");
        JsonNode out = Json.object(llm.callTool(new ToolRequest(model, 512,
                "You keep a user's memory free of duplicates and contradictions.", prompt.toString(), TOOL,
                "Give one decision per new fact.", SCHEMA)), TOOL);
        Map<Integer, Decision> byCandidate = new LinkedHashMap<>();
        for (JsonNode d : Json.array(out, "decisions", TOOL)) {
            Json.object(d, TOOL);
            int n = Json.integer(d, "candidate", TOOL);
            if (n < 1 || n > asked.size()) {
                throw new MalformedOutputException(TOOL + ": no new fact numbered " + n);
            }
            Candidate c = candidates.get(asked.get(n - 1));
            Decision.Action action = action(Json.text(d, "action", TOOL));
            Fact target = null;
            if (action == Decision.Action.UPDATE || action == Decision.Action.INVALIDATE) {
                int k = Json.integer(d, "known", TOOL);
                if (k < 1 || k > shown.size()) {
                    throw new MalformedOutputException(TOOL + ": " + action + " names known fact " + k + ", which does not exist");
                }
                target = shown.get(k - 1);
            }
            String statement = Json.optionalText(d, "statement", TOOL);
            if (action != Decision.Action.UPDATE || statement == null) {
                statement = c.statement();
            }
            byCandidate.put(n, new Decision(c, action, target, statement));
        }
        if (byCandidate.size() != asked.size()) {
            throw new MalformedOutputException(TOOL + ": decided " + byCandidate.size() + " of " + asked.size() + " new facts");
        }
        return new ArrayList<>(byCandidate.values());
    }

    private static Decision.Action action(String s) {
        try {
            return Decision.Action.valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MalformedOutputException(TOOL + ": unknown action '" + s + "'");
        }
    }

    /** The known facts similar to a candidate, most similar first, at most {@code MAX_NEIGHBOURS}. */
    static List<Fact> neighbours(Candidate c, float[] embedding, List<Fact> known, double neighbourCosine) {
        Set<String> words = words(c.statement());
        record Scored(Fact fact, double score) {}
        return known.stream()
                .map(f -> {
                    double score = 0;
                    if (c.key() != null && c.key().equals(f.key())) {
                        score = 2;
                    }
                    if (embedding != null && f.embedding() != null && f.embedding().length == embedding.length) {
                        double cos = dot(embedding, f.embedding());
                        if (cos >= neighbourCosine) {
                            score = Math.max(score, 1 + cos);
                        }
                    }
                    double jac = jaccard(words, words(f.statement()));
                    if (jac >= WORD_NEIGHBOUR) {
                        score = Math.max(score, 1 + jac);
                    }
                    return new Scored(f, score);
                })
                .filter(s -> s.score() > 0)
                .sorted(Comparator.comparingDouble(Scored::score).reversed())
                .limit(MAX_NEIGHBOURS)
                .map(Scored::fact)
                .toList();
    }

    static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    private static Set<String> words(String s) {
        return Arrays.stream(normalise(s).split(" "))
                .filter(w -> w.length() > 1 && !STOP.contains(w))
                .collect(Collectors.toSet());
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        long common = a.stream().filter(b::contains).count();
        return (double) common / (a.size() + b.size() - common);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
