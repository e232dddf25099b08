package dev.engram.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold people's memories, readable by their owner only: directories are created
 * {@code 0700} and files {@code 0600} from the start (never created open and narrowed later), on
 * file systems that have POSIX permissions. Elsewhere the platform's defaults apply.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /** Creates {@code dir} and any missing parents as {@code 0700}; an existing directory is left as it is. */
    public static Path createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        return posix(dir) ? Files.createDirectories(dir, attribute(DIRECTORY)) : Files.createDirectories(dir);
    }

    /** Creates {@code file} empty as {@code 0600} unless it exists. */
    public static void createFile(Path file) throws IOException {
        try {
            if (posix(file)) {
                Files.createFile(file, attribute(FILE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // kept as it is: an existing database keeps its owner's permissions
        }
    }

    /**
     * Writes {@code text} to {@code file} as {@code 0600}, whole or not at all: it is written to a
     * new file beside it, then moved over it.
     */
    public static void writeString(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        createDirectories(dir);
        Path temp = posix(dir)
                ? Files.createTempFile(dir, ".engram-", ".tmp", attribute(FILE))
                : Files.createTempFile(dir, ".engram-", ".tmp");
        try {
            Files.writeString(temp, text);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static boolean posix(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
