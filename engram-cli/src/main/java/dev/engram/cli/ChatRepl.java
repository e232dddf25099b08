package dev.engram.cli;

import dev.engram.chat.ChatService;
import dev.engram.chat.ChatSession;
import dev.engram.chat.LiveSessions;
import dev.engram.chat.TurnResult;
import dev.engram.curation.ExportFormat;
import dev.engram.curation.MemoryService;
import dev.engram.llm.LlmException;
import dev.engram.llm.ModelUnreachableException;
import dev.engram.llm.ReplyStop;
import dev.engram.memory.Fact;
import dev.engram.memory.ForgetResult;
import dev.engram.memory.SessionId;
import dev.engram.memory.UserId;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The terminal chat: reads one message or slash command per line, streams replies, and ends the
 * session on {@code /new}, {@code /quit}, end of input, or after the idle timeout.
 */
public final class ChatRepl {
    /** Exit status after Ctrl-C ended the chat, as for a program stopped by SIGINT. */
    public static final int INTERRUPTED = 130;
    private static final String HELP = """
            Commands:
              /memory          what I know about you
              /remember TEXT   store TEXT as a fact about you, word for word
              /forget ID|TEXT  forget a fact (#12) and the messages it came from, a summary (s3),
                               or the one fact that contains TEXT
              /history ID      how a fact changed over time
              /export [FILE]   write everything I know about you as JSON
              /incognito [off] stop recording anything (the prompt says so) until /incognito off
                               or the end of this session
              /new             end this session and start a new one
              /quit            end the session and leave
              /help            this list
            Ctrl-C stops a reply (and keeps what arrived); Ctrl-C at an empty prompt ends the session.""";

    private final Supplier<ChatService> chatService;
    private final Supplier<MemoryService> memoryService;
    private final ExportFormat format;
    private final Path exportDir;
    private final UserId user;
    private final LineSource in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;
    private final Duration idleTimeout;
    private final Clock clock;
    private ChatSession session;
    private int status;
    // Whether the latest model call failed because the model server could not be reached at all.
    private volatile boolean modelUnreachable;
    // The stop of the reply being streamed, or null at other times; read by interrupt() on a signal thread.
    private volatile ReplyStop streaming;

    public ChatRepl(ChatService chat, MemoryService memory, ExportFormat format, Path exportDir, UserId user,
                    LineSource in, PrintStream out, PrintStream err, boolean interactive, Duration idleTimeout, Clock clock) {
        this(() -> chat, () -> memory, format, exportDir, user, in, out, err, interactive, idleTimeout, clock);
    }

    /**
     * A chat whose services may still be starting: the prompt shows at once, and the first line
     * that needs a service waits for it.
     */
    public ChatRepl(Supplier<ChatService> chat, Supplier<MemoryService> memory, ExportFormat format, Path exportDir,
                    UserId user, LineSource in, PrintStream out, PrintStream err, boolean interactive,
                    Duration idleTimeout, Clock clock) {
        this.chatService = chat;
        this.memoryService = memory;
        this.format = format;
        this.exportDir = exportDir;
        this.user = user;
        this.in = in;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    /**
     * Whether the chat's latest model call failed because the model server could not be reached;
     * then {@link #run} returns 1 and memory work should not be waited for.
     */
    public boolean modelUnreachable() {
        return modelUnreachable;
    }

    /**
     * Runs until /quit, end of input, or Ctrl-C at the prompt; returns the process exit status (130
     * after Ctrl-C). The session is ended (its summary queued) in every case.
     */
    public int run() {
        session = new ChatSession(user, SessionId.random(), clock.instant());
        if (interactive) {
            out.println("Engram chat as " + user + ". /help lists commands; /quit or Ctrl-D ends.");
        }
        ScheduledExecutorService idle = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "engram-idle");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, Math.min(30, idleTimeout.toSeconds() / 2));
        idle.scheduleAtFixedRate(this::endIfIdle, every, every, TimeUnit.SECONDS);
        try {
            String line;
            while ((line = in.readLine(prompt())) != null) {
                if (!handle(line)) {
                    break;
                }
            }
        } catch (PromptInterruptedException e) {
            // Ctrl-C at the prompt: the session ends as on /quit, and the exit status says how.
            err.println("(Ctrl-C: ending the session)");
            status = INTERRUPTED;
        } finally {
            idle.shutdownNow();
            synchronized (this) {
                if (session.recorded()) {
                    chatService.get().end(session);
                }
            }
        }
        return status == 0 && modelUnreachable ? 1 : status;
    }

    /** "you> ", or "you (incognito)> " while nothing is recorded; none when stdin is not a terminal. */
    private synchronized String prompt() {
        if (!interactive) {
            return "";
        }
        return session.incognito() ? "you (incognito)> " : "you> ";
    }

    private synchronized void endIfIdle() {
        if (session.recorded() && LiveSessions.idle(session, clock.instant(), idleTimeout)) {
            boolean incognito = session.incognito();
            chatService.get().end(session);
            session = new ChatSession(user, SessionId.random(), clock.instant());
            // The user turned recording off until they start a /new session; a silent timeout must not turn it back on.
            if (incognito) {
                session.goIncognito();
            }
        }
    }

    /** Handles one line; returns false when the user asked to quit. */
    synchronized boolean handle(String raw) {
        String line = raw.strip();
        if (line.isEmpty()) {
            return true;
        }
        try {
            if (line.startsWith("/")) {
                return command(line);
            }
            reply(line);
        } catch (LlmException e) {
            modelUnreachable = e instanceof ModelUnreachableException;
            err.println("error: Claude could not answer: " + e.getMessage()
                    + (session.incognito() ? "" : " (your message is saved in the log)"));
        } catch (StartupFailure e) {
            err.println("error: Engram could not start: " + e.getMessage());
            status = e.status();
            return false;
        } catch (IllegalArgumentException | UncheckedIOException | dev.engram.EngramException e) {
            err.println("error: " + e.getMessage());
        }
        return true;
    }

    /** Streams Claude's reply to one message; Ctrl-C meanwhile ({@link #interrupt}) stops it and keeps what arrived. */
    private void reply(String line) {
        ChatService chat = chatService.get();
        ReplyStop stop = new ReplyStop();
        // "claude> " only once Claude says something: a refused message or a failed call is not a reply.
        boolean[] started = new boolean[1];
        streaming = stop;
        TurnResult result;
        try {
            result = chat.send(session, line, text -> {
                if (!started[0]) {
                    started[0] = true;
                    out.print(interactive ? "claude> " : "");
                }
                out.print(text);
                out.flush();
            }, stop);
        } finally {
            streaming = null;
            if (started[0]) {
                out.println();
                out.flush();
            }
        }
        modelUnreachable = false;
        if (result.stopped()) {
            err.println("(reply stopped and kept; Ctrl-C again at the prompt ends the session)");
        } else if (stop.requested()) {
            // Ctrl-C came once the whole reply was in: it is the one that ends the session.
            in.interruptPrompt();
        }
    }

    /**
     * Ctrl-C, from any thread (a signal handler): stops the reply being streamed, if there is one,
     * and otherwise ends the chat at the prompt, as {@code /quit} does.
     */
    public void interrupt() {
        ReplyStop stop = streaming;
        if (stop != null) {
            stop.request();
        } else {
            in.interruptPrompt();
        }
    }

    private boolean command(String line) {
        int space = line.indexOf(' ');
        String name = (space < 0 ? line : line.substring(0, space)).toLowerCase(java.util.Locale.ROOT);
        String arg = space < 0 ? "" : line.substring(space + 1).strip();
        switch (name) {
            case "/quit", "/exit" -> {
                return false;
            }
            case "/help" -> out.println(HELP);
            case "/memory" -> MemoryPrinter.print(memoryService.get().view(user), out);
            case "/remember" -> {
                requireRecording("/remember");
                Fact f = memoryService.get().remember(user, arg, session.id());
                out.println("Remembered as #" + f.id() + ": " + f.statement());
            }
            case "/forget" -> forget(arg);
            case "/history" -> {
                var history = memoryService.get().history(user, arg);
                MemoryPrinter.printHistory(Long.parseLong(arg.replace("#", "").strip()), history, out);
            }
            case "/export" -> export(arg);
            case "/incognito" -> incognito(arg);
            case "/new" -> {
                if (session.recorded()) {
                    chatService.get().end(session);
                }
                session = new ChatSession(user, SessionId.random(), clock.instant());
                out.println("Started a new session.");
            }
            default -> err.println("error: unknown command " + name + "; /help lists the commands");
        }
        return true;
    }

    private void incognito(String arg) {
        switch (arg.toLowerCase(java.util.Locale.ROOT)) {
            case "", "on" -> {
                session.goIncognito();
                out.println("Incognito: nothing from now on is recorded or remembered, until /incognito off or the"
                        + " end of this session.");
            }
            case "off" -> {
                boolean was = session.incognito();
                session.leaveIncognito();
                out.println(was ? "Recording again: what you say from now on is remembered (what you said while incognito"
                        + " was not kept)." : "Incognito is not on; everything is recorded.");
            }
            default -> throw new IllegalArgumentException("/incognito takes 'off' or nothing, not '" + arg + "'");
        }
    }

    private void requireRecording(String command) {
        if (session.incognito()) {
            throw new IllegalArgumentException(command + " is off in incognito mode; /incognito off records again");
        }
    }

    private void forget(String arg) {
        ForgetResult r = memoryService.get().forget(user, arg);
        if (r.done()) {
            session.forgetTurns(r.removedTurns());
            out.println(MemoryPrinter.forgotten(r));
        } else {
            out.println("Several facts match; forget one by its id:");
            r.ambiguous().forEach(f -> out.println("  #" + f.id() + "  " + f.statement()));
        }
    }

    private void export(String arg) {
        Path file = arg.isEmpty() ? new ExportFiles(exportDir).defaultFile(user, clock.instant()) : Path.of(arg);
        try {
            ExportFiles.write(file, format.write(memoryService.get().export(user)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        out.println("Exported your memory to " + file.toAbsolutePath());
    }
}
