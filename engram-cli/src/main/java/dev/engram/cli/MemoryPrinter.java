package dev.engram.cli;

import dev.engram.memory.Entity;
import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.ForgetResult;
import dev.engram.memory.MemoryView;
import dev.engram.memory.Summary;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Prints memory for people: the {@code /memory} listing and a fact's history. */
final class MemoryPrinter {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private MemoryPrinter() {}

    static void print(MemoryView view, PrintStream out) {
        if (view.facts().isEmpty() && view.summaries().isEmpty() && view.entities().isEmpty()) {
            out.println("I don't know anything about you yet.");
            return;
        }
        out.println("What I know about you:");
        if (!view.facts().isEmpty()) {
            out.println("Facts (forget one with /forget #ID):");
            for (Fact f : view.facts()) {
                out.printf("  #%-5d %s  (since %s)%n", f.id(), f.statement(), DAY.format(f.validFrom()));
            }
        }
        if (!view.summaries().isEmpty()) {
            out.println("Earlier conversations (forget one with /forget sID):");
            for (Summary s : view.summaries()) {
                out.printf("  %-6s %s  %s%n", "s" + s.id(), s.longTerm() ? "(long-term)" : DAY.format(s.createdAt()), s.text());
            }
        }
        if (!view.entities().isEmpty()) {
            out.println("People, projects and goals you mentioned:");
            for (Entity e : view.entities()) {
                out.println("  " + e.name() + " (" + e.type() + "): " + e.notes().replace("\n", " "));
            }
        }
    }

    /** The line confirming a forget, e.g. "Forgotten: fact #12: ... (and the 2 messages it came from)". */
    static String forgotten(ForgetResult result) {
        int turns = result.removedTurns().size();
        return "Forgotten: " + result.removed() + switch (turns) {
            case 0 -> "";
            case 1 -> " (and the message it came from)";
            default -> " (and the " + turns + " messages it came from)";
        };
    }

    static void printHistory(long factId, List<FactChange> history, PrintStream out) {
        out.println("History of fact #" + factId + ":");
        for (FactChange c : history) {
            String source = c.source().session() == null ? "" : "  (session " + c.source().session()
                    + (c.source().turnId() == null ? "" : ", turn " + c.source().turnId()) + ")";
            String what = switch (c.kind()) {
                case ADDED -> "added: " + c.after();
                case UPDATED -> "updated: " + c.before() + "  ->  " + c.after();
                case EDITED -> "edited: " + c.before() + "  ->  " + c.after();
                case INVALIDATED -> "no longer true: " + c.before();
            };
            out.println("  " + TIME.format(c.at()) + "  " + what + source);
        }
    }
}
