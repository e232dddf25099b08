package dev.engram.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.fake.CapturedRequest;
import dev.engram.memory.Fact;
import dev.engram.memory.Role;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real LangChain4j AI Service (the README's, on langchain4j-anthropic) over two sessions: what
 * the user said in the first is extracted by Engram's background worker and reaches the second
 * session's prompt through the retriever, not through the chat history.
 */
class TwoSessionsTest {
    @TempDir
    Path dir;
    private EngramFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new EngramFixture(dir);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aFactToldInTheFirstSession_isInTheSecondSessionsRequest() {
        ReadmeExample.Assistant monday = ReadmeExample.assistant(fixture.engram, fixture.chatModel());
        assertThat(monday.chat(EngramMemoryId.of("alice", "monday"), "Hi! I'm allergic to peanuts, by the way."))
                .isEqualTo(EngramFixture.REPLY);
        fixture.finishMemoryWork();
        assertThat(fixture.engram.memory("alice").view().facts()).extracting(Fact::statement)
                .containsExactly(EngramFixture.PEANUTS);

        // A new service, as after a restart of the application: nothing is shared but Engram.
        ReadmeExample.Assistant tuesday = ReadmeExample.assistant(fixture.engram, fixture.chatModel());
        tuesday.chat(EngramMemoryId.of("alice", "tuesday"), "What should I cook tonight?");

        CapturedRequest request = fixture.fake.lastRequest();
        assertThat(request.isChat()).isTrue();
        JsonNode messages = request.body().path("messages");
        assertThat(messages).hasSize(1);
        // The history of Monday is not sent; the fact (and the earlier message it came from) arrive as memory.
        assertThat(request.lastUserText()).startsWith("What should I cook tonight?\n\nAnswer using the following information:\n<memory>")
                .contains("Facts about the user:\n- [#1] " + EngramFixture.PEANUTS);
    }

    @Test
    void bothSessionsAreInTheTurnLog_andTheFirstSessionsWindowStillHoldsItsHistory() {
        ReadmeExample.Assistant assistant = ReadmeExample.assistant(fixture.engram, fixture.chatModel());
        assistant.chat(EngramMemoryId.of("alice", "monday"), "Hi! I'm allergic to peanuts, by the way.");
        fixture.finishMemoryWork();
        assistant.chat(EngramMemoryId.of("alice", "tuesday"), "What should I cook tonight?");
        assistant.chat(EngramMemoryId.of("alice", "monday"), "And for lunch?");

        assertThat(fixture.engram.conversation("alice", "monday")).extracting(Turn::role, Turn::text).containsExactly(
                tuple(Role.USER, "Hi! I'm allergic to peanuts, by the way."),
                tuple(Role.ASSISTANT, EngramFixture.REPLY),
                tuple(Role.USER, "And for lunch?"),
                tuple(Role.ASSISTANT, EngramFixture.REPLY));
        assertThat(fixture.engram.conversation("alice", "tuesday")).extracting(Turn::text)
                .containsExactly("What should I cook tonight?", EngramFixture.REPLY);
        // The retrieved memory went into the prompt only, never into the turn log.
        assertThat(fixture.engram.store().turns(UserId.of("alice"))).extracting(Turn::text)
                .noneMatch(text -> text.contains(EngramFixture.PEANUTS));
        List<String> mondayRequest = fixture.fake.lastRequest().body().path("messages").findValuesAsText("text");
        assertThat(mondayRequest.get(0)).isEqualTo("Hi! I'm allergic to peanuts, by the way.");
        assertThat(mondayRequest).hasSize(3);
    }

    @Test
    void twoUsersOfOneService_neverSeeEachOthersMemory() {
        ReadmeExample.Assistant assistant = ReadmeExample.assistant(fixture.engram, fixture.chatModel());
        assistant.chat(EngramMemoryId.of("alice", "s1"), "I'm allergic to peanuts.");
        fixture.finishMemoryWork();

        assistant.chat(EngramMemoryId.of("bob", "s1"), "What should I cook tonight?");

        CapturedRequest bobs = fixture.fake.lastRequest();
        assertThat(bobs.body().path("messages")).hasSize(1);
        assertThat(bobs.lastUserText()).isEqualTo("What should I cook tonight?");
        assertThat(fixture.engram.memory("bob").view().facts()).isEmpty();
        assertThat(fixture.engram.conversation("bob", "s1")).extracting(Turn::text)
                .containsExactly("What should I cook tonight?", EngramFixture.REPLY);
    }
}
