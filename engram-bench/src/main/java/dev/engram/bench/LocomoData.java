package dev.engram.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads files in the LOCOMO format (see shared/bench/README.md). Sessions are counted from the
 * {@code session_N} keys; malformed evidence strings are split on {@code [;,\s]+} and only parts
 * that are real dia_ids of the conversation are kept. Stateless.
 */
final class LocomoData {
    private static final Pattern SESSION_KEY = Pattern.compile("session_(\\d+)");
    private static final Pattern SPLIT = Pattern.compile("[;,\\s]+");
    private static final DateTimeFormatter SESSION_DATE = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("h:mm a 'on' d MMMM, yyyy")
            .toFormatter(Locale.ENGLISH);

    private LocomoData() {}

    /**
     * Parses a LOCOMO file.
     *
     * @throws IllegalArgumentException if the file is not a JSON list of conversations
     * @throws UncheckedIOException if it cannot be read
     */
    /**
     * Reads {@code file} for a benchmark command: a missing or unreadable file, or one not in the
     * LOCOMO format, is reported on {@code err} in one line and gives an empty result.
     */
    static Optional<List<LocomoConversation>> readOrReport(Path file, PrintStream err) {
        if (!Files.isRegularFile(file)) {
            err.println("no such file: " + file);
            return Optional.empty();
        }
        try {
            return Optional.of(read(file));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println(e.getMessage());
            return Optional.empty();
        }
    }

    static List<LocomoConversation> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read LOCOMO file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + " is not a LOCOMO file: expected a JSON list of conversations");
        }
        List<LocomoConversation> out = new ArrayList<>();
        for (JsonNode item : root) {
            out.add(conversation(item, out.size()));
        }
        return out;
    }

    private static LocomoConversation conversation(JsonNode item, int position) {
        String id = item.path("sample_id").asText("conv-" + position);
        JsonNode conv = item.path("conversation");
        if (!conv.isObject()) {
            throw new IllegalArgumentException("conversation " + id + " has no 'conversation' object");
        }
        List<LocomoConversation.Session> sessions = sessions(conv, id);
        Set<String> diaIds = new HashSet<>();
        sessions.forEach(s -> s.turns().forEach(t -> diaIds.add(t.diaId())));
        List<LocomoConversation.Question> questions = new ArrayList<>();
        for (JsonNode qa : item.path("qa")) {
            questions.add(new LocomoConversation.Question(qa.path("question").asText(""),
                    qa.path("category").asInt(0), evidence(qa.path("evidence"), diaIds)));
        }
        return new LocomoConversation(id, conv.path("speaker_a").asText("A"), conv.path("speaker_b").asText("B"),
                sessions, questions, observed(item.path("observation"), diaIds));
    }

    private static List<LocomoConversation.Session> sessions(JsonNode conv, String id) {
        Map<Integer, JsonNode> byNumber = new TreeMap<>();
        for (Iterator<String> it = conv.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            Matcher m = SESSION_KEY.matcher(key);
            if (m.matches() && conv.get(key).isArray()) {
                byNumber.put(Integer.parseInt(m.group(1)), conv.get(key));
            }
        }
        List<LocomoConversation.Session> sessions = new ArrayList<>();
        Instant previous = Instant.parse("2000-01-01T00:00:00Z");
        for (Map.Entry<Integer, JsonNode> e : byNumber.entrySet()) {
            String date = conv.path("session_" + e.getKey() + "_date_time").asText("");
            Instant start = date.isBlank() ? previous.plusSeconds(86_400) : parseDate(date, id);
            List<LocomoConversation.Turn> turns = new ArrayList<>();
            for (JsonNode t : e.getValue()) {
                String caption = t.hasNonNull("blip_caption") ? t.get("blip_caption").asText() : null;
                turns.add(new LocomoConversation.Turn(t.path("dia_id").asText(""), t.path("speaker").asText("?"),
                        t.path("text").asText(""), caption));
            }
            sessions.add(new LocomoConversation.Session(e.getKey(), start, turns));
            previous = start;
        }
        return sessions;
    }

    static Instant parseDate(String text, String conversation) {
        try {
            return LocalDateTime.parse(text.trim(), SESSION_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("conversation " + conversation + ": session date '" + text
                    + "' is not like '1:56 pm on 8 May, 2023'", e);
        }
    }

    /** Evidence ids split on {@code [;,\s]+}, keeping only real dia_ids, first occurrence order. */
    static List<String> evidence(JsonNode evidence, Set<String> diaIds) {
        Set<String> kept = new LinkedHashSet<>();
        for (JsonNode e : evidence) {
            for (String part : SPLIT.split(e.asText("").trim())) {
                if (diaIds.contains(part)) {
                    kept.add(part);
                }
            }
        }
        return List.copyOf(kept);
    }

    private static Set<String> observed(JsonNode observation, Set<String> diaIds) {
        Set<String> cited = new HashSet<>();
        for (JsonNode session : observation) {
            for (JsonNode perSpeaker : session) {
                for (JsonNode entry : perSpeaker) {
                    if (entry.isArray() && entry.size() > 1) {
                        JsonNode ref = entry.get(1);
                        List<JsonNode> refs = new ArrayList<>();
                        if (ref.isArray()) {
                            ref.forEach(refs::add);
                        } else {
                            refs.add(ref);
                        }
                        for (JsonNode r : refs) {
                            for (String part : SPLIT.split(r.asText("").trim())) {
                                if (diaIds.contains(part)) {
                                    cited.add(part);
                                }
                            }
                        }
                    }
                }
            }
        }
        return cited;
    }
}
