package dev.engram.memorytool;

import dev.engram.memory.MemoryFile;
import java.util.List;
import java.util.Objects;

/**
 * The text of {@code view} on a file: a header and the lines, each numbered right-aligned in six
 * characters and a tab, as the tool's documentation shows. Stateless.
 */
final class FileView {
    private FileView() {}

    /** The whole file, or the lines {@code [first, last]} of it ({@code last} -1 for the end). */
    static String of(MemoryFile file, List<Long> range) {
        String[] lines = file.content().split("\n", -1);
        int first = 1;
        int last = lines.length;
        if (range != null) {
            if (range.size() != 2 || range.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException("Invalid `view_range` parameter: " + range
                        + ". It should be a list of two integers, [first, last].");
            }
            long from = range.get(0);
            long to = range.get(1);
            if (from < 1 || from > lines.length) {
                throw new IllegalArgumentException("Invalid `view_range` parameter: " + range + ". Its first element `" + from
                        + "` should be within the range of lines of the file: [1, " + lines.length + "]");
            }
            if (to != -1 && (to < from || to > lines.length)) {
                throw new IllegalArgumentException("Invalid `view_range` parameter: " + range + ". Its second element `" + to
                        + "` should be -1 or within [" + from + ", " + lines.length + "]");
            }
            first = (int) from;
            last = to == -1 ? lines.length : (int) to;
        }
        return "Here's the content of " + file.path() + " with line numbers:\n" + numbered(lines, first, last);
    }

    /** Lines {@code first} to {@code last} of {@code content} (clamped to the file), numbered. */
    static String numbered(String content, int first, int last) {
        return numbered(content.split("\n", -1), first, last);
    }

    private static String numbered(String[] lines, int first, int last) {
        StringBuilder b = new StringBuilder();
        for (int n = Math.max(1, first); n <= Math.min(last, lines.length); n++) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(String.format("%6d", n)).append('\t').append(lines[n - 1]);
        }
        return b.toString();
    }
}
