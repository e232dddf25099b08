package dev.engram.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemoryFilePathTest {

    @Test
    void parse_pathsUnderMemories_areKeptAndATrailingSlashIsDropped() {
        assertThat(MemoryFilePath.parse("/memories").isRoot()).isTrue();
        assertThat(MemoryFilePath.parse("/memories/").isRoot()).isTrue();
        assertThat(MemoryFilePath.parse("/memories/notes/").value()).isEqualTo("/memories/notes");
        assertThat(MemoryFilePath.parse("/memories/ünïcode file.md").value()).isEqualTo("/memories/ünïcode file.md");
        assertThat(MemoryFilePath.parse("/memories/.hidden").value()).isEqualTo("/memories/.hidden");
    }

    @Test
    void parse_pathsOutsideMemories_areRefusedInTheToolsWords() {
        assertThatThrownBy(() -> MemoryFilePath.parse("/etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Path must start with /memories, got: /etc/passwd");
        assertThatThrownBy(() -> MemoryFilePath.parse("/memoriesx/a"))
                .hasMessage("Path must start with /memories, got: /memoriesx/a");
        assertThatThrownBy(() -> MemoryFilePath.parse("memories/a")).hasMessageStartingWith("Path must start with /memories");
        assertThatThrownBy(() -> MemoryFilePath.parse("")).hasMessageContaining("a path is needed");
        assertThatThrownBy(() -> MemoryFilePath.parse(null)).hasMessageContaining("a path is needed");
    }

    @Test
    void parse_traversalInAnyForm_isRefused() {
        for (String bad : new String[] {"/memories/../etc/passwd", "/memories/a/..", "/memories/./a", "/memories/..\\etc",
                "/memories/%2e%2e/etc", "/memories/a%2Fb", "/memories/a%5cb"}) {
            assertThatThrownBy(() -> MemoryFilePath.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("would escape /memories directory");
        }
    }

    @Test
    void parse_emptySegmentsControlCharactersAndUnstorableText_areRefused() {
        assertThatThrownBy(() -> MemoryFilePath.parse("/memories//a")).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> MemoryFilePath.parse("/memories/a\nb")).hasMessageContaining("control character");
        assertThatThrownBy(() -> MemoryFilePath.parse("/memories/a\u0000b")).hasMessageContaining("control character");
        assertThatThrownBy(() -> MemoryFilePath.parse("/memories/a\ud800b")).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> MemoryFilePath.parse("/memories/" + "x".repeat(1100))).hasMessageContaining("the limit is 1024");
    }

    @Test
    void ancestorsContainsAndMoved_followTheSlashes() {
        MemoryFilePath file = MemoryFilePath.parse("/memories/a/b/c.md");
        assertThat(file.ancestors()).extracting(MemoryFilePath::value)
                .containsExactly("/memories/a/b", "/memories/a", "/memories");
        assertThat(MemoryFilePath.root().ancestors()).isEmpty();
        assertThat(MemoryFilePath.parse("/memories/a").contains(file)).isTrue();
        assertThat(MemoryFilePath.parse("/memories/a/b/c").contains(file)).isFalse();
        assertThat(MemoryFilePath.parse("/memories/a/b/c.md").contains(file)).as("a path does not contain itself").isFalse();
        assertThat(file.moved(MemoryFilePath.parse("/memories/a"), MemoryFilePath.parse("/memories/z")).value())
                .isEqualTo("/memories/z/b/c.md");
        assertThatThrownBy(() -> file.moved(MemoryFilePath.parse("/memories/b"), MemoryFilePath.parse("/memories/z")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
