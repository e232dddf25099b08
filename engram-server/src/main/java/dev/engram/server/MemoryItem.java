package dev.engram.server;

import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import java.time.Instant;

/** A fact as the HTTP API shows it. {@code session} is the session it came from, if any. */
record MemoryItem(long id, String text, String key, double confidence, Instant createdAt, Instant updatedAt,
                  Instant validFrom, Instant invalidAt, String session) {
    static MemoryItem of(Fact f) {
        return new MemoryItem(f.id(), f.statement(), f.key(), f.confidence(), f.createdAt(), f.updatedAt(), f.validFrom(),
                f.invalidAt(), f.source().session() == null ? null : f.source().session().value());
    }

    /** One entry of a fact's history as the HTTP API shows it. */
    record Change(String kind, String before, String after, Instant at, String session) {
        static Change of(FactChange c) {
            return new Change(c.kind().name(), c.before(), c.after(), c.at(),
                    c.source() == null || c.source().session() == null ? null : c.source().session().value());
        }
    }
}
