package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.extraction.MemoryUpdater;
import dev.engram.llm.fake.CapturedRequest;
import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.llm.fake.FakeReply;
import dev.engram.memory.Job;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.Role;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import dev.engram.store.StoreFactory;
import dev.engram.testing.CliProcess;
import dev.engram.testing.RunningCli;
import dev.engram.testkit.Await;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in {@code engram chat}, sent as a real SIGINT to a running chat whose reply stalls at the
 * fake model server: the first stops the reply and keeps the session, the second ends it.
 */
class ChatInterruptEndToEndTest {
    private static final List<Job.Status> ALL = List.of(Job.Status.PENDING, Job.Status.RUNNING, Job.Status.DONE, Job.Status.DEAD);

    @TempDir
    Path home;
    private FakeMessagesServer fake;

    @BeforeEach
    void startFake() {
        fake = FakeMessagesServer.started();
        fake.fallback(r -> FakeReply.toolUse(r.forcedTool().orElse("none"),
                r.forcedTool().orElse("").equals("record_session_summary")
                        ? "{\"summary\":\"Alice asked for a story.\"}" : "{\"facts\":[],\"entities\":[]}"));
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    /** Waits until the chat has stored a turn with this text (the store has no notification to wait on). */
    private void awaitTurn(String text) {
        Await.until("the chat has stored the turn '" + text + "'", java.time.Duration.ofSeconds(30), () -> {
            try (MemoryStore store = StoreFactory.open(null, home)) {
                return store.turns(UserId.of("alice")).stream().anyMatch(t -> t.text().equals(text));
            }
        });
    }

    @Test
    void ctrlC_stopsTheStreamingReply_keepingItAndTheSession_andASecondCtrlC_endsTheSession() throws Exception {
        fake.onChat(FakeReply.stall("Once upon a time there was a lighthouse"));
        int status;
        try (RunningCli chat = RunningCli.start(CliProcess.env(home, fake.baseUrl()), "chat", "--user", "alice")) {
            chat.line("Tell me a long story.");
            chat.awaitStdout("a lighthouse", 60);

            chat.signal("INT");
            chat.awaitStderr("stopped", 30);
            fake.onChat(FakeReply.text("The end."));
            chat.line("Just finish it.");
            chat.awaitStdout("The end.", 30);
            // Stored means the whole reply was in: the next Ctrl-C cannot catch it before its end.
            awaitTurn("The end.");

            chat.signal("INT");
            status = chat.awaitExit(120);
        }

        assertThat(status).as("ended by Ctrl-C").isEqualTo(130);
        try (MemoryStore store = StoreFactory.open(null, home)) {
            List<Turn> turns = store.turns(UserId.of("alice"));
            assertThat(turns).extracting(Turn::role).containsExactly(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT);
            assertThat(turns.get(1).text()).startsWith("Once upon a time there was a lighthouse").contains("[reply stopped by the user]");
            assertThat(turns).extracting(Turn::sessionId).as("one session throughout").containsOnly(turns.get(0).sessionId());
            assertThat(store.jobs().list(ALL, 10)).filteredOn(j -> j.type().equals(MemoryUpdater.SUMMARIZE))
                    .as("the session was ended properly").singleElement()
                    .satisfies(j -> assertThat(j.payload()).isEqualTo(MemoryUpdater.summarizePayload(turns.get(0).sessionId())));
        }
        CapturedRequest second = fake.chatRequests().get(1);
        assertThat(second.body().path("messages").toString()).as("the stopped reply is part of the conversation")
                .contains("Once upon a time there was a lighthouse");
    }
}
