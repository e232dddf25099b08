package dev.engram.server.mem0;

import dev.engram.server.ServerHarness;
import dev.engram.server.ServerSettings;
import dev.engram.server.TestDatabase;
import dev.engram.testkit.HashEmbedder;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@link Mem0ApiTest} on the real PostgreSQL server, where metadata is {@code jsonb}. Skipped with a
 * message when the server cannot be reached, except on CI ({@code CI=true}), where it fails.
 */
class Mem0ApiPostgresTest extends Mem0ApiTest {
    @Override
    ServerHarness harness(Path dir) {
        return new ServerHarness(TestDatabase.postgres(), ServerSettings.defaults("127.0.0.1", 0), Duration.ofSeconds(5), 2,
                new HashEmbedder());
    }
}
