package dev.engram.memory;

import java.util.List;

/**
 * Durable storage of users' memory, by aggregate: the {@link TurnLog}, {@link FactStore}, {@link
 * SummaryStore}, {@link EntityStore}, {@link UserData} (export, import, erase) and the {@link
 * MemoryReader} that retrieval reads, plus the job queue and memory files in the same database.
 * Every method is scoped to one user and can never read or change another user's rows; every
 * write is one transaction. Implementations are thread safe. Failures surface as an {@link
 * dev.engram.EngramException} (engram-jdbc's StoreException); no method turns a failure into an
 * empty result.
 */
public interface MemoryStore extends TurnLog, FactStore, SummaryStore, EntityStore, UserData, MemoryReader, AutoCloseable {

    /**
     * Records {@code model} as the model of the stored embeddings if none is recorded yet, and
     * returns the recorded one. Embeddings of two models must never be compared.
     */
    String pinEmbeddingModel(String model);

    /** The job queue that shares this store's database and transactions. */
    JobQueue jobs();

    /** The files of Claude's memory tool, in this store's database and transactions; erased with the user. */
    MemoryFileStore files();

    @Override
    default List<MemoryFile> memoryFiles(UserId user) {
        return files().files(user);
    }

    @Override
    void close();
}
