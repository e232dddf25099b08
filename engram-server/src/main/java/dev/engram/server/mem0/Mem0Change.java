package dev.engram.server.mem0;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One entry of a memory's history as mem0's API shows it. Engram's {@code ADDED} is {@code ADD},
 * {@code UPDATED} (by extraction) and {@code EDITED} (by the user) are {@code UPDATE}, and
 * {@code INVALIDATED} (no longer true, kept for history) is {@code DELETE} with no new memory.
 *
 * @param input the messages behind the change: the user turn it came from and the replies to it,
 *     empty when it came from no conversation
 */
@JsonPropertyOrder({"id", "memory_id", "input", "old_memory", "new_memory", "user_id", "event", "categories", "metadata",
        "created_at", "updated_at"})
record Mem0Change(
        String id,
        @JsonProperty("memory_id") String memoryId,
        List<Message> input,
        @JsonProperty("old_memory") String oldMemory,
        @JsonProperty("new_memory") String newMemory,
        @JsonProperty("user_id") String userId,
        String event,
        List<String> categories,
        JsonNode metadata,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {

    /** A message of {@link #input}. */
    record Message(String role, String content) {}
}
