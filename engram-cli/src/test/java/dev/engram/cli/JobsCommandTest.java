package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.memory.Job;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.NewJob;
import dev.engram.memory.UserId;
import dev.engram.store.StoreFactory;
import dev.engram.testing.CliProcess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engram jobs} run as a separate process over a real SQLite file. */
class JobsCommandTest {
    @TempDir
    Path home;

    @Test
    void jobs_listsUnderHeadersWithTheirTimes() throws Exception {
        try (MemoryStore store = StoreFactory.open(null, home)) {
            store.jobs().enqueue(UserId.of("alice"), new NewJob("summarize", "{}"), Instant.parse("2025-03-01T10:15:30Z"));
            Job claimed = store.jobs().claim("w", Instant.parse("2025-03-01T10:16:00Z"), Instant.parse("2025-03-01T10:20:00Z"))
                    .orElseThrow();
            store.jobs().fail(claimed, "TransientLlmException: overloaded", null);
        }

        CliProcess.Result r = CliProcess.run(Map.of("ENGRAM_HOME", home.toString()), null, 60, "jobs");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("ID").contains("STATUS").contains("TYPE").contains("USER").contains("ATTEMPTS")
                .contains("CREATED").contains("RUN AT").contains("ERROR");
        assertThat(lines.get(1)).contains("DEAD").contains("summarize").contains("alice")
                .contains("2025-03-01 10:15:30").contains("overloaded");
        assertThat(lines.get(1).indexOf("DEAD")).as("columns line up under their headers")
                .isEqualTo(lines.get(0).indexOf("STATUS"));
    }
}
