package dev.engram.server.mem0;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.memory.Fact;
import dev.engram.memory.UserId;
import java.time.Instant;
import java.util.List;

/**
 * A memory as mem0's API shows it, snake_case. Engram keeps memory per user, so {@code agent_id},
 * {@code app_id}, {@code run_id} and {@code session_id} are always null, and it has no
 * categories ({@code null}). {@code score} is only in search results.
 *
 * @param id the mem0 id of an imported memory, else the Engram fact id as a string
 */
@JsonPropertyOrder({"id", "memory", "user_id", "agent_id", "app_id", "run_id", "session_id", "metadata", "categories",
        "score", "expiration_date", "created_at", "updated_at"})
record Mem0Memory(
        String id,
        String memory,
        @JsonProperty("user_id") String userId,
        @JsonProperty("agent_id") String agentId,
        @JsonProperty("app_id") String appId,
        @JsonProperty("run_id") String runId,
        @JsonProperty("session_id") String sessionId,
        JsonNode metadata,
        List<String> categories,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double score,
        @JsonProperty("expiration_date") String expirationDate,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {

    /** The mem0 id of a fact: its origin id when it was imported from mem0, else its Engram id. */
    static String idOf(Fact fact) {
        return fact.originId() != null ? fact.originId() : Long.toString(fact.id());
    }

    static Mem0Memory of(Fact fact, UserId user) {
        return of(fact, user, null);
    }

    static Mem0Memory of(Fact fact, UserId user, Double score) {
        return new Mem0Memory(idOf(fact), fact.statement(), user.value(), null, null, null, null,
                fact.attributes().node(), null, score, null, fact.createdAt(), fact.updatedAt());
    }
}
