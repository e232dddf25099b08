package dev.engram.springai;

import dev.engram.Engram;
import dev.engram.chat.MemoryBlock;
import java.util.Objects;
import org.springframework.ai.chat.client.ChatClientMessageAggregator;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.Advisor;
import org.springframework.ai.chat.client.advisor.api.AdvisorChain;
import org.springframework.ai.chat.client.advisor.api.BaseAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A ChatClient advisor that gives the model the user's Engram memory and lets Engram learn from the
 * exchange, for {@code .call()} and {@code .stream()} alike.
 *
 * <p>Before the model is called it reads the conversation id from the advisor parameter {@link
 * org.springframework.ai.chat.memory.ChatMemory#CONVERSATION_ID} ({@code user:conversation}, see
 * {@link EngramConversationId}) and appends the user's memory block for the user message to the
 * system prompt (creating one when there is none). A missing id throws {@link
 * MissingConversationIdException} and no request is sent. After the reply is complete it records the
 * exchange with {@link Engram#recordExchange}, which queues extraction on Engram's background worker;
 * a failed or cancelled call records nothing. With {@code recordExchanges(false)} it only adds
 * memory: use that when MessageChatMemoryAdvisor over {@link EngramChatMemoryRepository} already
 * logs every message, or each exchange would be logged twice.
 *
 * <p>For a stream the chunks pass through unchanged; the reply is recorded once, aggregated, when the
 * stream completes. Thread safe.
 */
public final class EngramMemoryAdvisor implements BaseAdvisor {
    /** Runs inside MessageChatMemoryAdvisor (at {@link Advisor#DEFAULT_CHAT_MEMORY_PRECEDENCE_ORDER}), so it sees the history too. */
    public static final int DEFAULT_ORDER = Advisor.DEFAULT_CHAT_MEMORY_PRECEDENCE_ORDER + 100;

    /** Context key under which {@link #before} leaves the user's message for {@link #after}. */
    static final String USER_TEXT = "engram_user_text";

    private final Engram engram;
    private final boolean recordExchanges;
    private final int order;

    private EngramMemoryAdvisor(Builder builder) {
        this.engram = builder.engram;
        this.recordExchanges = builder.recordExchanges;
        this.order = builder.order;
    }

    /** A builder for an advisor over {@code engram}: recording exchanges, at {@link #DEFAULT_ORDER}. */
    public static Builder builder(Engram engram) {
        return new Builder(engram);
    }

    @Override
    public ChatClientRequest before(ChatClientRequest request, AdvisorChain chain) {
        EngramConversationId id = EngramConversationId.from(request.context());
        String message = userText(request);
        if (recordExchanges && message.isBlank()) {
            throw new IllegalArgumentException("Engram records each exchange, and this request to conversation " + id
                    + " has no user text: add .user(...) to the request");
        }
        MemoryBlock block = engram.memoryPreview().memoryBlock(id.user(), id.conversation(), message);
        ChatClientRequest.Builder next = request.mutate().context(USER_TEXT, message);
        if (!block.text().isBlank()) {
            // augmentSystemMessage(String) would replace the caller's system text; this form appends to it.
            next.prompt(request.prompt().augmentSystemMessage(system -> append(system, block.text())));
        }
        return next.build();
    }

    @Override
    public ChatClientResponse after(ChatClientResponse response, AdvisorChain chain) {
        if (!recordExchanges) {
            return response;
        }
        EngramConversationId id = EngramConversationId.from(response.context());
        Object message = response.context().get(USER_TEXT);
        if (message == null) {
            throw new IllegalStateException("the response to conversation " + id + " lost the user message that before() kept");
        }
        engram.recordExchange(id.user().value(), id.conversation().value(), message.toString(), replyText(response));
        return response;
    }

    /**
     * BaseAdvisor's own stream form calls {@link #after} only with the last chunk, whose text is
     * empty for Anthropic; aggregating (as MessageChatMemoryAdvisor does) gives it the whole reply.
     */
    @Override
    public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
        return Mono.just(request)
                .publishOn(getScheduler())
                .map(r -> before(r, chain))
                .flatMapMany(chain::nextStream)
                .transform(flux -> new ChatClientMessageAggregator()
                        .aggregateChatClientResponse(flux, aggregated -> after(aggregated, chain)));
    }

    @Override
    public int getOrder() {
        return order;
    }

    private static String userText(ChatClientRequest request) {
        String text = request.prompt().getUserMessage().getText();
        return text == null ? "" : text;
    }

    private static String replyText(ChatClientResponse response) {
        ChatResponse chatResponse = response.chatResponse();
        if (chatResponse == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (Generation generation : chatResponse.getResults()) {
            if (generation.getOutput().getText() != null) {
                text.append(generation.getOutput().getText());
            }
        }
        return text.toString();
    }

    private static SystemMessage append(SystemMessage system, String block) {
        String existing = system.getText() == null ? "" : system.getText();
        return system.mutate().text(existing.isBlank() ? block : existing + "\n\n" + block).build();
    }

    /** Configures an {@link EngramMemoryAdvisor}. Not thread safe; the advisor it builds is. */
    public static final class Builder {
        private final Engram engram;
        private boolean recordExchanges = true;
        private int order = DEFAULT_ORDER;

        private Builder(Engram engram) {
            this.engram = Objects.requireNonNull(engram, "engram");
        }

        /** Whether each exchange is recorded for extraction (true by default); false only adds memory to prompts. */
        public Builder recordExchanges(boolean record) {
            this.recordExchanges = record;
            return this;
        }

        /** The advisor's place in the chain; lower runs outer. */
        public Builder order(int newOrder) {
            this.order = newOrder;
            return this;
        }

        /** The advisor. */
        public EngramMemoryAdvisor build() {
            return new EngramMemoryAdvisor(this);
        }
    }
}
