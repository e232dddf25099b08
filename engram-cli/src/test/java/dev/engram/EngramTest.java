package dev.engram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.chat.MemoryBlock;
import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.llm.fake.FakeReply;
import dev.engram.memory.Fact;
import dev.engram.memory.Role;
import dev.engram.memory.Turn;
import dev.engram.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library entry point as an application uses it: a real SQLite file, the real SDK client
 * against the fake Messages server (chat and memory model alike), the real background worker.
 */
class EngramTest {
    @TempDir
    Path dir;

    private final FakeMessagesServer fake = FakeMessagesServer.started();

    @AfterEach
    void stopFake() {
        fake.close();
    }

    /** The README's example, compiled here so that it cannot drift from the API (not run: it would call Anthropic). */
    @SuppressWarnings("unused")
    static void readmeExample(String apiKey) {
        // README:begin
        try (Engram engram = Engram.builder().sqlite(Path.of("memory.db")).anthropic(apiKey).build()) {
            System.out.println(engram.chat("alice", "Hi! I'm Alice and I moved to Leeds.").text());
            engram.memory("alice").view().facts().forEach(fact -> System.out.println(fact.statement()));
        }
        // README:end
    }

    @Test
    void readmeExample_isTheReadmesJavaSection_wordForWord() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/engram/EngramTest.java"));
        String marked = source.substring(source.indexOf("// README:begin\n") + "// README:begin\n".length(),
                source.indexOf("        // README:end"));
        String code = marked.lines().map(l -> l.startsWith("        ") ? l.substring(8) : l)
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        String readme = Files.readString(Path.of(System.getProperty("engram.root", "..")).resolve("README.md"));
        assertThat(readme).contains("## Use Engram from Java").contains("```java\n" + code + "```\n");
    }

    private Engram engram() {
        return Engram.builder().sqlite(dir.resolve("memory.db")).home(dir).anthropic("test-key", fake.baseUrl())
                .embedder("none").build();
    }

    private static String extraction(String statement) {
        return "{\"facts\":[{\"statement\":\"" + statement + "\",\"subject\":\"user\",\"kind\":\"fact\","
                + "\"certainty\":\"explicit\",\"durable\":true}],\"entities\":[]}";
    }


    @Test
    void chat_remembersAFactInTheBackground_andTheNextSessionsPromptCarriesIt() {
        fake.onChat(FakeReply.text("Welcome to Leeds, Alice!"), FakeReply.text("You live in Leeds."));
        fake.onTool("record_memories", FakeReply.toolUse("record_memories", extraction("Lives in Leeds.")));
        try (Engram engram = engram()) {
            Engram.Reply first = engram.chat("alice", "Hi! I'm Alice and I moved to Leeds.");
            assertThat(first.text()).isEqualTo("Welcome to Leeds, Alice!");
            assertThat(engram.finishPendingWork(Duration.ofSeconds(30)).jobs()).isZero();
            assertThat(engram.memory("alice").view().facts()).extracting(Fact::statement).containsExactly("Lives in Leeds.");

            engram.endSession("alice");
            Engram.Reply second = engram.chat("alice", "Where do I live?");

            assertThat(second.sessionId()).isNotEqualTo(first.sessionId());
            assertThat(fake.chatRequests().get(1).systemText()).contains("Lives in Leeds.");
            assertThat(fake.chatRequests().get(1).systemText()).as("no terminal commands outside the terminal")
                    .doesNotContain("type /memory").contains("see, correct or erase everything stored about them");
            assertThat(second.memoryUsed()).contains("#1");
            assertThat(fake.chatRequests().get(1).systemText()).doesNotContain("Bob");
        }
    }

    @Test
    void memoryFor_andRecordExchange_serveAnApplicationThatCallsItsOwnModel() {
        fake.onTool("record_memories", FakeReply.toolUse("record_memories", extraction("Has a dog named Rex.")));
        try (Engram engram = engram()) {
            List<Turn> stored = engram.recordExchange("bob", "conv-1", "My dog Rex turned five today.", "Happy birthday, Rex!");
            assertThat(stored).extracting(Turn::role).containsExactly(Role.USER, Role.ASSISTANT);
            engram.finishPendingWork(Duration.ofSeconds(30));

            MemoryBlock block = engram.memoryFor("bob", "How old is my dog?");

            assertThat(block.text()).contains("Has a dog named Rex.");
            assertThat(engram.memoryFor("alice", "How old is my dog?").text()).doesNotContain("Rex");
            assertThat(fake.chatRequests()).isEmpty();
            assertThat(engram.conversation("bob", "conv-1")).extracting(Turn::text)
                    .containsExactly("My dog Rex turned five today.", "Happy birthday, Rex!");
        }
    }

    @Test
    void userMemory_viewAddEditForgetHistoryExportErase() {
        try (Engram engram = engram()) {
            UserMemory alice = engram.memory("alice");
            Fact tea = alice.add("Likes tea.");
            alice.edit(tea.id(), "Likes green tea.");

            assertThat(alice.view().facts()).extracting(Fact::statement).containsExactly("Likes green tea.");
            assertThat(alice.history("#" + tea.id())).hasSize(2);
            assertThat(alice.export().facts()).hasSize(1);
            assertThat(engram.memory("bob").view().facts()).isEmpty();
            assertThat(alice.forget("#" + tea.id()).removed()).isNotBlank();
            alice.add("Plays chess.");
            assertThat(alice.erase()).isTrue();
            assertThat(alice.view().facts()).isEmpty();
        }
    }

    @Test
    void withoutAnApiKey_memoryWorks_andAChatSaysWhatIsMissing() {
        try (Engram engram = Engram.builder().sqlite(dir.resolve("m.db")).home(dir).embedder("none").build()) {
            engram.memory("alice").add("Likes tea.");
            assertThat(engram.memoryFor("alice", "tea?").text()).contains("Likes tea.");
            assertThatThrownBy(() -> engram.chat("alice", "hello")).isInstanceOf(Engram.MissingApiKeyException.class)
                    .hasMessageContaining("ANTHROPIC_API_KEY");
        }
    }

    @Test
    void badSettings_areRefusedWithAClearMessage() {
        assertThatThrownBy(() -> Engram.builder().postgres("jdbc:mysql://db/engram"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:postgresql:");
        assertThatThrownBy(() -> Engram.builder().anthropic(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("API key");
        assertThatThrownBy(() -> Engram.builder().embedder("word2vec").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("word2vec").hasMessageContaining("e5")
                .hasMessageContaining("there is no embedding model").hasMessageNotContaining("embedded with");
        try (Engram engram = Engram.builder().database("mysql://db/engram").home(dir).embedder("none").build()) {
            assertThatThrownBy(() -> engram.memory("alice").view()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("mysql://db/engram").hasMessageContaining("jdbc:sqlite:");
        }
        assertThatThrownBy(() -> Engram.builder().sqlite(dir.resolve("x.db")).home(dir).embedder("none").build().chat(" ", "hi"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endConversation_queuesTheSummaryOfAnApplicationsConversation_onlyWhenItHasTurns() {
        fake.onTool("record_memories", FakeReply.toolUse("record_memories", "{\"facts\":[],\"entities\":[]}"));
        try (Engram engram = engram()) {
            engram.recordExchange("bob", "conv-1", "We planned the trip to Oslo.", "Enjoy Oslo!");

            assertThat(engram.endConversation("bob", "conv-1")).isTrue();
            assertThat(engram.endConversation("bob", "never-used")).isFalse();

            List<dev.engram.memory.Job> jobs = engram.store().jobs().list(List.of(dev.engram.memory.Job.Status.values()), 100);
            assertThat(jobs).filteredOn(j -> j.type().equals("summarize")).singleElement()
                    .satisfies(j -> assertThat(j.payload()).contains("conv-1"));
        }
    }

    @Test
    void erase_dropsTheLiveSession_soTheNextMessageCarriesNoneOfTheErasedConversation() {
        fake.onChat(FakeReply.text("Tea it is."), FakeReply.text("Hello!"));
        fake.fallback(r -> FakeReply.toolUse("record_memories", "{\"facts\":[],\"entities\":[]}"));
        try (Engram engram = engram()) {
            engram.chat("alice", "I secretly love milky tea.");
            assertThat(engram.memory("alice").erase()).isTrue();

            engram.chat("alice", "Hello again.");

            assertThat(fake.chatRequests().get(1).body().toString()).doesNotContain("milky tea");
        }
    }

    @Test
    void anApplicationsConversation_endsAfterTheIdleTimeout_withItsSummary_andChatNeverContinuesIt() {
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-01-01T10:00:00Z"));
        fake.onChat(FakeReply.text("Hello Bob."));
        fake.fallback(r -> FakeReply.toolUse("record_memories", "{\"facts\":[],\"entities\":[]}"));
        try (Engram engram = Engram.builder().sqlite(dir.resolve("memory.db")).home(dir).anthropic("test-key", fake.baseUrl())
                .embedder("none").clock(clock).idleTimeout(Duration.ofMinutes(30)).build()) {
            engram.recordExchange("bob", "conv-1", "We planned the trip to Oslo.", "Enjoy Oslo!");
            assertThat(engram.chat("bob", "Hi!").sessionId()).isNotEqualTo("conv-1");

            clock.advance(Duration.ofMinutes(29));
            assertThat(engram.conversations().endIdle()).isZero();
            clock.advance(Duration.ofMinutes(2));
            assertThat(engram.conversations().endIdle()).isEqualTo(1);

            List<dev.engram.memory.Job> jobs = engram.store().jobs().list(List.of(dev.engram.memory.Job.Status.values()), 100);
            assertThat(jobs).filteredOn(j -> j.type().equals("summarize")).singleElement()
                    .satisfies(j -> assertThat(j.payload()).contains("conv-1"));
            assertThat(engram.endConversation("bob", "conv-1")).as("ended already; the log still holds it").isTrue();
        }
    }

    @Test
    void aBuilderUsedAgain_buildsWithItsNewSettings_notTheFirstStore() {
        Engram.Builder builder = Engram.builder().home(dir.resolve("first")).embedder("none");
        try (Engram first = builder.build()) {
            first.memory("alice").add("Likes tea.");
        }
        builder.home(dir.resolve("second"));
        try (Engram second = builder.build()) {
            assertThat(second.memory("alice").view().facts()).isEmpty();
            second.memory("alice").add("Plays chess.");
        }
        assertThat(dir.resolve("second").resolve("engram.db")).exists();
    }
}
