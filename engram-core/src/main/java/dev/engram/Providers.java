package dev.engram;

import dev.engram.embedding.Embedder;
import dev.engram.llm.LlmClient;
import dev.engram.memory.MemoryStore;
import dev.engram.spi.EmbedderProvider;
import dev.engram.spi.ModelProvider;
import dev.engram.spi.StoreProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Finds the store, model and embedder providers of the modules on the classpath; says which module to add when one is missing. */
final class Providers {
    private Providers() {}

    static MemoryStore store(String url, Path home, Clock clock, Map<String, String> options) {
        boolean any = false;
        for (StoreProvider p : ServiceLoader.load(StoreProvider.class, Providers.class.getClassLoader())) {
            any = true;
            if (p.accepts(url)) {
                return p.open(url, home, clock, options);
            }
        }
        if (!any) {
            throw new IllegalStateException("no store for " + (url == null ? "the default SQLite file" : url)
                    + ": add the dev.engram:engram-jdbc module to the classpath, or pass a store with Engram.builder().store(...)");
        }
        throw new IllegalArgumentException("no store takes the database URL '" + url
                + "': Engram's stores take jdbc:sqlite:FILE and jdbc:postgresql://HOST/DB");
    }

    static LlmClient model(String apiKey, String baseUrl, Duration timeout, int retries) {
        for (ModelProvider p : ServiceLoader.load(ModelProvider.class, Providers.class.getClassLoader())) {
            return p.open(apiKey, baseUrl, timeout, retries);
        }
        throw new IllegalStateException("no Claude client: add the dev.engram:engram-anthropic module to the classpath,"
                + " or pass a model client with Engram.builder().llm(...)");
    }

    static Embedder embedder(String name) {
        return embedder(name, false);
    }

    /** Loads the named model; with {@code checkOnly}, only checks that it exists (returns null). */
    static Embedder embedder(String name, boolean checkOnly) {
        List<String> known = new ArrayList<>();
        for (EmbedderProvider p : ServiceLoader.load(EmbedderProvider.class, Providers.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return checkOnly ? null : p.load();
            }
            known.add(p.name());
        }
        if (known.isEmpty()) {
            throw new IllegalStateException("no embedding model '" + name + "': add the dev.engram:engram-embeddings module"
                    + " to the classpath, pass one with Engram.builder().embedder(...), or turn embeddings off with embedder(\"none\")");
        }
        throw new IllegalArgumentException("the memory in this database was embedded with '" + name
                + "', a model this version of Engram does not have (it has " + String.join(", ", known)
                + "): start a new database (ENGRAM_HOME or ENGRAM_DB_URL)");
    }
}
