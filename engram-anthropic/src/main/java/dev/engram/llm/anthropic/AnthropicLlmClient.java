package dev.engram.llm.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.Timeout;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceTool;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.llm.ChatMessage;
import dev.engram.llm.ChatReply;
import dev.engram.llm.ChatRequest;
import dev.engram.llm.LlmClient;
import dev.engram.llm.MalformedOutputException;
import dev.engram.llm.ReplyStop;
import dev.engram.llm.SystemBlock;
import dev.engram.llm.ToolRequest;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@link LlmClient} on the official Anthropic Java SDK. Both calls stream, so a long answer never hits
 * the SDK's whole-request timeout; {@link AnthropicSettings#timeout()} bounds each wait for data instead.
 * Prompt caching follows the request: system blocks and messages marked as cache breakpoints carry
 * {@code cache_control: {type: ephemeral}}.
 *
 * <p>Thread safe; one instance should be shared. {@link #close()} releases the HTTP connection pool.
 *
 * <pre>{@code
 * var client = new AnthropicLlmClient(new AnthropicSettings(key, null, Duration.ofSeconds(60), 2));
 * ChatReply reply = client.chat(request, System.out::print, new ReplyStop());
 * }</pre>
 */
public final class AnthropicLlmClient implements LlmClient, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AnthropicLlmClient.class.getName());
    /** Upper bound for one whole streamed call, however lively the stream. */
    private static final Duration WHOLE_CALL_LIMIT = Duration.ofMinutes(10);
    private static final int EXCERPT_LENGTH = 200;

    private final AnthropicClient client;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    /** Builds the SDK client from {@code settings}. */
    public AnthropicLlmClient(AnthropicSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.timeout = settings.timeout();
        AnthropicOkHttpClient.Builder builder = AnthropicOkHttpClient.builder()
                .apiKey(settings.apiKey())
                .maxRetries(settings.maxRetries())
                .timeout(Timeout.builder()
                        .connect(timeout)
                        .read(timeout)
                        .write(timeout)
                        .request(timeout.compareTo(WHOLE_CALL_LIMIT) > 0 ? timeout : WHOLE_CALL_LIMIT)
                        .build());
        if (settings.baseUrl() != null) {
            builder.baseUrl(settings.baseUrl());
        }
        this.client = builder.build();
    }

    /** Shorthand for {@code new AnthropicLlmClient(new AnthropicSettings(...))}; {@code baseUrl} may be null. */
    public AnthropicLlmClient(String apiKey, String baseUrl, Duration timeout, int maxRetries) {
        this(new AnthropicSettings(apiKey, baseUrl, timeout, maxRetries));
    }

    /**
     * {@inheritDoc} A stop closes the HTTP stream; one asked for before the server has started to
     * answer takes effect when it starts.
     */
    @Override
    public ChatReply chat(ChatRequest request, Consumer<String> onText, ReplyStop stop) {
        Objects.requireNonNull(onText, "onText");
        Objects.requireNonNull(stop, "stop");
        MessageCreateParams.Builder params = MessageCreateParams.builder()
                .model(request.model())
                .maxTokens(request.maxTokens());
        if (!request.system().isEmpty()) {
            params.systemOfTextBlockParams(request.system().stream().map(AnthropicLlmClient::systemBlock).toList());
        }
        request.messages().forEach(message -> addMessage(params, message));
        StreamedMessage answer = stream(params.build(), onText, stop);
        return new ChatReply(answer.text(), answer.finished() ? answer.stopReason() : ChatReply.STOPPED, answer.usage());
    }

    @Override
    public JsonNode callTool(ToolRequest request) {
        MessageCreateParams.Builder params = MessageCreateParams.builder()
                .model(request.model())
                .maxTokens(request.maxTokens())
                .addTool(tool(request))
                .toolChoice(ToolChoiceTool.builder().name(request.toolName()).build())
                .addUserMessage(request.prompt());
        if (!request.system().isBlank()) {
            params.system(request.system());
        }
        StreamedMessage answer = stream(params.build(), text -> { }, new ReplyStop());
        StreamedMessage.ToolCall call = answer.toolCall(request.toolName()).orElseThrow(() ->
                new MalformedOutputException("the model answered without calling tool '" + request.toolName()
                        + "' (stop reason " + answer.stopReason() + "): " + excerpt(answer.text())));
        return toolInput(request.toolName(), call);
    }

    /** A token count of a one-word message: free, and it takes the same HTTP and JSON path as a turn. */
    @Override
    public void warmUp(String model) {
        try {
            client.messages().countTokens(MessageCountTokensParams.builder().model(model).addUserMessage("hi").build());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "warm-up call to the model server failed (the first turn may be slower): "
                    + e.getMessage());
        }
    }

    /** Closes the SDK client and its connection pool. */
    @Override
    public void close() {
        client.close();
    }

    /**
     * Streams one call; SDK failures are translated, {@code onText}'s own exceptions pass through as
     * they are. When {@code stop} is requested, the stream is closed and what arrived is returned,
     * not {@link StreamedMessage#finished() finished}.
     */
    private StreamedMessage stream(MessageCreateParams params, Consumer<String> onText, ReplyStop stop) {
        StreamedMessage answer = new StreamedMessage();
        StreamResponse<RawMessageStreamEvent> response;
        try {
            response = client.messages().createStreaming(params);
        } catch (RuntimeException e) {
            throw AnthropicErrors.translate(e, timeout);
        }
        try (response) {
            // Closing the response from the stopping thread makes the blocked read below fail at once.
            stop.whenRequested(response::close);
            Consumer<String> shown = text -> {
                if (!stop.requested()) {
                    onText.accept(text);
                }
            };
            Iterator<RawMessageStreamEvent> events = response.stream().iterator();
            while (!stop.requested()) {
                RawMessageStreamEvent event;
                try {
                    if (!events.hasNext()) {
                        break;
                    }
                    event = events.next();
                } catch (RuntimeException e) {
                    if (stop.requested()) {
                        break;
                    }
                    throw AnthropicErrors.translate(e, timeout);
                }
                answer.accept(event, shown);
            }
        }
        if (!answer.finished() && !stop.requested()) {
            throw AnthropicErrors.streamEndedEarly();
        }
        return answer;
    }

    private JsonNode toolInput(String toolName, StreamedMessage.ToolCall call) {
        String raw = call.partialJson().toString();
        JsonNode input;
        if (raw.isBlank()) {
            input = call.startInput();
        } else {
            try {
                input = json.readTree(raw);
            } catch (JsonProcessingException e) {
                throw new MalformedOutputException("the model sent broken JSON for tool '" + toolName + "': "
                        + e.getOriginalMessage() + "; input was: " + excerpt(raw));
            }
        }
        if (input == null || !input.isObject()) {
            throw new MalformedOutputException("the model's input for tool '" + toolName
                    + "' is not a JSON object: " + excerpt(String.valueOf(input)));
        }
        return input;
    }

    private static TextBlockParam systemBlock(SystemBlock block) {
        return textBlock(block.text(), block.cacheBreakpoint());
    }

    private static TextBlockParam textBlock(String text, boolean cacheBreakpoint) {
        TextBlockParam.Builder builder = TextBlockParam.builder().text(text);
        if (cacheBreakpoint) {
            builder.cacheControl(CacheControlEphemeral.builder().build());
        }
        return builder.build();
    }

    private static void addMessage(MessageCreateParams.Builder params, ChatMessage message) {
        boolean user = message.speaker() == ChatMessage.Speaker.USER;
        if (!message.cacheBreakpoint()) {
            if (user) {
                params.addUserMessage(message.text());
            } else {
                params.addAssistantMessage(message.text());
            }
            return;
        }
        // cache_control can only sit on a content block, so a breakpoint message goes as a block list.
        List<ContentBlockParam> content = List.of(ContentBlockParam.ofText(textBlock(message.text(), true)));
        if (user) {
            params.addUserMessageOfContentBlockParams(content);
        } else {
            params.addAssistantMessageOfContentBlockParams(content);
        }
    }

    private static Tool tool(ToolRequest request) {
        Tool.InputSchema.Builder schema = Tool.InputSchema.builder();
        for (Map.Entry<String, Object> entry : request.inputSchema().entrySet()) {
            switch (entry.getKey()) {
                case "type" -> { } // always "object"; the SDK sets it
                case "properties" -> schema.properties(properties(entry.getValue()));
                case "required" -> schema.required(names(entry.getValue()));
                default -> schema.putAdditionalProperty(entry.getKey(), JsonValue.from(entry.getValue()));
            }
        }
        return Tool.builder()
                .name(request.toolName())
                .description(request.toolDescription())
                .inputSchema(schema.build())
                .build();
    }

    private static Tool.InputSchema.Properties properties(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("inputSchema.properties must be a map, got " + value);
        }
        Tool.InputSchema.Properties.Builder properties = Tool.InputSchema.Properties.builder();
        map.forEach((name, schema) -> properties.putAdditionalProperty(String.valueOf(name), JsonValue.from(schema)));
        return properties.build();
    }

    private static List<String> names(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("inputSchema.required must be a list of names, got " + value);
        }
        return list.stream().map(String::valueOf).toList();
    }

    private static String excerpt(String text) {
        return text.length() <= EXCERPT_LENGTH ? text : text.substring(0, EXCERPT_LENGTH) + "...";
    }
}
