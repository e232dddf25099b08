package dev.engram.mcp;

import dev.engram.memory.Entity;
import dev.engram.memory.Fact;
import dev.engram.memory.MemoryFile;
import dev.engram.memory.MemoryView;
import dev.engram.memory.Summary;
import java.util.List;

/** The text of {@code list_memories}: "What I know about you", as the chat's {@code /memory} shows it. */
final class ViewText {
    private ViewText() {}

    /** The view with only {@code facts} of its facts (the newest, when a limit cut the list). */
    static String of(MemoryView view, List<Fact> facts) {
        if (view.facts().isEmpty() && view.summaries().isEmpty() && view.entities().isEmpty() && view.files().isEmpty()) {
            return "Nothing is remembered about this user yet.";
        }
        StringBuilder b = new StringBuilder("What I know about you:");
        if (!facts.isEmpty()) {
            b.append("\nFacts (forget one with forget_memory and its id)");
            if (facts.size() < view.facts().size()) {
                b.append(", the newest ").append(facts.size()).append(" of ").append(view.facts().size());
            }
            b.append(':');
            for (Fact f : facts) {
                b.append("\n  #").append(f.id()).append(' ').append(f.statement()).append("  (since ")
                        .append(Day.of(f.validFrom())).append(')');
            }
        }
        if (!view.summaries().isEmpty()) {
            b.append("\nEarlier conversations:");
            for (Summary s : view.summaries()) {
                b.append("\n  ").append(s.longTerm() ? "(long-term)" : Day.of(s.createdAt())).append("  ").append(s.text());
            }
        }
        if (!view.entities().isEmpty()) {
            b.append("\nPeople, projects and goals:");
            for (Entity e : view.entities()) {
                b.append("\n  ").append(e.name()).append(" (").append(e.type()).append("): ").append(e.notes().replace("\n", " "));
            }
        }
        if (!view.files().isEmpty()) {
            b.append("\nMemory files:");
            for (MemoryFile f : view.files()) {
                b.append("\n  ").append(f.path()).append("  (").append(f.content().length()).append(" characters)");
            }
        }
        return b.toString();
    }
}
