package dev.engram.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowChangesTest {
    private final ChatMessage system = SystemMessage.from("Be brief.");
    private final ChatMessage ok = UserMessage.from("ok");
    private final ChatMessage reply = AiMessage.from("fine");

    @Test
    void afterEviction_onlyTheMessagesAfterTheLastKnownOneAreNew() {
        ChatMessage again = UserMessage.from("ok");

        assertThat(WindowChanges.added(List.of(system, ok, reply), List.of(system, reply, again))).containsExactly(again);
    }

    @Test
    void anUnchangedWindow_addsNothing() {
        assertThat(WindowChanges.added(List.of(system, ok, reply), List.of(system, ok, reply))).isEmpty();
    }

    @Test
    void inAWindowOfOne_anEqualRepeatOfTheOnlyMessage_cannotBeToldFromACopy_andIsNotAdded() {
        // Known limit: with no message object in common, equal messages count as the same ones.
        assertThat(WindowChanges.added(List.of(ok), List.of(UserMessage.from("ok")))).isEmpty();
        assertThat(WindowChanges.added(List.of(ok), List.of(UserMessage.from("ok?")))).containsExactly(UserMessage.from("ok?"));
    }

    @Test
    void equalCopies_areMatchedByTheLongestOverlap_ignoringSystemMessages() {
        List<ChatMessage> held = List.of(system, UserMessage.from("ok"), AiMessage.from("fine"));
        List<ChatMessage> copies = List.of(SystemMessage.from("Changed."), AiMessage.from("fine"), UserMessage.from("ok"));

        assertThat(WindowChanges.added(held, copies)).containsExactly(UserMessage.from("ok"));
        assertThat(WindowChanges.added(List.of(), copies)).containsExactly(AiMessage.from("fine"), UserMessage.from("ok"));
    }
}
