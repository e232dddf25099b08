package dev.engram.cli;

import dev.engram.Engram;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code engram} command line: chat, demo, memory, jobs, bench, serve, keys, completion and help. */
@Command(name = "engram", mixinStandardHelpOptions = true, version = "engram 0.1.0",
        // Inherited: every command and subcommand answers --help and --version.
        scope = CommandLine.ScopeType.INHERIT,
        description = "A Claude chatbot that remembers each user across sessions.",
        subcommands = {ChatCommand.class, DemoCommand.class, MemoryCommand.class, JobsCommand.class, BenchCommand.class,
                ServeCommand.class, KeysCommand.class, McpCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    /** Exit status for a usage or input error. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        configureLogging();
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (for tests and the launcher). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, not run yet (tests capture its output). */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler(new UnknownOptionsFirst(cli.getParameterExceptionHandler()));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof Engram.MissingApiKeyException || e instanceof IllegalArgumentException) {
                err.println("error: " + e.getMessage());
                err.flush();
                return USAGE;
            }
            err.println("error: " + e.getMessage());
            err.flush();
            if (System.getenv("ENGRAM_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        });
        return cli;
    }

    /** Without a command: the usage, on stderr, and exit status 2. */
    @Override
    public Integer call() {
        return missingSubcommand(spec);
    }

    /** What a command that needs a subcommand does when it has none: its usage on stderr, and {@link #USAGE}. */
    static int missingSubcommand(CommandLine.Model.CommandSpec spec) {
        CommandLine cli = spec.commandLine();
        cli.getErr().println("Missing command: " + spec.qualifiedName() + " needs one of the commands below.");
        cli.usage(cli.getErr());
        cli.getErr().flush();
        return USAGE;
    }

    private static void configureLogging() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler handler = new ConsoleHandler();
        System.setProperty("java.util.logging.SimpleFormatter.format", "engram: %4$s: %5$s%6$s%n");
        handler.setFormatter(new SimpleFormatter());
        Level level = System.getenv("ENGRAM_DEBUG") != null ? Level.FINE : Level.WARNING;
        handler.setLevel(level);
        root.setLevel(level);
        root.addHandler(handler);
    }
}
