package dev.engram.cli;

import dev.engram.memory.UserId;
import dev.engram.store.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The chat's export files: {@code /export} without a file name writes {@code USER-yyyyMMdd-HHmmss.json}
 * in Engram's {@code exports/} directory, readable by the owner only ({@code 0600}, the directory
 * {@code 0700}), and erasing the user deletes them there. Exports written anywhere else are the
 * user's own copies; an erase cannot know of them and says so.
 */
final class ExportFiles {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path dir;

    ExportFiles(Path dir) {
        this.dir = dir;
    }

    /** Where {@code /export} writes the user's memory at {@code at} when no file is named. */
    Path defaultFile(UserId user, Instant at) {
        return dir.resolve(user.value() + "-" + STAMP.format(at) + ".json");
    }

    /** Writes an export readable by its owner only, whole or not at all. */
    static void write(Path file, String json) throws IOException {
        PrivateFiles.writeString(file, json);
    }

    /** The default-named exports of the user in the exports directory, by name. */
    List<Path> of(UserId user) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        Pattern mine = Pattern.compile(Pattern.quote(user.value()) + "-\\d{8}-\\d{6}\\.json");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> mine.matcher(f.getFileName().toString()).matches()).sorted().toList();
        }
    }

    /** Deletes the user's default-named exports; returns the files deleted. */
    List<Path> deleteAll(UserId user) throws IOException {
        List<Path> files = of(user);
        for (Path f : files) {
            Files.delete(f);
        }
        return files;
    }
}
