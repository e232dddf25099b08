package dev.engram.cli;

import dev.engram.app.Config;
import dev.engram.app.Wiring;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.UserId;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code engram memory show|export|import|erase|history}: a user's memory outside the chat. */
@Command(name = "memory", description = "See, export, import or erase what Engram knows about a user.",
        subcommands = {MemoryCommand.Show.class, MemoryCommand.Export.class, MemoryCommand.Import.class,
                MemoryCommand.Erase.class, MemoryCommand.History.class, picocli.CommandLine.HelpCommand.class})
final class MemoryCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return Main.missingSubcommand(spec);
    }

    static PrintStream stdout() {
        return new PrintStream(System.out, true, StandardCharsets.UTF_8);
    }

    /** Base of the subcommands: the user option and the wiring. */
    abstract static class UserCommand implements Callable<Integer> {
        @Option(names = "--user", required = true, description = "The user id.")
        String user;

        @Override
        public Integer call() throws Exception {
            UserId id = UserId.of(user);
            try (Wiring wiring = new Wiring(Config.fromEnv(System.getenv()))) {
                return run(wiring, id, stdout());
            }
        }

        abstract int run(Wiring wiring, UserId id, PrintStream out) throws Exception;
    }

    @Command(name = "show", description = "List facts, summaries and entities.")
    static final class Show extends UserCommand {
        @Option(names = "--json", description = "Print everything as JSON (the export format).")
        boolean json;

        @Override
        int run(Wiring wiring, UserId id, PrintStream out) {
            if (json) {
                out.println(wiring.exportFormat().write(wiring.memory().export(id)));
            } else {
                MemoryPrinter.print(wiring.memory().view(id), out);
            }
            return 0;
        }
    }

    @Command(name = "export", description = "Write the user's memory as JSON to a file or stdout.")
    static final class Export extends UserCommand {
        @Option(names = "--out", description = "File to write; stdout when absent.")
        Path outFile;

        @Override
        int run(Wiring wiring, UserId id, PrintStream out) throws Exception {
            String json = wiring.exportFormat().write(wiring.memory().export(id));
            if (outFile == null) {
                out.println(json);
            } else {
                Files.writeString(outFile, json);
                System.err.println("exported " + id + " to " + outFile.toAbsolutePath());
            }
            return 0;
        }
    }

    @Command(name = "import", description = "Add memory from a JSON export (Engram's format or the simple "
            + "{user_id, facts, session_summaries, entity_notes} layout) to the user. A file that names another "
            + "user is refused unless --as-user is given.")
    static final class Import extends UserCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The JSON file.")
        Path file;

        @Option(names = "--as-user", description = "Import into --user even though the file names another user as its owner.")
        boolean asUser;

        @Override
        int run(Wiring wiring, UserId id, PrintStream out) throws Exception {
            String json;
            try {
                json = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("no such file: " + file);
            } catch (java.nio.charset.MalformedInputException e) {
                throw new IllegalArgumentException(file + " is not UTF-8 text");
            }
            MemoryExport data = wiring.exportFormat().read(json, Instant.now());
            checkOwner(data.userId(), id);
            var counts = wiring.memory().importMemory(id, data);
            out.println("imported into " + id + ": " + counts);
            return 0;
        }

        /** Refuses a file whose owner is another user, unless --as-user says that is meant; a file naming no owner passes. */
        private void checkOwner(String owner, UserId target) {
            if (owner == null || owner.isBlank() || owner.equals(target.value()) || asUser) {
                return;
            }
            throw new IllegalArgumentException(file + " holds the memory of user '" + owner + "', not '" + target
                    + "': import it with --user " + owner + ", or add --as-user to import it into '" + target + "' anyway");
        }
    }

    @Command(name = "erase", description = "Erase everything Engram holds about the user.")
    static final class Erase extends UserCommand {
        @Override
        int run(Wiring wiring, UserId id, PrintStream out) {
            boolean existed = wiring.memory().erase(id);
            out.println(existed ? "erased all memory of " + id : "nothing was stored for " + id);
            return 0;
        }
    }

    @Command(name = "history", description = "Show how one fact changed over time.")
    static final class History extends UserCommand {
        @Parameters(index = "0", paramLabel = "FACT", description = "The fact id, e.g. 12 or #12.")
        String fact;

        @Override
        int run(Wiring wiring, UserId id, PrintStream out) {
            var history = wiring.memory().history(id, fact);
            MemoryPrinter.printHistory(Long.parseLong(fact.replace("#", "").strip()), history, out);
            return 0;
        }
    }
}
