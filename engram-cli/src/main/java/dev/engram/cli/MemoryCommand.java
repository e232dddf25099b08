package dev.engram.cli;

import dev.engram.app.Config;
import dev.engram.app.Wiring;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.UserId;
import dev.engram.server.mem0.Mem0Import;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code engram memory show|export|import|erase|history|add|edit|forget|search}: a user's memory
 * outside the chat, for a user of the local chat or, with {@code --tenant}, of an API tenant.
 */
@Command(name = "memory", description = "See, change, export, import or erase what Engram knows about a user.",
        subcommands = {MemoryCommand.Show.class, MemoryCommand.Export.class, MemoryCommand.Import.class,
                MemoryCommand.Erase.class, MemoryCommand.History.class, MemoryEditCommands.Add.class,
                MemoryEditCommands.Edit.class, MemoryEditCommands.Forget.class, MemoryEditCommands.Search.class,
                picocli.CommandLine.HelpCommand.class})
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

    /** Base of the subcommands: the user and tenant options, and the wiring. */
    abstract static class UserCommand implements Callable<Integer> {
        @Option(names = "--user", required = true,
                description = "The user id; with --tenant, the id the tenant gives the user.")
        String user;

        @Option(names = "--tenant", paramLabel = "NAME",
                description = "Work on a user of this HTTP API tenant (see 'engram keys list').")
        String tenant;

        @Override
        public Integer call() throws Exception {
            UserId named = UserId.of(user);
            checkInput(named);
            try (Wiring wiring = new Wiring(Config.fromEnv(System.getenv()))) {
                return run(wiring, UserTarget.resolve(wiring, tenant, named, addsMemory()), stdout());
            }
        }

        /** Checks the command's own input before the store is opened: when it throws, nothing was touched. */
        void checkInput(UserId named) throws IOException {
            // most commands have nothing to check beyond what picocli did
        }

        /** Whether the command adds memory, and so may add a new user to the tenant. */
        boolean addsMemory() {
            return false;
        }

        abstract int run(Wiring wiring, UserTarget target, PrintStream out) throws Exception;

        /** The user's export, naming the user as the operator did (a tenant's id, not the internal one). */
        static MemoryExport export(Wiring wiring, UserTarget target) {
            return wiring.memory().export(target.id()).ownedBy(target.named().value());
        }
    }

    @Command(name = "show", description = "List facts, summaries and entities.")
    static final class Show extends UserCommand {
        @Option(names = "--json", description = "Print everything as JSON (the export format).")
        boolean json;

        @Override
        int run(Wiring wiring, UserTarget target, PrintStream out) {
            if (json) {
                out.println(wiring.exportFormat().write(export(wiring, target)));
            } else {
                MemoryPrinter.print(wiring.memory().view(target.id()), out);
            }
            return 0;
        }
    }

    @Command(name = "export", description = "Write the user's memory as JSON to a file or stdout.")
    static final class Export extends UserCommand {
        @Option(names = "--out", description = "File to write; stdout when absent.")
        Path outFile;

        @Override
        int run(Wiring wiring, UserTarget target, PrintStream out) throws Exception {
            String json = wiring.exportFormat().write(export(wiring, target));
            if (outFile == null) {
                out.println(json);
            } else {
                ExportFiles.write(outFile, json);
                System.err.println("exported " + target.label() + " to " + outFile.toAbsolutePath());
            }
            return 0;
        }
    }

    @Command(name = "import", description = "Add memory from a JSON export to the user: Engram's format or the simple "
            + "{user_id, facts, session_summaries, entity_notes} layout, or with --from mem0 the JSON of mem0's get-all "
            + "(the user's memories in it, with their history from --history). The whole file is checked before anything "
            + "is written. A file that names another user is refused unless --as-user is given.")
    static final class Import extends UserCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The JSON file.")
        Path file;

        @Option(names = "--as-user", description = "Import into --user even though the file names another user as its owner.")
        boolean asUser;

        @Option(names = "--from", paramLabel = "FORMAT", defaultValue = "engram",
                description = "engram (the default: Engram's export or the simple layout) or mem0 (mem0's get-all JSON).")
        String from;

        @Option(names = "--history", paramLabel = "DB",
                description = "With --from mem0: mem0's SQLite history file (e.g. ~/.mem0/history.db), read only.")
        Path history;

        private MemoryExport data;
        private Mem0Import.Plan mem0;

        @Override
        boolean addsMemory() {
            return true;
        }

        @Override
        void checkInput(UserId named) throws IOException {
            if (from.equals("mem0")) {
                mem0 = Mem0Import.plan(readText(), history, named, asUser, Instant.now());
                data = mem0.users().get(named);
                return;
            }
            if (!from.equals("engram")) {
                throw new IllegalArgumentException("--from is engram or mem0, not '" + from + "'");
            }
            if (history != null) {
                throw new IllegalArgumentException("--history goes with --from mem0: it is mem0's SQLite history file");
            }
            data = new dev.engram.curation.ExportFormat().read(readText(), Instant.now());
            checkOwner(data.userId(), named);
        }

        @Override
        int run(Wiring wiring, UserTarget target, PrintStream out) {
            var counts = wiring.memory().importMemory(target.id(), data);
            out.println("imported into " + target.label() + ": " + counts);
            if (mem0 != null) {
                int known = data.facts().size() - counts.facts();
                if (known > 0) {
                    out.println(known + " of the " + data.facts().size() + " mem0 memories were there already (same text or"
                            + " same mem0 id) and were not added again");
                }
                mem0.notes().forEach(note -> System.err.println("note: " + note));
            }
            return 0;
        }

        /** The file's text, read before anything is opened or written. */
        private String readText() throws IOException {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("no such file: " + file);
            } catch (java.nio.charset.MalformedInputException e) {
                throw new IllegalArgumentException(file + " is not UTF-8 text");
            }
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

    @Command(name = "erase", description = "Erase everything Engram holds about the user, after asking (or with --yes).")
    static final class Erase extends UserCommand {
        @Option(names = "--yes", description = "Erase without asking.")
        boolean yes;

        @Override
        int run(Wiring wiring, UserTarget target, PrintStream out) throws IOException {
            if (!yes && !confirmed(target)) {
                System.err.println("nothing was erased (answer 'yes' to erase, or pass --yes)");
                return 1;
            }
            boolean existed = wiring.memory().erase(target.id());
            out.println(existed ? "erased all memory of " + target.label() : "nothing was stored for " + target.label());
            Path exports = wiring.config().home().resolve("exports");
            for (Path file : new ExportFiles(exports).deleteAll(target.id())) {
                out.println("deleted the export " + file);
            }
            System.err.println("exports written elsewhere with --out or /export FILE are copies Engram does not track:"
                    + " delete them yourself");
            return 0;
        }

        /** Asks on stderr and reads the answer from stdin; anything but "yes", or no answer, is a no. */
        private static boolean confirmed(UserTarget target) throws IOException {
            System.err.print("Erase everything Engram holds about " + target.label()
                    + " (facts, summaries, entities and messages)? This cannot be undone. Type yes to erase: ");
            System.err.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            System.err.println();
            return answer != null && answer.strip().toLowerCase(Locale.ROOT).equals("yes");
        }
    }

    @Command(name = "history", description = "Show how one fact changed over time.")
    static final class History extends UserCommand {
        @Parameters(index = "0", paramLabel = "FACT", description = "The fact id, e.g. 12 or #12.")
        String fact;

        @Override
        int run(Wiring wiring, UserTarget target, PrintStream out) {
            var history = wiring.memory().history(target.id(), fact);
            MemoryPrinter.printHistory(Long.parseLong(fact.replace("#", "").strip()), history, out);
            return 0;
        }
    }
}
