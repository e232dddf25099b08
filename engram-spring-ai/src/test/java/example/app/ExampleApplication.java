package example.app;

import dev.engram.springai.EngramMemoryAdvisor;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A small Spring AI application outside Engram's packages, so component scanning cannot find
 * Engram's beans: they come from the auto-configuration alone. Its code between the README markers
 * is the example in README.md's "Use Engram from Spring AI".
 */
@SpringBootApplication
public class ExampleApplication {

    // README:begin
    @Bean
    ChatClient chatClient(ChatClient.Builder builder, EngramMemoryAdvisor engramMemory) {
        return builder.defaultAdvisors(engramMemory).build();
    }

    /** Alice's memory follows her into every conversation; "alice:trip-1" names the user and the conversation. */
    public static String ask(ChatClient chat, String userId, String conversation, String message) {
        return chat.prompt()
                .user(message)
                .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, userId + ":" + conversation))
                .call()
                .content();
    }
    // README:end
}
