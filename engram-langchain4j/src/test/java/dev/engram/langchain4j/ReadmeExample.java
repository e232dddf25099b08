package dev.engram.langchain4j;

import dev.engram.Engram;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;

/** The code of the README section "Use Engram from LangChain4j", compiled here and run by {@link TwoSessionsTest}. */
final class ReadmeExample {
    private ReadmeExample() {}

    // README:begin
    interface Assistant {
        String chat(@MemoryId EngramMemoryId conversation, @UserMessage String message);
    }

    static Assistant assistant(Engram engram, ChatModel model) {
        EngramChatMemoryStore store = new EngramChatMemoryStore(engram);
        return AiServices.builder(Assistant.class)
                .chatModel(model)
                .chatMemoryProvider(id -> MessageWindowChatMemory.builder()
                        .id(id).maxMessages(20).chatMemoryStore(store).build())
                .contentRetriever(new EngramContentRetriever(engram))
                .storeRetrievedContentInChatMemory(false)
                .build();
    }
    // README:end
}
