package dev.engram.chat;

import dev.engram.embedding.Embedder;
import dev.engram.memory.SessionId;
import dev.engram.memory.StorableText;
import dev.engram.memory.UserId;
import java.util.List;
import java.util.Objects;

/**
 * The memory block the chat would put in the prompt for a message, without storing the message or
 * calling the model: the same pinned and retrieved memory, assembler and budget as a turn of
 * {@link ChatService}, as for the first message of a new session. Thread safe.
 */
public final class MemoryPreview {
    private final RelevantMemory memory;
    private final PromptAssembler assembler;
    private final Embedder embedder;
    private final ChatSettings settings;

    /** @param embedder embeds the message as a query; may be null (keyword search only) */
    public MemoryPreview(RelevantMemory memory, PromptAssembler assembler, Embedder embedder, ChatSettings settings) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.assembler = Objects.requireNonNull(assembler, "assembler");
        this.embedder = embedder;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The block for {@code message}; with no message (null or blank), the pinned memory only: the
     * core facts and the latest summaries.
     *
     * @throws IllegalArgumentException when the message is longer than the chat accepts or cannot be stored
     */
    public MemoryBlock memoryBlock(UserId user, String message) {
        return memoryBlock(user, null, message);
    }

    /**
     * The block for {@code message} in a conversation whose own turns are left out of retrieval
     * (they are in the conversation already); {@code session} null for none.
     *
     * @throws IllegalArgumentException when the message is longer than the chat accepts or cannot be stored
     */
    public MemoryBlock memoryBlock(UserId user, SessionId session, String message) {
        Objects.requireNonNull(user, "user");
        String text = message == null ? "" : StorableText.require("the message", message.strip());
        if (text.length() > settings.maxMessageChars()) {
            throw new IllegalArgumentException("the message is " + text.length() + " characters long; the limit is "
                    + settings.maxMessageChars());
        }
        List<MemoryCandidate> relevant = text.isEmpty() ? List.of()
                : memory.find(user, session, text, embedder == null ? null : embedder.embedQuery(text), settings.retrieveLimit());
        AssembledPrompt prompt = assembler.assemble(settings.model(), settings.budget(), memory.pinned(user), relevant,
                List.of(), text);
        return new MemoryBlock(prompt.memoryBlock(), prompt.included(), prompt.memoryTokens());
    }
}
