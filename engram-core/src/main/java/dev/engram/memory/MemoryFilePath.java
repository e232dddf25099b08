package dev.engram.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a file of Claude's memory tool lives: {@code /memories} itself (the directory) or a
 * slash-separated path under it, such as {@code /memories/notes/tea.md}. Directories exist only as
 * the prefixes of file paths. The value is a database key, never a file-system path.
 *
 * <p>{@link #parse} is the one place the tool's path rules are kept: the path is {@code /memories}
 * or starts with {@code /memories/}; no segment is empty, {@code .} or {@code ..}; no backslash,
 * control character, percent-encoded dot or slash, or text that cannot be stored; at most
 * {@value #MAX_LENGTH} characters. A trailing slash is dropped.
 */
public record MemoryFilePath(String value) {
    /** The memory directory every path lives under. */
    public static final String ROOT = "/memories";
    /** The longest path accepted. */
    public static final int MAX_LENGTH = 1024;

    public MemoryFilePath {
        problem(value).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
    }

    /** The memory directory itself. */
    public static MemoryFilePath root() {
        return new MemoryFilePath(ROOT);
    }

    /**
     * Checks and normalises a path as the model or an import file sent it.
     *
     * @throws IllegalArgumentException naming the path and the rule it breaks, in the words of the
     *     memory tool's documentation where it has them
     */
    public static MemoryFilePath parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new IllegalArgumentException("a path is needed, e.g. /memories/notes.md");
        }
        return new MemoryFilePath(raw.length() > 1 && raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
    }

    private static Optional<String> problem(String path) {
        if (path == null) {
            return Optional.of("a path is needed, e.g. /memories/notes.md");
        }
        if (!path.equals(ROOT) && !path.startsWith(ROOT + "/")) {
            return Optional.of("Path must start with /memories, got: " + path);
        }
        if (path.length() > MAX_LENGTH) {
            return Optional.of("Path is " + path.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (path.indexOf('\\') >= 0 || lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")) {
            return Optional.of("Path " + path + " would escape /memories directory");
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("Path " + path + " would escape /memories directory");
            }
            if (segment.isEmpty()) {
                return Optional.of("Path " + path + " has an empty segment ('//')");
            }
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Optional.of("Path " + path.replaceAll("\\p{Cntrl}", "?") + " contains a control character");
        }
        return StorableText.problem(path).map(p -> "Path contains " + p + ", which cannot be stored");
    }

    /** True for {@code /memories} itself. */
    public boolean isRoot() {
        return value.equals(ROOT);
    }

    /** True when {@code other} lies inside this path taken as a directory (not when it equals it). */
    public boolean contains(MemoryFilePath other) {
        return other.value.startsWith(value + "/");
    }

    /** The directories above this path, nearest first, ending with {@code /memories}; empty for the root. */
    public List<MemoryFilePath> ancestors() {
        List<MemoryFilePath> out = new ArrayList<>();
        String p = value;
        for (int slash = p.lastIndexOf('/'); slash > 0 && !p.equals(ROOT); slash = p.lastIndexOf('/')) {
            p = p.substring(0, slash);
            out.add(new MemoryFilePath(p));
        }
        return out;
    }

    /** The same place with the prefix {@code from} replaced by {@code to}; {@code from} must equal or contain it. */
    public MemoryFilePath moved(MemoryFilePath from, MemoryFilePath to) {
        if (!equals(from) && !from.contains(this)) {
            throw new IllegalArgumentException(value + " is not at or under " + from.value);
        }
        return new MemoryFilePath(to.value + value.substring(from.value.length()));
    }

    @Override
    public String toString() {
        return value;
    }
}
