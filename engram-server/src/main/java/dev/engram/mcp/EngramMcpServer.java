package dev.engram.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;

/**
 * Builds Engram's MCP server over a transport: its name, instructions, the memory tools and the
 * resources. The JSON mapper and schema validator are chosen here, explicitly (Jackson 2, with a
 * fresh unconfigured {@link ObjectMapper}, as the SDK's own default does), rather than by whichever
 * JSON module the class path happens to list first. Arguments are checked against each tool's
 * schema before the tool runs.
 */
public final class EngramMcpServer {
    /** The name the server reports in {@code initialize}. */
    public static final String NAME = "engram";
    static final String VERSION = "0.1.0";
    private static final String INSTRUCTIONS = "Engram is this user's long-term memory. Use search_memory before"
            + " answering anything that may depend on what the user said before, add_memory for a durable fact the user"
            + " states about themself, list_memories to show what is remembered, forget_memory to remove a fact for good,"
            + " and get_profile for the memory block a chat would use for a message.";

    private EngramMcpServer() {}

    /** The JSON mapper for MCP messages: Jackson 2, unconfigured, apart from Engram's own mapper. */
    public static McpJsonMapper jsonMapper() {
        return new JacksonMcpJsonMapper(new ObjectMapper());
    }

    /** A server for one client over {@code transport} (stdio). */
    public static McpSyncServer build(McpServerTransportProvider transport, McpJsonMapper mapper, MemoryBackend backend,
                                      UserScopes scopes) {
        return configure(McpServer.sync(transport), mapper, backend, scopes).build();
    }

    /** A server for many sessions over {@code transport} (Streamable HTTP). */
    public static McpSyncServer build(McpStreamableServerTransportProvider transport, McpJsonMapper mapper,
                                      MemoryBackend backend, UserScopes scopes) {
        return configure(McpServer.sync(transport), mapper, backend, scopes).build();
    }

    private static <S extends McpServer.SyncSpecification<S>> McpServer.SyncSpecification<S> configure(
            McpServer.SyncSpecification<S> spec, McpJsonMapper mapper, MemoryBackend backend, UserScopes scopes) {
        MemoryResources resources = new MemoryResources(backend, scopes, mapper);
        return spec.serverInfo(NAME, VERSION)
                .instructions(INSTRUCTIONS)
                .jsonMapper(mapper)
                .jsonSchemaValidator(new DefaultJsonSchemaValidator(new ObjectMapper()))
                .validateToolInputs(true)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build())
                .tools(new MemoryTools(backend, scopes, mapper).all())
                .resources(resources.resources())
                .resourceTemplates(resources.templates());
    }
}
