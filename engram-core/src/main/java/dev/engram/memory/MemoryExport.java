package dev.engram.memory;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Everything Engram holds about one user, as written by export and read by import.
 * Embeddings are left out: they are derived data and are recomputed on import.
 */
public record MemoryExport(
        int formatVersion,
        String userId,
        Instant exportedAt,
        List<ExportedFact> facts,
        List<ExportedSummary> summaries,
        List<ExportedEntity> entities,
        List<ExportedTurn> turns,
        List<ExportedFile> files) {
    public static final int FORMAT_VERSION = 1;

    /** An export without memory files, as files written before Engram kept them read. */
    public MemoryExport(int formatVersion, String userId, Instant exportedAt, List<ExportedFact> facts,
                        List<ExportedSummary> summaries, List<ExportedEntity> entities, List<ExportedTurn> turns) {
        this(formatVersion, userId, exportedAt, facts, summaries, entities, turns, List.of());
    }

    public MemoryExport {
        facts = List.copyOf(facts);
        summaries = List.copyOf(summaries);
        entities = List.copyOf(entities);
        turns = List.copyOf(turns);
        // Absent in exports made before memory files existed; the format version stays 1.
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** The same export, memory files included, naming {@code owner} as its user (e.g. a tenant's own id for an internal user). */
    public MemoryExport ownedBy(String owner) {
        return new MemoryExport(formatVersion, owner, exportedAt, facts, summaries, entities, turns, files);
    }

    /**
     * A fact with its history. {@code attributes} and {@code originId} are left out of the JSON when
     * the fact has none, and read as none from files without them.
     */
    public record ExportedFact(long id, String statement, String key, String subject, String sourceSession,
                               Long sourceTurn, double confidence, Instant createdAt, Instant updatedAt,
                               Instant validFrom, Instant invalidAt, List<ExportedChange> history,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Attributes attributes,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String originId) {
        /** A fact with no attributes and no origin id. */
        public ExportedFact(long id, String statement, String key, String subject, String sourceSession, Long sourceTurn,
                            double confidence, Instant createdAt, Instant updatedAt, Instant validFrom, Instant invalidAt,
                            List<ExportedChange> history) {
            this(id, statement, key, subject, sourceSession, sourceTurn, confidence, createdAt, updatedAt, validFrom,
                    invalidAt, history, null, null);
        }

        public ExportedFact {
            history = history == null ? List.of() : List.copyOf(history);
            attributes = attributes == null || attributes.isEmpty() ? null : attributes;
            Fact.requireOriginId(originId);
        }
    }

    /** One history entry of a fact. */
    public record ExportedChange(String kind, String before, String after, Instant at, String sourceSession, Long sourceTurn) {}

    /** A session or long-term summary. */
    public record ExportedSummary(String session, String text, boolean longTerm, Instant createdAt) {}

    /** An entity with its notes. */
    public record ExportedEntity(String name, String type, String notes, Instant updatedAt) {}

    /**
     * One turn of the log. {@code id} is its id in the exporting database, which facts and history
     * entries name as their source turn; null in files that do not carry it.
     */
    public record ExportedTurn(Long id, String session, String role, String text, Instant at) {}

    /** A file of Claude's memory tool, by its path under {@code /memories}. */
    public record ExportedFile(String path, String content, Instant createdAt, Instant updatedAt) {}
}
