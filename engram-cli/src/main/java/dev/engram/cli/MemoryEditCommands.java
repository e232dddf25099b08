package dev.engram.cli;

import dev.engram.app.Wiring;
import dev.engram.memory.Fact;
import dev.engram.memory.ForgetResult;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code engram memory add|edit|forget|search}: one memory at a time, as {@code /remember},
 * {@code /forget} and the HTTP API's memory routes do it. Bad input exits with status 2 and
 * changes nothing.
 */
final class MemoryEditCommands {
    private static final Pattern FACT_ID = Pattern.compile("#?(\\d{1,18})");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private MemoryEditCommands() {}

    /** The words of a text given as several arguments, as one string. */
    private static String text(List<String> words) {
        return words == null ? "" : String.join(" ", words);
    }

    /** A fact id as the user writes it, 12 or #12. */
    static long factId(String raw) {
        Matcher m = FACT_ID.matcher(raw == null ? "" : raw.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("a fact id looks like 12 or #12, not '" + raw + "'; 'engram memory show' lists them");
        }
        return Long.parseLong(m.group(1));
    }

    @Command(name = "add", description = "Store TEXT as a fact about the user, word for word.")
    static final class Add extends MemoryCommand.UserCommand {
        @Parameters(paramLabel = "TEXT", arity = "1..*", description = "The fact; several words need no quotes.")
        List<String> words;

        @Override
        boolean addsMemory() {
            return true;
        }

        @Override
        int run(Wiring wiring, UserTarget target, PrintStream out) {
            Fact f = wiring.memory().remember(target.id(), text(words), null);
            out.println("added #" + f.id() + ": " + f.statement());
            return 0;
        }
    }

    @Command(name = "edit", description = "Replace the text of one fact; the old text stays in its history.")
    static final class Edit extends MemoryCommand.UserCommand {
        @Parameters(index = "0", paramLabel = "FACT", description = "The fact id, e.g. 12 or #12.")
        String fact;

        @Parameters(index = "1..*", paramLabel = "TEXT", arity = "1..*", description = "The new text of the fact.")
        List<String> words;

        @Override
        int run(Wiring wiring, UserTarget target, PrintStream out) {
            Fact f = wiring.memory().edit(target.id(), factId(fact), text(words));
            out.println("edited #" + f.id() + ": " + f.statement());
            return 0;
        }
    }

    @Command(name = "forget", description = "Forget a fact (12 or #12) and the messages it came from, a summary (s3),"
            + " or the one fact or entity whose text contains TEXT.")
    static final class Forget extends MemoryCommand.UserCommand {
        @Parameters(paramLabel = "ID|TEXT", arity = "1..*", description = "A fact id, a summary id, or words of the fact.")
        List<String> words;

        @Override
        int run(Wiring wiring, UserTarget target, PrintStream out) {
            String what = text(words);
            ForgetResult r = wiring.memory().forget(target.id(), what);
            if (!r.done()) {
                throw new IllegalArgumentException("Several facts match '" + what + "'; forget one by its id:\n"
                        + r.ambiguous().stream().map(f -> "  #" + f.id() + "  " + f.statement()).collect(Collectors.joining("\n")));
            }
            out.println(MemoryPrinter.forgotten(r));
            return 0;
        }
    }

    @Command(name = "search", description = "List the user's facts that share words with QUERY, best match first.")
    static final class Search extends MemoryCommand.UserCommand {
        @Parameters(paramLabel = "QUERY", arity = "1..*", description = "Words to look for.")
        List<String> words;

        @Option(names = "--limit", defaultValue = "20", description = "At most this many facts (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        int run(Wiring wiring, UserTarget target, PrintStream out) {
            if (limit < 1) {
                throw new IllegalArgumentException("--limit must be at least 1, was " + limit);
            }
            List<Fact> found = wiring.memory().search(target.id(), text(words), limit);
            if (found.isEmpty()) {
                out.println("no fact of " + target.label() + " matches '" + text(words) + "'");
            }
            for (Fact f : found) {
                out.printf("  #%-5d %s  (since %s)%n", f.id(), f.statement(), DAY.format(f.validFrom()));
            }
            return 0;
        }
    }
}
