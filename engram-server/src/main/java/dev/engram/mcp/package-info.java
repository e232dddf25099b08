/**
 * Engram as an MCP server (Model Context Protocol, Java SDK 2.2.0): the memory tools
 * ({@code add_memory}, {@code search_memory}, {@code list_memories}, {@code forget_memory},
 * {@code get_profile}) and the resources of a user's facts and summaries, served over stdio for one
 * local user ({@link dev.engram.mcp.StdioMcpServer}, {@code engram mcp --user ID}) or over Streamable
 * HTTP by {@code server/McpEndpoint}. Which user a call reaches is the transport's business: it
 * hands the tools a {@link dev.engram.mcp.UserScopes}. MCP SDK types stay in this package and in
 * the HTTP endpoint; the package depends on {@code memory}, {@code retrieval} and {@code chat} only,
 * so that it can become a module of its own.
 */
package dev.engram.mcp;
