package dev.engram.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.engram.extraction.MemoryUpdater;
import dev.engram.memory.Fact;
import dev.engram.memory.Job;
import dev.engram.memory.Role;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.service.AiServices;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EngramChatMemoryStore} under LangChain4j's own {@code MessageWindowChatMemory}, on a real SQLite store. */
class EngramChatMemoryStoreTest {
    @TempDir
    Path dir;
    private EngramFixture fixture;
    private EngramChatMemoryStore store;

    @BeforeEach
    void setUp() {
        fixture = new EngramFixture(dir);
        store = new EngramChatMemoryStore(fixture.engram);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private ChatMemory window(Object id, int maxMessages) {
        return MessageWindowChatMemory.builder().id(id).maxMessages(maxMessages).chatMemoryStore(store).build();
    }

    private List<Turn> turns(String user) {
        return fixture.engram.store().turns(UserId.of(user));
    }

    private static void talk(ChatMemory memory, int exchanges) {
        for (int i = 1; i <= exchanges; i++) {
            memory.add(UserMessage.from("message " + i));
            memory.add(AiMessage.from("reply " + i));
        }
    }

    @Test
    void eviction_neverDeletesFromTheTurnLog_andTheSystemMessageIsNoTurn() {
        ChatMemory memory = window("alice", 3);
        memory.add(SystemMessage.from("Be brief."));
        talk(memory, 3);

        assertThat(memory.messages()).containsExactly(SystemMessage.from("Be brief."), UserMessage.from("message 3"),
                AiMessage.from("reply 3"));
        assertThat(fixture.engram.conversation("alice", EngramMemoryId.DEFAULT_CONVERSATION))
                .extracting(Turn::role, Turn::text).containsExactly(
                        tuple(Role.USER, "message 1"), tuple(Role.ASSISTANT, "reply 1"),
                        tuple(Role.USER, "message 2"), tuple(Role.ASSISTANT, "reply 2"),
                        tuple(Role.USER, "message 3"), tuple(Role.ASSISTANT, "reply 3"));
    }

    @Test
    void eachReply_queuesExtraction_andEvictedMessagesKeepWhatWasLearned() {
        ChatMemory memory = window("alice", 2);
        memory.add(UserMessage.from("I'm allergic to peanuts."));
        memory.add(AiMessage.from("Noted."));
        talk(memory, 2);
        fixture.finishMemoryWork();

        assertThat(memory.messages()).extracting(ChatMessage::type).hasSize(2);
        assertThat(fixture.engram.store().jobs().list(List.of(Job.Status.DONE), 100)).extracting(Job::type)
                .containsExactly(MemoryUpdater.EXTRACT, MemoryUpdater.EXTRACT, MemoryUpdater.EXTRACT);
        assertThat(fixture.engram.memory("alice").view().facts()).extracting(Fact::statement)
                .containsExactly(EngramFixture.PEANUTS);
        assertThat(turns("alice")).hasSize(6);
    }

    @Test
    void aSecondReplyToOneUserMessage_isLogged_butQueuesNoSecondExtraction() {
        ChatMemory memory = window("alice", 10);
        memory.add(UserMessage.from("I'm allergic to peanuts."));
        memory.add(AiMessage.from("Noted."));
        memory.add(AiMessage.from("Anything else?"));

        assertThat(fixture.engram.store().jobs().list(List.of(Job.Status.values()), 100)).extracting(Job::type)
                .containsExactly(MemoryUpdater.EXTRACT);
        assertThat(turns("alice")).hasSize(3);
    }

    @Test
    void aNewStore_restoresTheWindowFromTheTurnLog_startingWithAUserMessage() {
        talk(window("alice", 10), 3);

        EngramChatMemoryStore restarted = new EngramChatMemoryStore(fixture.engram, 3, 100);

        assertThat(restarted.getMessages("alice")).containsExactly(UserMessage.from("message 3"), AiMessage.from("reply 3"));
        assertThat(new EngramChatMemoryStore(fixture.engram).getMessages("alice")).hasSize(6);
    }

    @Test
    void aRestoredWindow_goesOnAppendingOnlyNewMessages() {
        talk(window("alice", 10), 1);
        ChatMemory restored = MessageWindowChatMemory.builder().id("alice").maxMessages(10)
                .chatMemoryStore(new EngramChatMemoryStore(fixture.engram)).build();

        talk(restored, 1);

        assertThat(turns("alice")).extracting(Turn::text).containsExactly("message 1", "reply 1", "message 1", "reply 1");
        assertThat(restored.messages()).hasSize(4);
    }

    @Test
    void clear_emptiesTheWindowOnly_theTurnLogAndMemoryStay() {
        ChatMemory memory = window("alice", 10);
        talk(memory, 2);
        fixture.engram.memory("alice").add("Lives in Leeds.");

        memory.clear();

        assertThat(memory.messages()).isEmpty();
        assertThat(turns("alice")).hasSize(4);
        assertThat(fixture.engram.memory("alice").view().facts()).extracting(Fact::statement).containsExactly("Lives in Leeds.");
        memory.add(AiMessage.from("Welcome back."));
        assertThat(turns("alice")).extracting(Turn::text).endsWith("Welcome back.");
    }

    @Test
    void toolCallsAndResults_stayInTheWindow_onlyTheFinalReplyIsATurn() {
        ChatMemory memory = window("alice", 10);
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("t1").name("weather").arguments("{}").build();
        memory.add(UserMessage.from("Will it rain?"));
        memory.add(AiMessage.from("Let me look.", List.of(call)));
        memory.add(ToolExecutionResultMessage.from(call, "rain"));
        memory.add(AiMessage.from("Yes, take an umbrella."));

        assertThat(memory.messages()).hasSize(4);
        assertThat(turns("alice")).extracting(Turn::role, Turn::text).containsExactly(
                tuple(Role.USER, "Will it rain?"), tuple(Role.ASSISTANT, "Yes, take an umbrella."));
    }

    @Test
    void aMessageWrittenAsAnEqualCopy_isNotAppendedTwice() {
        store.updateMessages("alice", List.of(UserMessage.from("hi"), AiMessage.from("hello")));
        store.updateMessages("alice", List.of(UserMessage.from("hi"), AiMessage.from("hello"), UserMessage.from("bye")));

        assertThat(turns("alice")).extracting(Turn::text).containsExactly("hi", "hello", "bye");
    }

    @Test
    void aMissingBlankDefaultOrForeignMemoryId_isAClearError() {
        assertThatThrownBy(() -> store.getMessages(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the chat memory id is missing").hasMessageContaining("@MemoryId");
        assertThatThrownBy(() -> store.updateMessages("  ", List.of(UserMessage.from("hi"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the chat memory id is blank");
        assertThatThrownBy(() -> store.deleteMessages(42)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a java.lang.Integer (42)");
        assertThatThrownBy(() -> store.getMessages("a/b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user id 'a/b' has a character that is not allowed");
        assertThat(turns("alice")).isEmpty();
    }

    interface NoMemoryId {
        String chat(String message);
    }

    @Test
    void anAiServiceMethodWithoutMemoryId_isRefused_insteadOfSharingOneMemory() {
        NoMemoryId service = AiServices.builder(NoMemoryId.class).chatModel(fixture.chatModel())
                .chatMemoryProvider(id -> window(id, 10)).build();

        assertThatThrownBy(() -> service.chat("hi")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LangChain4j's \"default\"");
        assertThat(fixture.fake.requests()).isEmpty();
    }

    @Test
    void twoUsers_andTwoConversationsOfOneUser_haveTheirOwnWindowsAndTurns() {
        talk(window("alice", 10), 1);
        window("bob", 10).add(UserMessage.from("bob here"));
        window(EngramMemoryId.of("alice", "other"), 10).add(UserMessage.from("another chat"));

        assertThat(store.getMessages("bob")).containsExactly(UserMessage.from("bob here"));
        assertThat(store.getMessages("alice")).hasSize(2);
        assertThat(store.getMessages(EngramMemoryId.of("alice", "other"))).containsExactly(UserMessage.from("another chat"));
        assertThat(turns("bob")).extracting(Turn::text).containsExactly("bob here");
        assertThat(turns("alice")).extracting(Turn::text).containsExactly("message 1", "reply 1", "another chat");
    }

    @Test
    void theBoundsMustBePositive() {
        assertThatThrownBy(() -> new EngramChatMemoryStore(fixture.engram, 0, 1))
                .hasMessage("restored messages must be positive, was 0");
        assertThatThrownBy(() -> new EngramChatMemoryStore(fixture.engram, 1, 0))
                .hasMessage("max windows must be positive, was 0");
    }
}
