package dev.engram.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's LangChain4j example is the code of {@link ReadmeExample} between its {@code README:begin}
 * and {@code README:end} markers, word for word (less the class's indentation), so the two cannot drift.
 */
class ReadmeSectionTest {
    /** The project README, which shows the example. */
    static final Path README = Path.of(System.getProperty("engram.root", "..")).resolve("README.md");
    static final Path EXAMPLE = Path.of("src/test/java/dev/engram/langchain4j/ReadmeExample.java");

    @Test
    void theReadmeShowsExactlyTheCompiledExample() throws IOException {
        String code = exampleCode(Files.readAllLines(EXAMPLE));

        assertThat(Files.readString(README)).contains("```java\n" + code + "```\n");
    }

    @Test
    void theReadmeSectionIsShort() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int start = lines.indexOf("## Use Engram from LangChain4j");
        assertThat(start).as("the section's heading").isNotNegative();
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        assertThat(end - start).as("lines in the section").isLessThanOrEqualTo(42);
    }

    /** The lines between the markers, with the indentation they share removed, each ending in a newline. */
    static String exampleCode(List<String> source) {
        int begin = source.indexOf("    // README:begin");
        int end = source.indexOf("    // README:end");
        assertThat(begin).as("README:begin marker").isNotNegative();
        assertThat(end).as("README:end marker").isGreaterThan(begin);
        List<String> lines = source.subList(begin + 1, end);
        int indent = lines.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        StringBuilder code = new StringBuilder();
        for (String line : lines) {
            code.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return code.toString();
    }
}
