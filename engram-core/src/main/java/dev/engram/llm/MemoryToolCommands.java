package dev.engram.llm;

import java.util.List;

/**
 * The commands of Claude's client-side memory tool ({@code memory_20250818}), without any SDK
 * type: what a backend must do when the model asks to view, create, edit, delete or rename a file
 * under {@code /memories}. Each method returns the text of the tool result. A command that cannot
 * be done throws {@link IllegalArgumentException} with a message for the model (a missing file, a
 * path outside {@code /memories}, text that does not match); the model sees it as an error result.
 * Line numbers start at 1.
 */
public interface MemoryToolCommands {

    /**
     * A directory listing (two levels deep, with sizes) or a file's lines, numbered.
     *
     * @param viewRange null for the whole file, or {@code [first, last]} lines, {@code last} -1 for the end
     */
    String view(String path, List<Long> viewRange);

    /** Creates a file; a file that already exists is an error, never overwritten. */
    String create(String path, String fileText);

    /** Replaces the one occurrence of {@code oldStr} in a file with {@code newStr}. */
    String strReplace(String path, String oldStr, String newStr);

    /** Inserts text after line {@code insertLine} (0 puts it first). */
    String insert(String path, long insertLine, String insertText);

    /** Deletes a file, or a directory with everything in it. */
    String delete(String path);

    /** Renames or moves a file or directory; an existing destination is an error. */
    String rename(String oldPath, String newPath);
}
