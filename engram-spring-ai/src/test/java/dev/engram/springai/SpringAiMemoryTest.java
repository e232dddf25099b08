package dev.engram.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.Engram;
import dev.engram.memory.Fact;
import dev.engram.memory.Role;
import dev.engram.memory.Turn;
import example.app.ExampleApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot app with a ChatClient on Spring AI's Anthropic model and Engram from the
 * auto-configuration, both models talking to one fake Messages server, memory in a real SQLite file.
 */
@SpringBootTest(classes = ExampleApplication.class)
class SpringAiMemoryTest {
    private static final Path HOME = tempDir();

    @Autowired
    ChatClient chat;
    @Autowired
    Engram engram;
    @Autowired
    ChatClient.Builder chatClients;
    @Autowired
    ChatMemory chatMemory;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String fake = FakeModel.SERVER.baseUrl();
        registry.add("spring.ai.anthropic.base-url", () -> fake);
        registry.add("spring.ai.anthropic.api-key", () -> "chat-key");
        registry.add("spring.ai.anthropic.chat.options.model", () -> "chat-model");
        registry.add("spring.ai.anthropic.chat.options.max-tokens", () -> "256");
        registry.add("spring.ai.retry.max-attempts", () -> "1");
        // Spring AI 1.1.2 warns on every stream that it ignores content_block_stop.
        registry.add("logging.level.org.springframework.ai.anthropic.api.StreamHelper", () -> "ERROR");
        registry.add("engram.db-url", () -> "jdbc:sqlite:" + HOME.resolve("engram.db"));
        registry.add("engram.home", HOME::toString);
        registry.add("engram.embedder", () -> "none");
        registry.add("engram.anthropic-api-key", () -> "memory-key");
        registry.add("engram.anthropic-base-url", () -> fake);
        registry.add("engram.memory-model", () -> "memory-model");
    }

    @Test
    void aFactToldInOneConversation_isInTheSystemPromptOfTheNext() {
        String reply = ExampleApplication.ask(chat, "alice", "first", FakeModel.NURSE_MESSAGE);
        assertThat(reply).isEqualTo("Reply to: " + FakeModel.NURSE_MESSAGE);
        assertThat(engram.finishPendingWork(Duration.ofSeconds(20)).jobs()).isZero();
        assertThat(engram.memory("alice").view().facts()).extracting(Fact::statement).containsExactly(FakeModel.NURSE_FACT);

        ExampleApplication.ask(chat, "alice", "second", "Which hospital suits me?");

        assertThat(FakeModel.systemPromptOf("Which hospital suits me?")).contains(FakeModel.NURSE_FACT);
        assertThat(engram.conversation("alice", "first")).extracting(Turn::role, Turn::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Role.USER, FakeModel.NURSE_MESSAGE),
                org.assertj.core.groups.Tuple.tuple(Role.ASSISTANT, "Reply to: " + FakeModel.NURSE_MESSAGE));
        assertThat(engram.conversation("alice", "second")).hasSize(2);
    }

    @Test
    void theCallersSystemPrompt_isKept_andTheMemoryBlockFollowsIt() {
        engram.memory("erin").add("Prefers short answers.");

        chat.prompt().system("You are a travel agent.").user("Plan a weekend in York.")
                .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "erin:trip"))
                .call().content();

        String system = FakeModel.systemPromptOf("Plan a weekend in York.");
        assertThat(system).startsWith("You are a travel agent.").contains("Prefers short answers.");
    }

    @Test
    void noConversationId_isAClearError_andNoRequestIsSent() {
        int before = FakeModel.SERVER.requests().size();

        assertThatThrownBy(() -> chat.prompt().user("Who am I?").call().content())
                .isInstanceOf(MissingConversationIdException.class)
                .hasMessageContaining("ChatMemory.CONVERSATION_ID");
        assertThatThrownBy(() -> chat.prompt().user("Who am I?").stream().content().blockLast())
                .isInstanceOf(MissingConversationIdException.class);
        assertThatThrownBy(() -> chat.prompt().user("Who am I?")
                .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "default")).call().content())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'<user id>:<conversation>'");

        assertThat(FakeModel.SERVER.requests()).hasSize(before);
    }

    @Test
    void stream_getsTheMemoryBlock_andTheWholeReplyIsRecordedOnce() {
        engram.memory("bob").add("Likes green tea.");

        List<String> chunks = chat.prompt().user("What should I drink?")
                .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "bob:evening"))
                .stream().content().collectList().block(Duration.ofSeconds(20));

        assertThat(FakeModel.chatRequestsFor("What should I drink?").get(0).streaming()).isTrue();
        assertThat(FakeModel.systemPromptOf("What should I drink?")).contains("Likes green tea.");
        assertThat(String.join("", chunks)).isEqualTo("Reply to: What should I drink?");
        assertThat(engram.conversation("bob", "evening")).extracting(Turn::text)
                .containsExactly("What should I drink?", "Reply to: What should I drink?");
    }

    @Test
    void twoUsers_neverSeeEachOthersMemory_orConversations() {
        engram.memory("carol").add("Plays the cello.");
        engram.memory("dave").add("Keeps bees.");

        ExampleApplication.ask(chat, "carol", "same-id", "Carol asks: any hobby tips?");
        ExampleApplication.ask(chat, "dave", "same-id", "Dave asks: any hobby tips?");

        assertThat(FakeModel.systemPromptOf("Carol asks: any hobby tips?")).contains("cello").doesNotContain("bees");
        assertThat(FakeModel.systemPromptOf("Dave asks: any hobby tips?")).contains("bees").doesNotContain("cello");
        assertThat(engram.conversation("carol", "same-id")).extracting(Turn::text).first().isEqualTo("Carol asks: any hobby tips?");
        assertThat(engram.conversation("dave", "same-id")).extracting(Turn::text).first().isEqualTo("Dave asks: any hobby tips?");
    }

    @Test
    void messageChatMemoryAdvisor_overEngramsRepository_carriesTheHistory_andLogsEachMessageOnce() {
        ChatClient withHistory = chatClients.defaultAdvisors(MessageChatMemoryAdvisor.builder(chatMemory).build(),
                EngramMemoryAdvisor.builder(engram).recordExchanges(false).build()).build();

        for (String message : List.of("My name is Frank, turn one.", "I live in York, Frank, turn two.")) {
            withHistory.prompt().user(message).advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "frank:c1")).call().content();
        }
        engram.finishPendingWork(Duration.ofSeconds(20));

        assertThat(FakeModel.chatRequestsFor("I live in York, Frank, turn two.").get(0).body().path("messages"))
                .extracting(m -> m.path("role").asText() + ": " + m.path("content").path(0).path("text").asText())
                .containsExactly("user: My name is Frank, turn one.", "assistant: Reply to: My name is Frank, turn one.",
                        "user: I live in York, Frank, turn two.");
        assertThat(engram.conversation("frank", "c1")).extracting(Turn::text).containsExactly("My name is Frank, turn one.",
                "Reply to: My name is Frank, turn one.", "I live in York, Frank, turn two.",
                "Reply to: I live in York, Frank, turn two.");
        assertThat(FakeModel.SERVER.toolRequests("record_memories")).filteredOn(r -> r.lastUserText().contains("Frank, turn"))
                .hasSize(2);
    }

    @Test
    void theWindow_dropsOldMessages_butEngramsLogAndMemoryKeepThem_andClearForgetsOnlyTheWindow() {
        EngramChatMemoryRepository repository = new EngramChatMemoryRepository(engram, 2);
        ChatMemory window = MessageWindowChatMemory.builder().chatMemoryRepository(repository).maxMessages(2).build();
        engram.memory("gina").add("Lives in Bath.");

        window.add("gina:w1", new UserMessage("one"));
        window.add("gina:w1", new AssistantMessage("two"));
        window.add("gina:w1", new UserMessage("three"));
        window.add("gina:w1", new AssistantMessage("four"));

        assertThat(window.get("gina:w1")).extracting(Message::getText).containsExactly("three", "four");
        assertThat(engram.conversation("gina", "w1")).extracting(Turn::text).containsExactly("one", "two", "three", "four");
        assertThat(repository.findConversationIds()).contains("gina:w1");

        window.clear("gina:w1");

        assertThat(window.get("gina:w1")).isEmpty();
        assertThat(engram.conversation("gina", "w1")).hasSize(4);
        assertThat(engram.memory("gina").view().facts()).extracting(Fact::statement).contains("Lives in Bath.");
        window.add("gina:w1", new UserMessage("five"));
        assertThat(window.get("gina:w1")).extracting(Message::getText).containsExactly("five");
        assertThatThrownBy(() -> window.add("gina:w1", new SystemMessage("Be brief.")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user and assistant messages only");
        assertThatThrownBy(() -> window.get("default"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'<user id>:<conversation>'");
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("engram-spring-ai");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
