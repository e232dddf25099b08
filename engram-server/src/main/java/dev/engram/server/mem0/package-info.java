/**
 * The mem0 Platform API on Engram's server, so that mem0's own clients ({@code mem0ai} on npm,
 * {@code new MemoryClient({apiKey, host})}) work against Engram unchanged: {@link
 * dev.engram.server.mem0.Mem0Api} answers ping, add, search, list, get, update, delete, delete-all
 * and history with mem0's request and response shapes and mem0-style errors, under the same tenant
 * keys as Engram's own API ({@code Authorization: Token KEY}). Memories are Engram facts: adds go
 * through Engram's extraction in the background, search through its hybrid retrieval, delete-all
 * is Engram's erase. {@link dev.engram.server.mem0.Mem0Import} reads mem0 exports for
 * {@code engram memory import --from mem0}.
 *
 * <p>Everything mem0-specific lives here; the package uses {@code dev.engram.server} only through
 * {@link dev.engram.server.ApiExtension} and the parts it is given, so that it can move to a module
 * of its own.
 */
package dev.engram.server.mem0;
