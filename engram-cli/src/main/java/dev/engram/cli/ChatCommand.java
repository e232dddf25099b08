package dev.engram.cli;

import dev.engram.Engram;
import dev.engram.app.Config;
import dev.engram.app.Wiring;
import dev.engram.chat.ChatService;
import dev.engram.memory.UserId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram chat --user ID}: a chat with Claude that remembers this user. */
@Command(name = "chat", description = "Chat with Claude; it remembers you across sessions.")
final class ChatCommand implements Callable<Integer> {
    static final Duration DRAIN = Duration.ofMinutes(3);

    @Option(names = "--user", required = true, description = "Your user id: 1-128 letters, digits, '.', '_', '-' or '@'.")
    String user;

    @Override
    public Integer call() throws Exception {
        UserId id = UserId.of(user);
        Config config = Config.fromEnv(System.getenv());
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (config.apiKey() == null) {
            System.err.println("error: " + new Engram.MissingApiKeyException().getMessage());
            return Main.USAGE;
        }
        try (Wiring wiring = Wiring.forTerminalChat(config)) {
            return chat(wiring, id, out, System.err);
        }
    }

    /** Runs the chat on stdin for the wired services, then finishes pending memory work. */
    static int chat(Wiring wiring, UserId id, PrintStream out, PrintStream err) throws Exception {
        boolean interactive = System.console() != null;
        LineSource in = interactive
                ? new TerminalLineSource(TerminalBuilder.builder().system(true).build())
                : new PlainLineSource(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        // Started after the terminal: the warm-up keeps both cores busy and would delay the prompt.
        CompletableFuture<ChatService> chat = wiring.warmUpChat();
        Supplier<ChatService> ready = () -> {
            try {
                return chat.join();
            } catch (CompletionException e) {
                throw new StartupFailure(e.getCause() != null ? e.getCause() : e);
            }
        };
        int status;
        ChatRepl repl;
        try (in) {
            repl = new ChatRepl(ready, wiring::memory, wiring.exportFormat(),
                    wiring.config().home().resolve("exports"), id, in, out, err, interactive,
                    wiring.config().idleTimeout(), Clock.systemUTC());
            status = runWithCtrlC(repl, in);
        }
        if (repl.modelUnreachable()) {
            // The memory jobs need the model too: waiting for their retries would only hold up the exit.
            return unreachable(wiring.store().jobs().outstanding(), status, err);
        }
        if (interactive) {
            out.println("Saving what I learned...");
        }
        Engram.PendingWork left = wiring.finishPendingWork(DRAIN);
        if (left.modelUnreachable()) {
            return unreachable(left.jobs(), status, err);
        }
        if (left.jobs() > 0) {
            err.println("engram: " + left.jobs() + " memory job(s) are still pending; they will run the next time Engram starts");
        }
        return status;
    }

    /**
     * Runs the chat with Ctrl-C going to it: from the terminal, or as SIGINT when stdin is piped.
     * Afterwards Ctrl-C stops the program again, so that a long wait for memory work can be cut.
     */
    private static int runWithCtrlC(ChatRepl repl, LineSource in) {
        if (in instanceof TerminalLineSource terminal) {
            terminal.onInterrupt(repl::interrupt);
            return repl.run();
        }
        Runnable restore = Interrupts.onSigint(repl::interrupt);
        try {
            return repl.run();
        } finally {
            restore.run();
        }
    }

    private static int unreachable(int jobs, int status, PrintStream err) {
        err.println("engram: the model server could not be reached; " + jobs
                + " memory job(s) stay queued and run the next time Engram starts");
        return status == 0 ? 1 : status;
    }
}
