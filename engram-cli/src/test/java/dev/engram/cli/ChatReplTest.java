package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.curation.ExportFormat;
import dev.engram.extraction.MemoryUpdater;
import dev.engram.llm.fake.FakeReply;
import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.Job;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import dev.engram.testing.ChatFixture;
import dev.engram.testkit.Await;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chat REPL in process, reading piped lines, over the real store and the fake Messages server. */
class ChatReplTest {
    private static final UserId ALICE = UserId.of("alice");
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path dir;
    private ChatFixture f;

    @BeforeEach
    void open() {
        f = new ChatFixture(dir.resolve("home"));
    }

    @AfterEach
    void close() {
        f.close();
    }

    private record Output(int status, String out, String err) {}

    private Output run(String input) {
        return run(new PlainLineSource(new BufferedReader(new StringReader(input))), Duration.ofMinutes(30));
    }

    private Output run(LineSource in, Duration idleTimeout) {
        return run(in, idleTimeout, false);
    }

    private Output run(LineSource in, Duration idleTimeout, boolean interactive) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ChatRepl repl = new ChatRepl(f.chat, f.memory, new ExportFormat(), dir.resolve("exports"), ALICE, in,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                interactive, idleTimeout, f.clock);
        int status = repl.run();
        return new Output(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Fact fact(String statement) {
        return f.store.addFact(ALICE, new NewFact(statement, null, Provenance.NONE, 1, T0, null));
    }

    private List<String> statements() {
        return f.store.facts(ALICE, true).stream().map(Fact::statement).toList();
    }

    private List<Job> jobsOfType(String type) {
        return f.jobs().stream().filter(j -> j.type().equals(type)).toList();
    }

    @Test
    void remember_storesTheTextVerbatim_andMemoryListsItWithItsId() {
        Output o = run("/remember   I'm allergic to peanuts -- badly!  \n/memory\n");

        assertThat(o.status()).isZero();
        assertThat(o.err()).isEmpty();
        Fact stored = f.store.facts(ALICE, false).get(0);
        assertThat(statements()).containsExactly("I'm allergic to peanuts -- badly!");
        assertThat(o.out()).contains("Remembered as #" + stored.id() + ": I'm allergic to peanuts -- badly!");
        assertThat(o.out().lines().filter(l -> l.contains("#" + stored.id() + " ") && l.contains("I'm allergic to peanuts -- badly!")))
                .as("the /memory listing shows the fact with its id:%n%s", o.out()).isNotEmpty();
    }

    @Test
    void memory_withNothingStored_saysSo() {
        Output o = run("/memory\n");

        assertThat(o.out()).contains("I don't know anything about you yet.");
    }

    @Test
    void forget_byIdAndByText_removesThatFactOnly() {
        Fact peanuts = fact("Is allergic to peanuts.");
        fact("Works as a nurse in Leeds.");
        fact("Has a cat called Tom.");

        Output o = run("/forget #" + peanuts.id() + "\n/forget cat called\n");

        assertThat(o.err()).isEmpty();
        assertThat(statements()).containsExactly("Works as a nurse in Leeds.");
        assertThat(o.out()).contains("Forgotten: fact #" + peanuts.id() + ": Is allergic to peanuts.")
                .contains("Has a cat called Tom.");
    }

    @Test
    void forget_ambiguousText_listsTheMatches_andRemovesNothing() {
        Fact a = fact("Is allergic to peanuts.");
        Fact b = fact("Likes peanut butter sandwiches.");
        fact("Works as a nurse in Leeds.");

        Output o = run("/forget peanut\n");

        assertThat(statements()).hasSize(3);
        assertThat(o.out()).contains("Several facts match").contains("#" + a.id() + "  Is allergic to peanuts.")
                .contains("#" + b.id() + "  Likes peanut butter sandwiches.").doesNotContain("nurse");
    }

    @Test
    void forget_unknownIdOrText_printsAClearError_andRemovesNothing() {
        fact("Works as a nurse in Leeds.");

        Output o = run("/forget #999\n/forget astronaut\n/forget\n");

        assertThat(statements()).hasSize(1);
        assertThat(o.err().lines()).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("error: "));
        assertThat(o.err()).contains("no fact #999").contains("astronaut");
    }

    @Test
    void history_showsTheFactsChanges() {
        Fact nurse = f.store.addFact(ALICE, new NewFact("Works as a nurse in Leeds.", "job", Provenance.NONE, 1, T0, null));
        f.store.updateFact(ALICE, nurse.id(), "Works as a midwife in Leeds.", null, null, FactChange.Kind.UPDATED,
                Provenance.NONE, T0.plusSeconds(3600));

        Output o = run("/history #" + nurse.id() + "\n/history\n");

        assertThat(o.out()).contains("History of fact #" + nurse.id()).contains("added: Works as a nurse in Leeds.")
                .contains("updated: Works as a nurse in Leeds.  ->  Works as a midwife in Leeds.");
        assertThat(o.err()).startsWith("error: ").contains("#12");
    }

    @Test
    void export_writesJsonThatImportReadsBack() throws Exception {
        fact("Works as a nurse in Leeds.");
        f.store.upsertEntity(ALICE, "Priya", "person", "Alice's sister.", T0, null);
        Path file = dir.resolve("out").resolve("alice.json");

        Output o = run("/export " + file + "\n/export\n");

        assertThat(o.err()).isEmpty();
        assertThat(o.out()).contains("Exported your memory to " + file.toAbsolutePath());
        MemoryExport read = new ExportFormat().read(Files.readString(file), Instant.now());
        assertThat(read.userId()).isEqualTo("alice");
        assertThat(read.facts()).extracting(MemoryExport.ExportedFact::statement).containsExactly("Works as a nurse in Leeds.");
        assertThat(read.entities()).extracting(MemoryExport.ExportedEntity::name).containsExactly("Priya");
        try (var files = Files.list(dir.resolve("exports"))) {
            List<Path> defaults = files.toList();
            assertThat(defaults).singleElement().satisfies(p -> {
                assertThat(p.getFileName().toString()).startsWith("alice-").endsWith(".json");
                assertThat(new ExportFormat().read(Files.readString(p), Instant.now()).facts()).hasSize(1);
            });
        }
    }

    @Test
    void incognito_thenMessage_storesNothing_andRememberIsRefused() {
        f.fake.onChat(FakeReply.text("Your secret is safe."));

        Output o = run("/incognito\nI'm planning a surprise party for Sam.\n/remember Sam's party is on Friday\n");

        assertThat(o.out()).contains("Incognito").contains("Your secret is safe.");
        assertThat(o.err()).startsWith("error: ").contains("incognito");
        assertThat(f.store.turns(ALICE)).isEmpty();
        assertThat(f.store.facts(ALICE, true)).isEmpty();
        assertThat(f.jobs()).isEmpty();
    }

    @Test
    void new_endsTheSession_queuingItsSummary_andEndOfInputEndsTheNext() {
        f.fake.onChat(FakeReply.text("Hello!"), FakeReply.text("Hello again!"));

        Output o = run("Hi there.\n/new\nHi again.\n");

        assertThat(o.out()).contains("Started a new session.");
        List<Turn> turns = f.store.turns(ALICE);
        assertThat(turns).extracting(Turn::role).containsExactly(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT);
        assertThat(turns.get(0).sessionId()).isNotEqualTo(turns.get(2).sessionId());
        assertThat(jobsOfType(MemoryUpdater.SUMMARIZE)).extracting(Job::payload).containsExactly(
                MemoryUpdater.summarizePayload(turns.get(0).sessionId()),
                MemoryUpdater.summarizePayload(turns.get(2).sessionId()));
        assertThat(f.fake.chatRequests().get(1).body().path("messages")).as("a new session starts without history").hasSize(1);
    }

    @Test
    void unknownCommand_printsAClearError_andHelpListsTheCommands() {
        Output o = run("/frobnicate now\n/help\n");

        assertThat(o.err().strip()).isEqualTo("error: unknown command /frobnicate; /help lists the commands");
        for (String command : List.of("/memory", "/remember", "/forget", "/history", "/export", "/incognito", "/new", "/quit", "/help")) {
            assertThat(o.out()).contains(command);
        }
        assertThat(f.fake.requests()).isEmpty();
    }

    @Test
    void modelError_printsOneClearLine_andTheLoopGoesOn() {
        f.fake.onChat(FakeReply.error(500, "api_error", "Internal server error"), FakeReply.text("I'm back."));

        Output o = run("First message.\nSecond message.\n");

        assertThat(o.status()).isZero();
        assertThat(o.err().lines()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("error: Claude could not answer: ").contains("HTTP 500").contains("saved"));
        assertThat(o.out()).contains("I'm back.");
        assertThat(f.store.turns(ALICE)).extracting(Turn::text)
                .containsExactly("First message.", "Second message.", "I'm back.");
    }

    @Test
    void quit_stopsReading_andEndsTheSession() {
        f.fake.onChat(FakeReply.text("Hello!"));

        Output o = run("Hi.\n/quit\nThis line is never read.\n");

        assertThat(o.status()).isZero();
        assertThat(f.fake.chatRequests()).hasSize(1);
        assertThat(jobsOfType(MemoryUpdater.SUMMARIZE)).hasSize(1);
    }

    @Test
    void blankLinesAreIgnored_andAnOverlongMessageIsRefused() {
        Output o = run("\n   \n" + "x".repeat(2001) + "\n");

        assertThat(o.err().lines()).singleElement().satisfies(l -> assertThat(l).startsWith("error: ").contains("2000"));
        assertThat(f.store.turns(ALICE)).isEmpty();
        assertThat(f.fake.requests()).isEmpty();
    }

    /** Lines fed one by one; before each, an action may run (e.g. moving the clock and waiting for the idle check). */
    private static final class ScriptedLines implements LineSource {
        private final Deque<Object> steps = new ArrayDeque<>();
        /** The prompt of every readLine call, in order. */
        final List<String> prompts = new java.util.ArrayList<>();

        ScriptedLines line(String line) {
            steps.add(line);
            return this;
        }

        ScriptedLines then(Runnable action) {
            steps.add(action);
            return this;
        }

        @Override
        public String readLine(String prompt) {
            prompts.add(prompt);
            while (!steps.isEmpty()) {
                Object step = steps.poll();
                if (step instanceof String line) {
                    return line;
                }
                ((Runnable) step).run();
            }
            return null;
        }

        @Override
        public void interruptPrompt() {
            steps.addFirst((Runnable) () -> {
                throw new PromptInterruptedException();
            });
        }

        @Override
        public void close() {}
    }

    private void awaitJobs(String type, int count) {
        Await.until(count + " " + type + " job(s) are queued", Duration.ofSeconds(20), () -> jobsOfType(type).size() >= count);
    }

    @Test
    void idleSession_isEndedWithItsSummary_andTheNextMessageStartsANewOne() {
        f.fake.onChat(FakeReply.text("Hello!"), FakeReply.text("Welcome back!"));
        Consumer<Duration> idleFor = d -> f.clock.advance(d);
        ScriptedLines in = new ScriptedLines()
                .line("Hi.")
                .then(() -> {
                    idleFor.accept(Duration.ofMinutes(5));
                    awaitJobs(MemoryUpdater.SUMMARIZE, 1);
                })
                .line("I'm back.");

        run(in, Duration.ofSeconds(2));

        List<Turn> turns = f.store.turns(ALICE);
        assertThat(turns).hasSize(4);
        assertThat(turns.get(0).sessionId()).isNotEqualTo(turns.get(2).sessionId());
        assertThat(jobsOfType(MemoryUpdater.SUMMARIZE)).extracting(Job::payload).containsExactly(
                MemoryUpdater.summarizePayload(turns.get(0).sessionId()),
                MemoryUpdater.summarizePayload(turns.get(2).sessionId()));
    }

    @Test
    void incognito_staysOnWhenTheIdleTimeoutEndsTheSession() {
        f.fake.onChat(FakeReply.text("Hello!"), FakeReply.text("Noted, quietly."));
        ScriptedLines in = new ScriptedLines()
                .line("Hi.")
                .line("/incognito")
                .then(() -> {
                    f.clock.advance(Duration.ofMinutes(5));
                    awaitJobs(MemoryUpdater.SUMMARIZE, 1);
                })
                .line("My bank PIN is 4921.");

        Output o = run(in, Duration.ofSeconds(2));

        assertThat(o.out()).contains("Noted, quietly.");
        assertThat(f.store.turns(ALICE)).extracting(Turn::text).containsExactly("Hi.", "Hello!");
        assertThat(jobsOfType(MemoryUpdater.EXTRACT)).hasSize(1);
    }

    @Test
    void forget_inTheSameSession_dropsTheForgottenMessagesFromTheConversationSentNext() {
        f.fake.onChat(FakeReply.text("Noted: 4921."), FakeReply.text("Sure."));
        ScriptedLines in = new ScriptedLines()
                .line("My bank PIN is 4921.")
                .then(() -> {
                    Turn said = f.store.turns(ALICE).get(0);
                    f.store.addFact(ALICE, new NewFact("Bank PIN is 4921.", null,
                            new Provenance(said.sessionId(), said.id()), 1, T0, null));
                })
                .line("/forget PIN")
                .line("Tell me a joke.");

        Output o = run(in, Duration.ofMinutes(30));

        assertThat(o.out()).contains("Forgotten: fact #").contains("(and the 2 messages it came from)");
        assertThat(f.fake.chatRequests()).hasSize(2);
        assertThat(f.fake.chatRequests().get(1).body().toString()).doesNotContain("4921");
        assertThat(f.store.turns(ALICE)).extracting(Turn::text).containsExactly("Tell me a joke.", "Sure.");
    }

    @Test
    void memory_showsSummaryIds_andForgetRemovesASummaryById() {
        var summary = f.store.addSummary(ALICE, new dev.engram.memory.SessionId("old"), "Talked about the bank.", T0, null);
        fact("Works as a nurse in Leeds.");

        Output o = run("/memory\n/forget s" + summary.id() + "\n/forget s99999\n");

        assertThat(o.out()).contains("s" + summary.id() + " ").contains("Forgotten: summary s" + summary.id());
        assertThat(o.err().strip()).isEqualTo("error: there is no summary s99999; /memory lists the ids");
        assertThat(f.store.summaries(ALICE)).isEmpty();
        assertThat(statements()).containsExactly("Works as a nurse in Leeds.");
    }

    /** Output a test can wait on: {@link #await} returns once the text has been written. */
    private static final class WatchedOutput extends ByteArrayOutputStream {
        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            notifyAll();
        }

        synchronized void await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!toString(StandardCharsets.UTF_8).contains(text)) {
                long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
                if (left <= 0) {
                    throw new AssertionError("never printed '" + text + "': " + toString(StandardCharsets.UTF_8));
                }
                wait(left);
            }
        }
    }

    @Test
    void interrupt_whileAReplyStreams_stopsItAndKeepsIt_andAtThePrompt_endsTheSessionWithStatus130() throws Exception {
        f.fake.onChat(FakeReply.stall("Once upon a time"), FakeReply.text("The end."));
        WatchedOutput out = new WatchedOutput();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ChatRepl[] repl = new ChatRepl[1];
        ScriptedLines in = new ScriptedLines()
                .line("Tell me a story.")
                .line("Finish it.")
                .then(() -> repl[0].interrupt())
                .line("This line is never read.");
        repl[0] = new ChatRepl(f.chat, f.memory, new ExportFormat(), dir.resolve("exports"), ALICE, in,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false, Duration.ofMinutes(30), f.clock);
        Thread stopper = new Thread(() -> {
            try {
                out.await("Once upon a time");
                repl[0].interrupt();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();

        int status = repl[0].run();

        stopper.join();
        assertThat(status).isEqualTo(ChatRepl.INTERRUPTED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("reply stopped and kept").contains("ending the session");
        List<Turn> turns = f.store.turns(ALICE);
        assertThat(turns).extracting(Turn::text).containsExactly("Tell me a story.",
                "Once upon a time" + dev.engram.chat.ChatService.STOPPED_MARK, "Finish it.", "The end.");
        assertThat(jobsOfType(MemoryUpdater.EXTRACT)).hasSize(2);
        assertThat(jobsOfType(MemoryUpdater.SUMMARIZE)).singleElement().satisfies(j ->
                assertThat(j.payload()).isEqualTo(MemoryUpdater.summarizePayload(turns.get(0).sessionId())));
        assertThat(f.fake.chatRequests().get(1).body().path("messages").toString())
                .contains("Once upon a time" + dev.engram.chat.ChatService.STOPPED_MARK);
    }

    @Test
    void interactive_localErrorsAndModelErrors_areNotPrintedAsClaudesReply() {
        f.fake.onChat(FakeReply.error(500, "api_error", "Internal server error"), FakeReply.text("Hello!"));
        ScriptedLines in = new ScriptedLines().line("x".repeat(2001)).line("/frobnicate").line("Hi.").line("Hi again.");

        Output o = run(in, Duration.ofMinutes(30), true);

        assertThat(o.err().lines()).hasSize(3);
        assertThat(o.out().lines().filter(l -> l.contains("claude>"))).as(o.out()).singleElement()
                .isEqualTo("claude> Hello!");
    }

    @Test
    void incognito_showsInThePrompt_andOff_recordsAgain() {
        f.fake.onChat(FakeReply.text("Your secret is safe."), FakeReply.text("Noted."));
        ScriptedLines in = new ScriptedLines().line("/incognito").line("My secret plan.").line("/incognito off")
                .line("I like tea.");

        Output o = run(in, Duration.ofMinutes(30), true);

        assertThat(in.prompts).containsExactly("you> ", "you (incognito)> ", "you (incognito)> ", "you> ", "you> ");
        assertThat(o.out()).contains("Recording again");
        assertThat(f.store.turns(ALICE)).extracting(Turn::text).containsExactly("I like tea.", "Noted.");
        assertThat(jobsOfType(MemoryUpdater.SUMMARIZE)).hasSize(1);
    }

    @Test
    void anotherUsersFact_cannotBeForgottenOrShown() {
        Fact bobs = f.store.addFact(UserId.of("bob"), new NewFact("Bob's secret.", null, Provenance.NONE, 1, T0, null));

        Output o = run("/forget #" + bobs.id() + "\n/history #" + bobs.id() + "\n/forget secret\n/memory\n");

        assertThat(f.store.facts(UserId.of("bob"), true)).hasSize(1);
        assertThat(o.err().lines()).hasSize(3);
        assertThat(o.out()).doesNotContain("Bob's secret.");
    }
}
