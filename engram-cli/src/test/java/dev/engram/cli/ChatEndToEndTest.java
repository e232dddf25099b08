package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.llm.fake.CapturedRequest;
import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.llm.fake.FakeReply;
import dev.engram.memory.Job;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import dev.engram.store.StoreFactory;
import dev.engram.testing.CliProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Separate runs of {@code engram chat} against the fake Messages server, as a user would run them. */
class ChatEndToEndTest {
    private static final String ALICE_FACTS = """
            {"facts":[
              {"statement":"Is called Alice.","subject":"user","key":"name","kind":"fact","certainty":"explicit","durable":true},
              {"statement":"Works as a nurse in Leeds.","subject":"user","key":"job","kind":"fact","certainty":"explicit","durable":true},
              {"statement":"Is moving to Berlin next month.","subject":"Priya","certainty":"explicit","durable":true},
              {"statement":"Feels tired today.","subject":"user","certainty":"explicit","durable":false}],
             "entities":[{"name":"Priya","type":"person","note":"Alice's sister."}]}""";

    @TempDir
    Path home;
    private FakeMessagesServer fake;

    @BeforeEach
    void startFake() {
        fake = FakeMessagesServer.started();
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }


    /** The lines of the memory block under a heading, up to the next blank line. */
    private static String section(String system, String heading) {
        int start = system.indexOf(heading);
        assertThat(start).as("memory block has a section '%s' in:%n%s", heading, system).isNotNegative();
        int end = system.indexOf("\n\n", start);
        return system.substring(start, end < 0 ? system.length() : end);
    }

    private CliProcess.Result chat(String user, String stdin) throws Exception {
        return CliProcess.run(CliProcess.env(home, fake.baseUrl()), stdin, 120, "chat", "--user", user);
    }

    @Test
    void secondRun_carriesFactsAndSummaryFromFirst_andOtherUserSeesNone() throws Exception {
        fake.onChat(FakeReply.text("Nice to meet you, Alice!"));
        fake.onTool("record_memories", FakeReply.toolUse("record_memories", ALICE_FACTS));
        fake.onTool("record_session_summary", FakeReply.toolUse("record_session_summary",
                "{\"summary\":\"Alice introduced herself as a nurse in Leeds and mentioned her sister Priya.\"}"));

        CliProcess.Result first = chat("alice",
                "Hi, I'm Alice. I work as a nurse in Leeds, and my sister Priya is moving to Berlin. I'm tired today.\n");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).contains("Nice to meet you, Alice!");
        assertThat(fake.toolRequests("record_memories")).hasSize(1);
        assertThat(fake.toolRequests("record_session_summary")).hasSize(1);

        int before = fake.requests().size();
        fake.onChat(FakeReply.text("You are a nurse in Leeds."));
        fake.fallback(r -> FakeReply.toolUse(r.forcedTool().orElse("x"), r.forcedTool().orElse("").equals("record_session_summary")
                ? "{\"summary\":\"Alice asked what the assistant remembers.\"}" : "{\"facts\":[],\"entities\":[]}"));
        CliProcess.Result second = chat("alice", "What do you remember about me?\n");
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.stdout()).contains("You are a nurse in Leeds.");

        CapturedRequest firstChatOfSecondRun = fake.requests().subList(before, fake.requests().size()).stream()
                .filter(CapturedRequest::isChat).findFirst().orElseThrow();
        String system = firstChatOfSecondRun.systemText();
        assertThat(system).as("the terminal chat tells the model its commands").contains("can type /memory");
        assertThat(system).contains("Works as a nurse in Leeds.").contains("Is called Alice.")
                .contains("Alice introduced herself as a nurse in Leeds");
        String facts = section(system, "Facts about the user:");
        assertThat(facts).contains("Works as a nurse in Leeds.");
        assertThat(facts).as("volatile state is not stored as a fact").doesNotContain("tired");
        assertThat(facts).as("a fact about Priya is not a fact about the user").doesNotContain("Berlin");
        assertThat(section(system, "People, projects and goals the user mentioned:")).contains("Priya");

        CliProcess.Result show = CliProcess.run(CliProcess.env(home, null), null, 60, "memory", "show", "--user", "alice");
        assertThat(show.exitCode()).as(show.stderr()).isZero();
        assertThat(show.stdout()).contains("Works as a nurse in Leeds.").contains("Priya").doesNotContain("tired");

        int beforeBob = fake.requests().size();
        fake.onChat(FakeReply.text("Hello Bob."));
        CliProcess.Result bob = chat("bob", "Hello there\n");
        assertThat(bob.exitCode()).as(bob.stderr()).isZero();
        List<CapturedRequest> bobRequests = fake.requests().subList(beforeBob, fake.requests().size());
        assertThat(bobRequests).isNotEmpty();
        for (CapturedRequest r : bobRequests) {
            String seen = r.body().path("messages").toString() + (r.isChat() ? r.systemText() : "");
            assertThat(seen).doesNotContain("nurse").doesNotContain("Alice").doesNotContain("Priya");
        }
    }

    @Test
    void chat_withTheModelServerDown_exitsNonZero_sayingSo_andLeavesTheJobsQueued() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        CliProcess.Result r = CliProcess.run(CliProcess.env(home, "http://127.0.0.1:" + closedPort), "Hello?\n", 120,
                "chat", "--user", "alice");

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr()).contains("could not answer").contains("could not be reached")
                .contains("1 memory job(s) stay queued");
        try (MemoryStore store = StoreFactory.open(null, home)) {
            assertThat(store.turns(UserId.of("alice"))).extracting(Turn::text).containsExactly("Hello?");
            assertThat(store.jobs().list(List.of(Job.Status.PENDING, Job.Status.RUNNING, Job.Status.DEAD, Job.Status.DONE), 10))
                    .singleElement().satisfies(job -> {
                        assertThat(job.type()).isEqualTo("summarize");
                        assertThat(job.status()).as("queued for the next start, not dead-lettered").isEqualTo(Job.Status.PENDING);
                        assertThat(job.attempts()).as("not retried while the server is down").isLessThanOrEqualTo(1);
                    });
        }
    }

    @Test
    void chat_withoutApiKey_exitsWithStatus2AndNamesTheVariables() throws Exception {
        CliProcess.Result r = CliProcess.run(Map.of("ENGRAM_HOME", home.toString()), "hi\n", 60, "chat", "--user", "alice");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(r.stderr()).contains("ANTHROPIC_API_KEY").contains("ANTHROPIC_BASE_URL");
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void chat_whenTheStoreCannotBeOpened_endsWithOneErrorInsteadOfFailingEveryLine() throws Exception {
        var env = CliProcess.env(home, fake.baseUrl());
        env.put("ENGRAM_DB_URL", "jdbc:mysql://127.0.0.1/engram");
        CliProcess.Result r = CliProcess.run(env, "hello\nare you there?\n", 60, "chat", "--user", "alice");
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr().lines().filter(l -> l.startsWith("error:"))).singleElement().asString()
                .contains("could not start").contains("jdbc:sqlite:");
        assertThat(fake.chatRequests()).isEmpty();
    }

    @Test
    void chat_withPathLikeUserId_isRefusedWithoutTouchingTheDisk() throws Exception {
        for (String bad : List.of("../etc", "a/b", "x".repeat(129))) {
            CliProcess.Result r = chat(bad, "hi\n");
            assertThat(r.exitCode()).as(bad).isEqualTo(2);
            assertThat(r.stderr()).as(bad).contains("user id");
        }
        assertThat(home.resolve("engram.db")).doesNotExist();
        assertThat(fake.requests()).isEmpty();
    }
}
