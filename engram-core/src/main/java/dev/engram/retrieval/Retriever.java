package dev.engram.retrieval;

import dev.engram.memory.UserId;
import java.util.List;

/** Finds the items of one user's memory that best fit a query. Implementations are thread safe. */
public interface Retriever {

    /**
     * The user's best items for {@code query}, best first, at most {@code limit} of them; empty
     * only when the user's memory is empty. Never reads another user's memory.
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    List<Hit> retrieve(UserId user, String query, int limit);
}
