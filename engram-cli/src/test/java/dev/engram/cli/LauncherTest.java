package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./engram} launcher on a fresh copy of the project, as on a first run: it builds the jar
 * with Maven, records the class-data archive, and runs the command. Slow (a real build), so one
 * run checks what a user sees on stderr meanwhile.
 */
class LauncherTest {
    @TempDir
    Path copy;

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    void firstRun_buildsWithoutColourCodes_andSaysWhatTheClassDataRecordingDoes() throws Exception {
        Path root = Path.of(System.getProperty("engram.root", "..")).toAbsolutePath().normalize();
        Files.copy(root.resolve("engram"), copy.resolve("engram"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(root.resolve("pom.xml"), copy.resolve("pom.xml"));
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml"))).toList()) {
                Path to = copy.resolve(module.getFileName().toString());
                Files.createDirectories(to);
                Files.copy(module.resolve("pom.xml"), to.resolve("pom.xml"));
                if (Files.isDirectory(module.resolve("src").resolve("main"))) {
                    copyTree(module.resolve("src").resolve("main"), to.resolve("src").resolve("main"));
                }
            }
        }

        ProcessBuilder pb = new ProcessBuilder(copy.resolve("engram").toString(), "--version");
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        // Maven's local repository is under the real home; a network is not needed.
        pb.environment().put("HOME", System.getProperty("user.home"));
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        p.getOutputStream().close();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish; stderr so far: " + err.getNow("?"));
        }

        String stderr = err.join();
        assertThat(p.exitValue()).as(stderr).isZero();
        assertThat(out.join().strip()).isEqualTo("engram 0.1.0");
        assertThat(stderr).as("no terminal escape codes").doesNotContain("\u001b");
        assertThat(stderr).contains("building").contains("class data");
        assertThat(copy.resolve("engram-cli").resolve("target").resolve("engram.jsa")).exists();
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e.getMessage() + ">";
        }
    }
}
