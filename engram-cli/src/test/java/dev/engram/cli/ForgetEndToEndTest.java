package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.llm.fake.CapturedRequest;
import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.llm.fake.FakeReply;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.Summary;
import dev.engram.memory.UserId;
import dev.engram.store.StoreFactory;
import dev.engram.testing.CliProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forgetting, as a user does it across separate runs of {@code engram chat}: what was forgotten
 * must be absent from the request the model receives in a later session.
 */
class ForgetEndToEndTest {
    private static final String PIN_FACT = """
            {"facts":[{"statement":"Bank PIN is 4921.","subject":"user","kind":"fact","certainty":"explicit","durable":true}],
             "entities":[]}""";

    @TempDir
    Path home;
    private FakeMessagesServer fake;

    @BeforeEach
    void startFake() {
        fake = FakeMessagesServer.started();
        fake.fallback(r -> FakeReply.toolUse(r.forcedTool().orElse("none"),
                r.forcedTool().orElse("").equals("record_session_summary")
                        ? "{\"summary\":\"Alice asked a question.\"}" : "{\"facts\":[],\"entities\":[]}"));
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    private CliProcess.Result chat(String stdin) throws Exception {
        CliProcess.Result r = CliProcess.run(CliProcess.env(home, fake.baseUrl()), stdin, 120, "chat", "--user", "alice");
        assertThat(r.exitCode()).as("stdout:%n%s%nstderr:%n%s", r.stdout(), r.stderr()).isZero();
        return r;
    }

    private List<Summary> summaries() {
        try (MemoryStore store = StoreFactory.open(null, home)) {
            return store.summaries(UserId.of("alice"));
        }
    }

    @Test
    void forgetPin_thenNewSession_theRequestCarriesNoTraceOfIt() throws Exception {
        fake.onChat(FakeReply.text("Noted: your bank PIN is 4921."));
        fake.onTool("record_memories", FakeReply.toolUse("record_memories", PIN_FACT));
        fake.onTool("record_session_summary", FakeReply.toolUse("record_session_summary",
                "{\"summary\":\"Alice asked the assistant to keep her bank PIN, 4921.\"}"));
        chat("Remember that my bank PIN is 4921, please.\n");
        assertThat(fake.toolRequests("record_memories")).hasSize(1);
        Summary pinSummary = summaries().stream().filter(s -> s.text().contains("4921")).findFirst().orElseThrow();

        CliProcess.Result forget = chat("/forget PIN\n/forget s" + pinSummary.id() + "\n/memory\n");
        assertThat(forget.stdout()).contains("Forgotten: fact #").contains("Bank PIN is 4921.")
                .contains("2 messages").contains("Forgotten: summary s" + pinSummary.id());
        assertThat(forget.stdout()).as("nothing else was stored").contains("I don't know anything about you yet.");

        int before = fake.requests().size();
        fake.onChat(FakeReply.text("I don't know your PIN."));
        chat("What is my bank PIN?\n");

        CapturedRequest next = fake.requests().subList(before, fake.requests().size()).stream()
                .filter(CapturedRequest::isChat).findFirst().orElseThrow();
        assertThat(next.lastUserText()).isEqualTo("What is my bank PIN?");
        assertThat(next.body().toString()).as("the whole request the model receives").doesNotContain("4921");
    }
}
