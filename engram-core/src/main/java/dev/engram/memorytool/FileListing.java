package dev.engram.memorytool;

import dev.engram.memory.MemoryFile;
import dev.engram.memory.MemoryFilePath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The text of {@code view} on a directory: the directory and what lies up to two levels below it,
 * by name, each with its size, directories ending in {@code /}. A directory's size is the total of
 * the files under it. Hidden items (a name starting with {@code .}) and {@code node_modules} are
 * left out, as the tool's documentation describes. Stateless.
 */
final class FileListing {
    private FileListing() {}

    /** The listing of {@code dir}, given every file of the user. */
    static String of(MemoryFilePath dir, List<MemoryFile> files) {
        TreeMap<String, Long> sizes = new TreeMap<>();
        long total = 0;
        for (MemoryFile f : files) {
            if (!dir.contains(f.path()) || hidden(f.path().value().substring(dir.value().length() + 1))) {
                continue;
            }
            long bytes = f.content().getBytes(StandardCharsets.UTF_8).length;
            total += bytes;
            String[] parts = f.path().value().substring(dir.value().length() + 1).split("/");
            sizes.merge(parts[0] + (parts.length > 1 ? "/" : ""), bytes, Long::sum);
            if (parts.length > 1) {
                sizes.merge(parts[0] + "/" + parts[1] + (parts.length > 2 ? "/" : ""), bytes, Long::sum);
            }
        }
        StringBuilder b = new StringBuilder("Here're the files and directories up to 2 levels deep in ").append(dir)
                .append(", excluding hidden items and node_modules:\n").append(size(total)).append('\t').append(dir);
        sizes.forEach((name, bytes) -> b.append('\n').append(size(bytes)).append('\t').append(dir).append('/').append(name));
        return b.toString();
    }

    private static boolean hidden(String relative) {
        for (String segment : relative.split("/")) {
            if (segment.startsWith(".") || segment.equals("node_modules")) {
                return true;
            }
        }
        return false;
    }

    /** Human-readable, as {@code du -h} writes it: 0B, 512B, 5.5K, 1.2M. */
    static String size(long bytes) {
        String[] units = {"B", "K", "M", "G"};
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return value == Math.floor(value) ? (long) value + units[unit] : String.format(Locale.ROOT, "%.1f%s", value, units[unit]);
    }
}
