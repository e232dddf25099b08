package dev.engram.langchain4j;

import dev.engram.Engram;
import dev.engram.chat.MemoryBlock;
import dev.engram.chat.MemoryCandidate;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A LangChain4j {@link ContentRetriever} over a user's Engram memory: for a query it returns the
 * memory block Engram would put into its own prompt ({@link Engram#memoryFor}: pinned facts and
 * summaries plus what retrieval finds relevant, within the memory budget), so that a {@code
 * RetrievalAugmentor} brings long-term memory into any LangChain4j model's prompt. No model is
 * called and nothing is stored. The block may quote earlier messages of any conversation,
 * including ones still in the window, since Engram cannot tell which of them the window holds.
 *
 * <p>The user is the query's chat memory id ({@code query.metadata().chatMemoryId()}, the AI
 * Service's {@code @MemoryId} argument), read by {@link EngramMemoryId#from}. A query without one
 * is refused, never answered from some other user's memory. With {@code AiServices}, set {@code
 * storeRetrievedContentInChatMemory(false)}, or the memory block is saved into the chat memory
 * (and the turn log) as part of the user's message.
 *
 * <p>Thread safe.
 */
public final class EngramContentRetriever implements ContentRetriever {
    /** The metadata key of the returned segment that lists the memory items in it ({@code #12,s3,...}). */
    public static final String REFS_KEY = "engram_refs";
    /** The metadata key of the returned segment that names the user. */
    public static final String USER_KEY = "engram_user";

    private final Engram engram;

    public EngramContentRetriever(Engram engram) {
        this.engram = Objects.requireNonNull(engram, "engram");
    }

    /**
     * The user's memory block for {@code query.text()} as one content, or none when nothing is
     * remembered that fits.
     *
     * @throws IllegalArgumentException when the query carries no chat memory id, or one that is not
     *     valid (see {@link EngramMemoryId#from}), or its text is too long for Engram
     */
    @Override
    public List<Content> retrieve(Query query) {
        Objects.requireNonNull(query, "query");
        if (query.metadata() == null || query.metadata().chatMemoryId() == null) {
            throw new IllegalArgumentException("the query carries no chat memory id, so Engram cannot tell whose memory to "
                    + "search: use this retriever in an AI Service whose method has a @MemoryId parameter carrying the user "
                    + "id (or an EngramMemoryId)");
        }
        EngramMemoryId id = EngramMemoryId.from(query.metadata().chatMemoryId());
        MemoryBlock block = engram.memoryFor(id.user().value(), query.text());
        if (block.text().isBlank()) {
            return List.of();
        }
        String refs = block.items().stream().map(MemoryCandidate::ref).collect(Collectors.joining(","));
        Metadata metadata = new Metadata().put(USER_KEY, id.user().value()).put(REFS_KEY, refs);
        return List.of(Content.from(TextSegment.from(block.text(), metadata)));
    }
}
