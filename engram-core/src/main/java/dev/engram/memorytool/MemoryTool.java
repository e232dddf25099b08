package dev.engram.memorytool;

import dev.engram.llm.MemoryToolCommands;
import dev.engram.memory.MemoryFile;
import dev.engram.memory.MemoryFilePath;
import dev.engram.memory.MemoryFileStore;
import dev.engram.memory.StorableText;
import dev.engram.memory.UserId;
import dev.engram.embedding.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Claude's memory tool over one user's Engram memory files: the commands of {@code memory_20250818}
 * with the tool's path rules ({@link MemoryFilePath#parse}) and the result and error texts its
 * documentation gives. Files are Engram memory (searchable, shown, exported, erased with the user),
 * and each write stores the content's embedding.
 *
 * <p>{@code create} on an existing file fails, as the tool's current documentation and both of the
 * SDKs' reference backends do; the model can then {@code str_replace}, or {@code delete} and create
 * again. An edit that finds the file changed since it read it (another runner of the same user)
 * fails instead of undoing the other change. Limits: {@value #MAX_FILE_CHARS} characters a file,
 * {@value #MAX_FILES} files a user. Thread safe.
 */
public final class MemoryTool implements MemoryToolCommands {
    /** The most characters one memory file may hold. */
    public static final int MAX_FILE_CHARS = 100_000;
    /** The most memory files one user may have. */
    public static final int MAX_FILES = 1_000;
    private static final int MAX_LINES = 999_999;

    private final MemoryFileStore files;
    private final Supplier<Embedder> embedder;
    private final UserId user;

    /** @param embedder gives the embedder for file contents when one is written; it may give null */
    public MemoryTool(MemoryFileStore files, Supplier<Embedder> embedder, UserId user) {
        this.files = Objects.requireNonNull(files, "files");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.user = Objects.requireNonNull(user, "user");
    }

    @Override
    public String view(String path, List<Long> viewRange) {
        MemoryFilePath p = MemoryFilePath.parse(path);
        var file = files.file(user, p);
        if (file.isPresent()) {
            return FileView.of(file.get(), viewRange);
        }
        List<MemoryFile> all = files.files(user);
        if (!p.isRoot() && all.stream().noneMatch(f -> p.contains(f.path()))) {
            throw missing(p);
        }
        if (viewRange != null) {
            throw new IllegalArgumentException("The `view_range` parameter is not allowed when `path` points to a directory.");
        }
        return FileListing.of(p, all);
    }

    @Override
    public String create(String path, String fileText) {
        MemoryFilePath p = MemoryFilePath.parse(path);
        String text = checkedText("file_text", fileText);
        if (files.files(user).size() >= MAX_FILES) {
            throw new IllegalArgumentException("the memory directory holds at most " + MAX_FILES
                    + " files; delete or merge some first");
        }
        files.create(user, p, text, embed(text))
                .orElseThrow(() -> new IllegalArgumentException("File " + p + " already exists"));
        return "File created successfully at: " + p;
    }

    @Override
    public String strReplace(String path, String oldStr, String newStr) {
        MemoryFilePath p = MemoryFilePath.parse(path);
        MemoryFile file = existingFile(p);
        if (oldStr == null || oldStr.isEmpty()) {
            throw new IllegalArgumentException("old_str must not be empty: give the exact text to replace");
        }
        String replacement = newStr == null ? "" : StorableText.require("new_str", newStr);
        List<Integer> lines = occurrenceLines(file.content(), oldStr);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("No replacement was performed, old_str `" + oldStr
                    + "` did not appear verbatim in " + p + ".");
        }
        if (lines.size() > 1) {
            throw new IllegalArgumentException("No replacement was performed. Multiple occurrences of old_str `" + oldStr
                    + "` in lines: " + String.join(", ", lines.stream().map(String::valueOf).toList())
                    + ". Please ensure it is unique");
        }
        String content = file.content().replace(oldStr, replacement);
        save(file, content);
        int first = lines.get(0);
        int last = first + (int) replacement.chars().filter(c -> c == '\n').count();
        return "The memory file has been edited. Here is the snippet showing the change (with line numbers):\n"
                + FileView.numbered(content, Math.max(1, first - 2), last + 2);
    }

    @Override
    public String insert(String path, long insertLine, String insertText) {
        MemoryFilePath p = MemoryFilePath.parse(path);
        MemoryFile file = existingFile(p);
        String text = StorableText.require("insert_text", insertText == null ? "" : insertText);
        List<String> lines = new ArrayList<>(file.content().lines().toList());
        if (insertLine < 0 || insertLine > lines.size()) {
            throw new IllegalArgumentException("Invalid `insert_line` parameter: " + insertLine
                    + ". It should be within the range of lines of the file: [0, " + lines.size() + "]");
        }
        lines.add((int) insertLine, text.replaceAll("\\n+$", ""));
        save(file, String.join("\n", lines) + "\n");
        return "The file " + p + " has been edited.";
    }

    @Override
    public String delete(String path) {
        MemoryFilePath p = MemoryFilePath.parse(path);
        if (p.isRoot()) {
            throw new IllegalArgumentException("Cannot delete the /memories directory itself");
        }
        if (files.delete(user, p) == 0) {
            throw new IllegalArgumentException("The path " + p + " does not exist");
        }
        return "Successfully deleted " + p;
    }

    @Override
    public String rename(String oldPath, String newPath) {
        MemoryFilePath from = MemoryFilePath.parse(oldPath);
        MemoryFilePath to = MemoryFilePath.parse(newPath);
        if (files.rename(user, from, to) == 0) {
            throw new IllegalArgumentException("The path " + from + " does not exist");
        }
        return "Successfully renamed " + from + " to " + to;
    }

    private MemoryFile existingFile(MemoryFilePath p) {
        // A directory is "a file that does not exist" here, as the documentation asks.
        return files.file(user, p).orElseThrow(() -> missing(p));
    }

    private void save(MemoryFile file, String content) {
        checkedText("the edited file", content);
        files.replace(user, file.path(), file.version(), content, embed(content)).orElseThrow(() ->
                new IllegalArgumentException("The file " + file.path() + " changed while it was being edited;"
                        + " view it again and repeat the edit"));
    }

    private static String checkedText(String field, String text) {
        String t = StorableText.require(field, Objects.requireNonNullElse(text, ""));
        if (t.length() > MAX_FILE_CHARS) {
            throw new IllegalArgumentException(field + " is " + t.length() + " characters long; a memory file holds at most "
                    + MAX_FILE_CHARS);
        }
        if (t.split("\n", -1).length > MAX_LINES) {
            throw new IllegalArgumentException(field + " exceeds maximum line limit of 999,999 lines.");
        }
        return t;
    }

    /** The 1-based line of each occurrence of {@code needle}, overlapping ones included. */
    private static List<Integer> occurrenceLines(String content, String needle) {
        List<Integer> lines = new ArrayList<>();
        for (int at = content.indexOf(needle); at >= 0; at = content.indexOf(needle, at + 1)) {
            lines.add((int) content.substring(0, at).chars().filter(c -> c == '\n').count() + 1);
        }
        return lines;
    }

    private float[] embed(String content) {
        Embedder model = embedder.get();
        return model == null || content.isBlank() ? null : model.embed(content);
    }

    private static IllegalArgumentException missing(MemoryFilePath p) {
        return new IllegalArgumentException("The path " + p + " does not exist. Please provide a valid path.");
    }
}
