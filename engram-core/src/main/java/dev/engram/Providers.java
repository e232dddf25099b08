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

    /** Loads the model the database was embedded with (or a configured one already checked). */
    static Embedder embedder(String name) {
        return requireRecordedEmbedder(name).load();
    }

    /** The provider of the model the database was embedded with; says so when this Engram lacks it. */
    static EmbedderProvider requireRecordedEmbedder(String name) {
        EmbedderProvider p = embedderProvider(name);
        if (p == null) {
            throw new IllegalArgumentException("the memory in this database was embedded with '" + name
                    + "', a model this version of Engram does not have (it has " + String.join(", ", embedderNames())
                    + "): start a new database (ENGRAM_HOME or ENGRAM_DB_URL)");
        }
        return p;
    }

    /** Checks that a configured model name is one this Engram has, without loading it. */
    static void requireEmbedder(String name) {
        if (embedderProvider(name) == null) {
            throw new IllegalArgumentException("there is no embedding model '" + name + "': this Engram has "
                    + String.join(", ", embedderNames()) + ", or 'none' for keyword search only");
        }
    }

    private static EmbedderProvider embedderProvider(String name) {
        for (EmbedderProvider p : ServiceLoader.load(EmbedderProvider.class, Providers.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        if (embedderNames().isEmpty()) {
            throw new IllegalStateException("no embedding model '" + name + "': add the dev.engram:engram-embeddings module"
                    + " to the classpath, pass one with Engram.builder().embedder(...), or turn embeddings off with embedder(\"none\")");
        }
        return null;
    }

    private static List<String> embedderNames() {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(EmbedderProvider.class, Providers.class.getClassLoader()).forEach(p -> names.add(p.name()));
        return names;
    }
}
