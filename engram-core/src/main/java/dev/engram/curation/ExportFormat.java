package dev.engram.curation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.engram.extraction.FactExtractor;
import dev.engram.memory.FactChange;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.MemoryFilePath;
import dev.engram.memory.SessionId;
import dev.engram.memory.StorableText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes one user's memory as JSON. Reads Engram's own export format and the seed
 * article's simple layout ({@code {"user_id", "facts": {key: value}, "session_summaries": [...],
 * "entity_notes": {name: note}}}). Input is fully validated before anything is written;
 * problems are {@link IllegalArgumentException}s that say what is wrong and where.
 */
public final class ExportFormat {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** Pretty JSON of an export. */
    public String write(MemoryExport export) {
        try {
            return JSON.writeValueAsString(export);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write export as JSON", e);
        }
    }

    /** Parses either format. {@code now} stamps items the seed layout carries no time for. */
    public MemoryExport read(String json, Instant now) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the file is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object with the user's memory");
        }
        StorableText.requireAll(root, null);
        if (root.has("formatVersion")) {
            return readOwn(root);
        }
        if (root.has("user_id") || root.get("facts") instanceof com.fasterxml.jackson.databind.node.ObjectNode) {
            return readSeed(root, now);
        }
        throw new IllegalArgumentException("unknown layout: expected an Engram export (with formatVersion) "
                + "or the simple layout with user_id, facts, session_summaries and entity_notes");
    }

    private MemoryExport readOwn(JsonNode root) {
        int version = root.path("formatVersion").asInt(-1);
        if (version != MemoryExport.FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported export formatVersion " + root.get("formatVersion")
                    + "; this Engram reads version " + MemoryExport.FORMAT_VERSION);
        }
        try {
            MemoryExport export = JSON.treeToValue(root, MemoryExport.class);
            for (int i = 0; i < export.facts().size(); i++) {
                MemoryExport.ExportedFact f = export.facts().get(i);
                if (f.statement() == null || f.statement().isBlank() || f.createdAt() == null || f.validFrom() == null) {
                    throw new IllegalArgumentException("facts[" + i + "] needs statement, createdAt and validFrom");
                }
                for (int h = 0; h < f.history().size(); h++) {
                    MemoryExport.ExportedChange c = f.history().get(h);
                    if (!isChangeKind(c.kind()) || c.after() == null) {
                        throw new IllegalArgumentException("facts[" + i + "].history[" + h + "] needs kind ADDED, UPDATED,"
                                + " INVALIDATED or EDITED, and after");
                    }
                }
            }
            for (int i = 0; i < export.turns().size(); i++) {
                MemoryExport.ExportedTurn t = export.turns().get(i);
                if (t.text() == null || t.at() == null || t.session() == null
                        || !("USER".equals(t.role()) || "ASSISTANT".equals(t.role()))) {
                    throw new IllegalArgumentException("turns[" + i + "] needs session, role USER or ASSISTANT, text and at");
                }
                new SessionId(t.session());
            }
            for (int i = 0; i < export.summaries().size(); i++) {
                MemoryExport.ExportedSummary s = export.summaries().get(i);
                if (s.text() == null || s.text().isBlank() || s.createdAt() == null) {
                    throw new IllegalArgumentException("summaries[" + i + "] needs text and createdAt");
                }
                if (!s.longTerm()) {
                    if (s.session() == null) {
                        throw new IllegalArgumentException("summaries[" + i + "] is a session summary and needs its session");
                    }
                    new SessionId(s.session());
                }
            }
            for (int i = 0; i < export.entities().size(); i++) {
                MemoryExport.ExportedEntity e = export.entities().get(i);
                if (e.name() == null || e.name().isBlank()) {
                    throw new IllegalArgumentException("entities[" + i + "] needs a name");
                }
            }
            checkFiles(export.files());
            return export;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the export does not match Engram's format: " + e.getOriginalMessage());
        }
    }

    private static void checkFiles(List<MemoryExport.ExportedFile> files) {
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            MemoryExport.ExportedFile f = files.get(i);
            if (f.path() == null || f.content() == null) {
                throw new IllegalArgumentException("files[" + i + "] needs path and content");
            }
            MemoryFilePath path;
            try {
                path = MemoryFilePath.parse(f.path());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("files[" + i + "].path: " + e.getMessage());
            }
            if (path.isRoot()) {
                throw new IllegalArgumentException("files[" + i + "].path names the /memories directory, not a file");
            }
            if (!paths.add(path.value())) {
                throw new IllegalArgumentException("files[" + i + "].path " + path + " appears twice");
            }
        }
    }

    private static boolean isChangeKind(String kind) {
        for (FactChange.Kind k : FactChange.Kind.values()) {
            if (k.name().equals(kind)) {
                return true;
            }
        }
        return false;
    }

    private MemoryExport readSeed(JsonNode root, Instant now) {
        List<MemoryExport.ExportedFact> facts = new ArrayList<>();
        JsonNode f = root.path("facts");
        if (!f.isMissingNode() && !f.isObject()) {
            throw new IllegalArgumentException("'facts' must be an object of key: value pairs");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String value = e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString();
            String key = FactExtractor.normaliseKey(e.getKey());
            facts.add(new MemoryExport.ExportedFact(0, e.getKey() + ": " + value, key, "user", null, null, 1.0,
                    now, now, now, null, List.of()));
        }
        List<MemoryExport.ExportedSummary> summaries = new ArrayList<>();
        JsonNode s = root.path("session_summaries");
        if (!s.isMissingNode() && !s.isArray()) {
            throw new IllegalArgumentException("'session_summaries' must be a list of strings");
        }
        int n = 0;
        for (JsonNode summary : s) {
            if (!summary.isTextual() || summary.asText().isBlank()) {
                throw new IllegalArgumentException("'session_summaries' must be a list of non-empty strings");
            }
            summaries.add(new MemoryExport.ExportedSummary("imported-" + (++n), summary.asText(), false, now));
        }
        List<MemoryExport.ExportedEntity> entities = new ArrayList<>();
        JsonNode en = root.path("entity_notes");
        if (!en.isMissingNode() && !en.isObject()) {
            throw new IllegalArgumentException("'entity_notes' must be an object of name: note pairs");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = en.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String note = e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString();
            entities.add(new MemoryExport.ExportedEntity(e.getKey(), "other", note, now));
        }
        return new MemoryExport(MemoryExport.FORMAT_VERSION, root.path("user_id").asText(null), now, facts, summaries,
                entities, List.of());
    }
}
