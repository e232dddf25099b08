package dev.engram.store;

import dev.engram.memory.Entity;
import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.MemoryFile;
import dev.engram.memory.Summary;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds a {@link MemoryExport} from the rows of one user, memory files included; embeddings are left out. */
final class Exports {
    private Exports() {}

    static MemoryExport of(UserId user, Instant now, List<Fact> facts, List<FactChange> history,
                           List<Summary> summaries, List<Entity> entities, List<Turn> turns, List<MemoryFile> files) {
        Map<Long, List<MemoryExport.ExportedChange>> changesByFact = history.stream().collect(Collectors.groupingBy(
                FactChange::factId, Collectors.mapping(Exports::change, Collectors.toList())));
        return new MemoryExport(MemoryExport.FORMAT_VERSION, user.value(), now,
                facts.stream().map(f -> fact(f, changesByFact.getOrDefault(f.id(), List.of()))).toList(),
                summaries.stream().map(s -> new MemoryExport.ExportedSummary(
                        s.session() == null ? null : s.session().value(), s.text(), s.longTerm(), s.createdAt())).toList(),
                entities.stream().map(e -> new MemoryExport.ExportedEntity(e.name(), e.type(), e.notes(), e.updatedAt()))
                        .toList(),
                turns.stream().map(t -> new MemoryExport.ExportedTurn(t.id(), t.sessionId().value(), t.role().name(), t.text(),
                        t.at())).toList(),
                files.stream().map(f -> new MemoryExport.ExportedFile(f.path().value(), f.content(), f.createdAt(),
                        f.updatedAt())).toList());
    }

    private static MemoryExport.ExportedFact fact(Fact f, List<MemoryExport.ExportedChange> history) {
        return new MemoryExport.ExportedFact(f.id(), f.statement(), f.key(), f.subject(),
                Rows.sessionOf(f.source()), f.source().turnId(), f.confidence(), f.createdAt(), f.updatedAt(),
                f.validFrom(), f.invalidAt(), history, f.attributes(), f.originId());
    }

    private static MemoryExport.ExportedChange change(FactChange c) {
        return new MemoryExport.ExportedChange(c.kind().name(), c.before(), c.after(), c.at(),
                Rows.sessionOf(c.source()), c.source().turnId());
    }
}
