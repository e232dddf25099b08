package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.llm.fake.FakeReply;
import dev.engram.testing.CliProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erase and forget from the command line, as a user runs them, leave none of the erased text in
 * any file under {@code ENGRAM_HOME}: the database, its {@code -wal} and {@code -shm}, and the
 * chat's exports, which are readable by their owner only.
 */
class EraseOnDiskCliTest {
    private static final String SECRET = "zebraquokka4921";

    @TempDir
    Path home;

    private CliProcess.Result engram(String baseUrl, String stdin, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(CliProcess.env(home, baseUrl));
        env.put("ENGRAM_EMBEDDER", "none");
        CliProcess.Result r = CliProcess.run(env, stdin, 120, args);
        assertThat(r.exitCode()).as("stdout:%n%s%nstderr:%n%s", r.stdout(), r.stderr()).isZero();
        return r;
    }

    @Test
    void memoryErase_removesTheUsersTextFromEveryFile_andTheirExports() throws Exception {
        try (FakeMessagesServer fake = FakeMessagesServer.started()) {
            fake.fallback(request -> FakeReply.text("Noted."));
            engram(fake.baseUrl(), "my locker code is " + SECRET + "\n/remember Locker code " + SECRET + "\n/export\n",
                    "chat", "--user", "alice");
        }
        engram(null, null, "memory", "add", "--user", "bob", "Bob keeps bees.");
        Path exports = home.resolve("exports");
        List<Path> exported = list(exports);
        assertThat(exported).hasSize(1);
        assertThat(mode(exports)).isEqualTo("rwx------");
        assertThat(mode(exported.get(0))).isEqualTo("rw-------");
        assertThat(filesHolding(SECRET)).as("the scan finds the text first").isNotEmpty();

        CliProcess.Result erased = engram(null, null, "memory", "erase", "--user", "alice", "--yes");

        assertThat(erased.stdout()).contains("deleted the export " + exported.get(0));
        assertThat(filesHolding(SECRET)).as("files under ENGRAM_HOME holding the erased text").isEmpty();
        assertThat(list(exports)).isEmpty();
        assertThat(engram(null, null, "memory", "show", "--user", "bob").stdout()).contains("Bob keeps bees.");
    }

    @Test
    void forgetInTheChat_removesTheFactsTextFromEveryFile() throws Exception {
        try (FakeMessagesServer fake = FakeMessagesServer.started()) {
            fake.fallback(request -> FakeReply.text("Noted."));
            engram(fake.baseUrl(), "/remember My bank PIN is " + SECRET + "\n/remember I like tea\n/forget PIN\n",
                    "chat", "--user", "alice");
        }
        assertThat(filesHolding(SECRET)).isEmpty();
        assertThat(engram(null, null, "memory", "show", "--user", "alice").stdout()).contains("I like tea");
    }

    private List<Path> filesHolding(String marker) throws IOException {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(home)) {
            return files.filter(Files::isRegularFile).filter(f -> contains(f, needle)).toList();
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            String haystack = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            return haystack.contains(new String(needle, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
