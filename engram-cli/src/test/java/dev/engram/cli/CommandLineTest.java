package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.testing.CliProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line behaves like one: help on every command, {@code engram help}, unknown options
 * named as such, a non-zero exit when no command is given, and a shell completion script.
 */
class CommandLineTest {
    @TempDir
    Path home;

    private record Run(int status, String out, String err) {}

    /** Runs the command line in process, with its output captured. */
    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    /** The path of every command and subcommand below {@code engram}, e.g. ["memory", "show"]. */
    private static List<List<String>> commandPaths(CommandLine command, List<String> prefix) {
        List<List<String>> paths = new ArrayList<>();
        command.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandName().equals(name)) {
                return; // an alias
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            paths.add(path);
            paths.addAll(commandPaths(sub, path));
        });
        return paths;
    }

    @Test
    void everyCommandAndSubcommand_answersHelpWithItsUsage_andExit0() {
        List<List<String>> paths = commandPaths(Main.commandLine(), List.of());
        assertThat(paths).extracting(p -> String.join(" ", p))
                .contains("chat", "demo", "memory", "memory show", "memory import", "jobs", "bench", "bench load",
                        "serve", "keys", "keys create", "help", "completion");

        for (List<String> path : paths) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                Run r = run(args.toArray(String[]::new));

                assertThat(r.status()).as("engram %s: %s", args, r.err()).isZero();
                assertThat(r.out()).as("engram %s", args).contains("Usage: engram " + String.join(" ", path) + " ");
                assertThat(r.err()).as("engram %s", args).isEmpty();
            }
        }
    }

    @Test
    void helpCommand_printsTheUsageOfTheNamedCommand() {
        Run top = run("help");
        Run chat = run("help", "chat");
        Run show = run("memory", "help", "show");

        assertThat(top.status()).isZero();
        assertThat(top.out()).startsWith("Usage: engram").contains("chat").contains("memory");
        assertThat(chat.status()).isZero();
        assertThat(chat.out()).startsWith("Usage: engram chat").contains("--user");
        assertThat(show.out()).startsWith("Usage: engram memory show");
    }

    @Test
    void unknownOption_isReportedAsUnknown_withExit2() {
        for (String[] args : List.of(new String[] {"demo", "--bogus"}, new String[] {"chat", "--bogus"},
                new String[] {"chat", "--user", "alice", "--bogus"}, new String[] {"memory", "show", "--user", "a", "--bogus"})) {
            Run r = run(args);

            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("Unknown option: '--bogus'");
        }
    }

    @Test
    void noCommand_printsUsageToStderr_andExitsNonZero() {
        for (String[] args : List.of(new String[0], new String[] {"memory"}, new String[] {"keys"}, new String[] {"bench"})) {
            Run r = run(args);

            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.out()).as(String.join(" ", args)).isEmpty();
            assertThat(r.err()).as(String.join(" ", args)).contains("Usage: engram");
        }
    }

    @Test
    void completion_printsABashScriptThatBashAccepts() throws Exception {
        CliProcess.Result r = CliProcess.run(Map.of("ENGRAM_HOME", home.toString()), null, 60, "completion");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("complete").contains("memory").contains("--user");
        Path script = home.resolve("engram-completion.bash");
        java.nio.file.Files.writeString(script, r.stdout());
        Process bash = new ProcessBuilder("bash", "-c", "source \"$1\" && complete -p engram", "bash", script.toString())
                .redirectErrorStream(true).start();
        String said = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor()).as(said).isZero();
        assertThat(said).contains("engram");
    }
}
