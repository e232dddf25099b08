package dev.engram.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.query.Metadata;
import dev.langchain4j.rag.query.Query;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EngramContentRetriever} on a real SQLite store; no model is needed to read memory. */
class EngramContentRetrieverTest {
    @TempDir
    Path dir;
    private EngramFixture fixture;
    private EngramContentRetriever retriever;

    @BeforeEach
    void setUp() {
        fixture = new EngramFixture(dir);
        retriever = new EngramContentRetriever(fixture.engram);
        fixture.engram.memory("alice").add("Is allergic to peanuts.");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static Query asking(Object memoryId, String text) {
        return Query.from(text, new Metadata(UserMessage.from(text), memoryId, List.of()));
    }

    @Test
    void theUsersMemoryBlock_isOneContent_withItsRefs() {
        List<Content> contents = retriever.retrieve(asking("alice", "What should I cook?"));

        assertThat(contents).hasSize(1);
        assertThat(contents.get(0).textSegment().text()).startsWith("<memory>")
                .contains("- [#1] Is allergic to peanuts.");
        assertThat(contents.get(0).textSegment().metadata().getString(EngramContentRetriever.REFS_KEY)).isEqualTo("#1");
        assertThat(contents.get(0).textSegment().metadata().getString(EngramContentRetriever.USER_KEY)).isEqualTo("alice");
        assertThat(retriever.retrieve(asking(EngramMemoryId.of("alice", "s9"), "Dinner?"))).hasSize(1);
        assertThat(fixture.fake.requests()).isEmpty();
    }

    @Test
    void anotherUser_getsNothingOfAlices() {
        assertThat(retriever.retrieve(asking("bob", "What should I cook? Peanuts?"))).isEmpty();
    }

    @Test
    void aQueryWithoutMemoryId_isRefused_notAnsweredFromSomeonesMemory() {
        assertThatThrownBy(() -> retriever.retrieve(Query.from("What should I cook?")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the query carries no chat memory id").hasMessageContaining("@MemoryId");
        assertThatThrownBy(() -> retriever.retrieve(asking(null, "What should I cook?")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the query carries no chat memory id");
        assertThatThrownBy(() -> retriever.retrieve(asking("default", "What should I cook?")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LangChain4j's \"default\"");
        assertThatThrownBy(() -> retriever.retrieve(asking(" ", "What should I cook?")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the chat memory id is blank");
    }
}
