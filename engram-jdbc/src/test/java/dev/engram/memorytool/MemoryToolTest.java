package dev.engram.memorytool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.curation.ExportFormat;
import dev.engram.curation.MemoryService;
import dev.engram.memory.MemoryFile;
import dev.engram.memory.MemoryFilePath;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.UserId;
import dev.engram.retrieval.HybridRetriever;
import dev.engram.retrieval.ItemKind;
import dev.engram.retrieval.MemoryIndexes;
import dev.engram.retrieval.RetrievalMode;
import dev.engram.store.StoreFactory;
import dev.engram.testkit.HashEmbedder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory tool's commands on a real SQLite store, in the texts the tool's documentation gives. */
class MemoryToolTest {
    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");

    @TempDir
    Path dir;

    private MemoryStore store;
    private final HashEmbedder embedder = new HashEmbedder();
    private MemoryTool tool;

    @BeforeEach
    void open() {
        store = StoreFactory.open("jdbc:sqlite:" + dir.resolve("engram.db"), dir);
        tool = new MemoryTool(store.files(), () -> embedder, ALICE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<String> paths(UserId user) {
        return store.files().files(user).stream().map(f -> f.path() + "=" + f.content()).toList();
    }

    @Test
    void view_ofTheEmptyMemoryDirectory_listsOnlyIt() {
        assertThat(tool.view("/memories", null)).isEqualTo(
                "Here're the files and directories up to 2 levels deep in /memories, excluding hidden items and node_modules:\n"
                        + "0B\t/memories");
    }

    @Test
    void view_ofADirectory_listsTwoLevelsWithSizesAndLeavesHiddenItemsOut() {
        tool.create("/memories/prefs.md", "tea: jasmine\n");
        tool.create("/memories/people/sam.md", "brother");
        tool.create("/memories/people/deep/deeper/x.md", "0123456789".repeat(300));
        tool.create("/memories/.secret/key.md", "hidden");
        tool.create("/memories/node_modules/a.js", "hidden too");

        assertThat(tool.view("/memories/", null)).isEqualTo(
                "Here're the files and directories up to 2 levels deep in /memories, excluding hidden items and node_modules:\n"
                        + "2.9K\t/memories\n"
                        + "2.9K\t/memories/people/\n"
                        + "2.9K\t/memories/people/deep/\n"
                        + "7B\t/memories/people/sam.md\n"
                        + "13B\t/memories/prefs.md");
        assertThat(tool.view("/memories/people", null)).contains("2.9K\t/memories/people/deep/deeper/\n");
    }

    @Test
    void view_ofAFile_numbersItsLines_andViewRangeShowsPart() {
        tool.create("/memories/todo.md", "one\ntwo\nthree\n");

        assertThat(tool.view("/memories/todo.md", null)).isEqualTo("Here's the content of /memories/todo.md with line numbers:\n"
                + "     1\tone\n     2\ttwo\n     3\tthree\n     4\t");
        assertThat(tool.view("/memories/todo.md", List.of(2L, 3L))).isEqualTo(
                "Here's the content of /memories/todo.md with line numbers:\n     2\ttwo\n     3\tthree");
        assertThat(tool.view("/memories/todo.md", List.of(3L, -1L))).endsWith("     3\tthree\n     4\t");
    }

    @Test
    void view_badRangesAndMissingPaths_areClearErrors() {
        tool.create("/memories/todo.md", "one\ntwo");
        assertThatThrownBy(() -> tool.view("/memories/todo.md", List.of(0L, 1L)))
                .hasMessageContaining("Its first element `0` should be within the range of lines of the file: [1, 2]");
        assertThatThrownBy(() -> tool.view("/memories/todo.md", List.of(2L, 1L))).hasMessageContaining("second element `1`");
        assertThatThrownBy(() -> tool.view("/memories/todo.md", List.of(1L))).hasMessageContaining("two integers");
        assertThatThrownBy(() -> tool.view("/memories", List.of(1L, 2L)))
                .hasMessage("The `view_range` parameter is not allowed when `path` points to a directory.");
        assertThatThrownBy(() -> tool.view("/memories/nope.md", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The path /memories/nope.md does not exist. Please provide a valid path.");
        assertThatThrownBy(() -> tool.view("/memories/../etc/passwd", null))
                .hasMessage("Path /memories/../etc/passwd would escape /memories directory");
        assertThatThrownBy(() -> tool.view("/etc/passwd", null)).hasMessage("Path must start with /memories, got: /etc/passwd");
    }

    @Test
    void create_onAnExistingFile_failsAndKeepsTheFile() {
        assertThat(tool.create("/memories/prefs.md", "tea: green")).isEqualTo("File created successfully at: /memories/prefs.md");

        assertThatThrownBy(() -> tool.create("/memories/prefs.md", "tea: none"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("File /memories/prefs.md already exists");
        assertThat(paths(ALICE)).containsExactly("/memories/prefs.md=tea: green");
    }

    @Test
    void create_badInput_isRefusedAndStoresNothing() {
        tool.create("/memories/a.md", "a file");
        assertThatThrownBy(() -> tool.create("/memories/a.md/b.md", "x")).hasMessageContaining("/memories/a.md is a file");
        assertThatThrownBy(() -> tool.create("/memories", "x")).hasMessageContaining("memory directory");
        assertThatThrownBy(() -> tool.create("/memories/nul.md", "a\u0000b")).hasMessageContaining("file_text contains a NUL");
        assertThatThrownBy(() -> tool.create("/memories/big.md", "x".repeat(MemoryTool.MAX_FILE_CHARS + 1)))
                .hasMessageContaining("a memory file holds at most 100000");
        assertThatThrownBy(() -> tool.create("/memories/../x.md", "x")).hasMessageContaining("would escape");
        assertThat(paths(ALICE)).containsExactly("/memories/a.md=a file");
    }

    @Test
    void strReplace_replacesTheOneOccurrenceAndShowsTheLinesAroundIt() {
        tool.create("/memories/prefs.md", "# Prefs\n- tea: green\n- coffee: no\n- cake: yes\n- walks: long\n- dog: Rex\n");

        String result = tool.strReplace("/memories/prefs.md", "green", "jasmine");

        assertThat(result).isEqualTo("The memory file has been edited. Here is the snippet showing the change (with line numbers):\n"
                + "     1\t# Prefs\n     2\t- tea: jasmine\n     3\t- coffee: no\n     4\t- cake: yes");
        assertThat(store.files().file(ALICE, MemoryFilePath.parse("/memories/prefs.md")).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void strReplace_missingMultipleOrEmptyOldStr_changesNothing() {
        tool.create("/memories/prefs.md", "tea\ncoffee\ntea\n");
        assertThatThrownBy(() -> tool.strReplace("/memories/prefs.md", "juice", "x")).hasMessage(
                "No replacement was performed, old_str `juice` did not appear verbatim in /memories/prefs.md.");
        assertThatThrownBy(() -> tool.strReplace("/memories/prefs.md", "tea", "x")).hasMessage(
                "No replacement was performed. Multiple occurrences of old_str `tea` in lines: 1, 3. Please ensure it is unique");
        assertThatThrownBy(() -> tool.strReplace("/memories/prefs.md", "", "x")).hasMessageContaining("old_str must not be empty");
        assertThatThrownBy(() -> tool.strReplace("/memories/none.md", "tea", "x"))
                .hasMessage("The path /memories/none.md does not exist. Please provide a valid path.");
        tool.create("/memories/dir/a.md", "a");
        assertThatThrownBy(() -> tool.strReplace("/memories/dir", "a", "b")).as("a directory is no file")
                .hasMessage("The path /memories/dir does not exist. Please provide a valid path.");
        assertThat(paths(ALICE)).containsExactly("/memories/dir/a.md=a", "/memories/prefs.md=tea\ncoffee\ntea\n");
    }

    @Test
    void insert_putsTextAfterTheLine_andRefusesALineOutsideTheFile() {
        tool.create("/memories/todo.md", "one\nthree");

        assertThat(tool.insert("/memories/todo.md", 1, "two\n")).isEqualTo("The file /memories/todo.md has been edited.");
        tool.insert("/memories/todo.md", 0, "zero");
        tool.insert("/memories/todo.md", 4, "four");

        assertThat(paths(ALICE)).containsExactly("/memories/todo.md=zero\none\ntwo\nthree\nfour\n");
        assertThatThrownBy(() -> tool.insert("/memories/todo.md", 6, "x")).hasMessage(
                "Invalid `insert_line` parameter: 6. It should be within the range of lines of the file: [0, 5]");
        assertThatThrownBy(() -> tool.insert("/memories/todo.md", -1, "x")).hasMessageContaining("parameter: -1");
        assertThatThrownBy(() -> tool.insert("/memories/none.md", 0, "x")).hasMessageContaining("does not exist");
        assertThat(paths(ALICE)).containsExactly("/memories/todo.md=zero\none\ntwo\nthree\nfour\n");
    }

    @Test
    void deleteAndRename_workOnFilesAndWholeDirectories() {
        tool.create("/memories/people/sam.md", "brother");
        tool.create("/memories/people/ann.md", "sister");
        tool.create("/memories/prefs.md", "tea");

        assertThat(tool.rename("/memories/people", "/memories/family")).isEqualTo(
                "Successfully renamed /memories/people to /memories/family");
        assertThat(tool.rename("/memories/prefs.md", "/memories/me/prefs.md")).isEqualTo(
                "Successfully renamed /memories/prefs.md to /memories/me/prefs.md");
        assertThat(tool.delete("/memories/family")).isEqualTo("Successfully deleted /memories/family");

        assertThat(paths(ALICE)).containsExactly("/memories/me/prefs.md=tea");
    }

    @Test
    void deleteAndRename_badInput_changesNothing() {
        tool.create("/memories/a.md", "a");
        tool.create("/memories/b.md", "b");
        assertThatThrownBy(() -> tool.delete("/memories")).hasMessage("Cannot delete the /memories directory itself");
        assertThatThrownBy(() -> tool.delete("/memories/none.md")).hasMessage("The path /memories/none.md does not exist");
        assertThatThrownBy(() -> tool.rename("/memories/a.md", "/memories/b.md"))
                .hasMessage("The destination /memories/b.md already exists");
        assertThatThrownBy(() -> tool.rename("/memories/none.md", "/memories/c.md"))
                .hasMessage("The path /memories/none.md does not exist");
        assertThatThrownBy(() -> tool.rename("/memories/a.md", "/tmp/a.md")).hasMessageContaining("must start with /memories");
        assertThat(paths(ALICE)).containsExactly("/memories/a.md=a", "/memories/b.md=b");
    }

    @Test
    void files_belongToTheirUser_andAreEngramMemory_searchableShownExportedAndErased() {
        tool.create("/memories/prefs.md", "Alice likes jasmine tea in the morning");
        new MemoryTool(store.files(), () -> embedder, BOB).create("/memories/prefs.md", "Bob likes black coffee");
        MemoryService memory = new MemoryService(store, embedder, Clock.systemUTC());

        HybridRetriever retriever = new HybridRetriever(new MemoryIndexes(store), embedder, RetrievalMode.HYBRID);
        assertThat(retriever.retrieve(ALICE, "which tea does she like", 5)).first().satisfies(hit -> {
            assertThat(hit.kind()).isEqualTo(ItemKind.FILE);
            assertThat(hit.text()).isEqualTo("/memories/prefs.md: Alice likes jasmine tea in the morning");
        });
        assertThat(retriever.retrieve(ALICE, "coffee", 5)).noneMatch(hit -> hit.text().contains("Bob"));
        assertThat(memory.view(ALICE).files()).extracting(MemoryFile::content).containsExactly("Alice likes jasmine tea in the morning");
        assertThat(new ExportFormat().write(memory.export(ALICE))).contains("\"path\" : \"/memories/prefs.md\"", "jasmine");
        assertThat(store.files().files(ALICE).get(0).embedding()).as("the content is embedded when written").isNotNull();

        memory.erase(ALICE);

        assertThat(store.files().files(ALICE)).isEmpty();
        assertThat(tool.view("/memories", null)).endsWith("0B\t/memories");
        assertThat(paths(BOB)).containsExactly("/memories/prefs.md=Bob likes black coffee");
    }
}
