package dev.engram.springai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README section's example is the compiled code between the markers in ExampleApplication. */
class ReadmeSectionTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();

    @Test
    void readmeSection_showsExactlyTheCompiledExample() throws IOException {
        String source = Files.readString(MODULE.resolve("src/test/java/example/app/ExampleApplication.java"));
        String between = source.substring(source.indexOf("// README:begin\n") + "// README:begin\n".length(),
                source.indexOf("    // README:end"));
        String example = "```java\n" + outdent(between) + "```\n";

        String readme = Files.readString(Path.of(System.getProperty("engram.root", "..")).resolve("README.md"));
        int start = readme.indexOf("## Use Engram from Spring AI");
        assertThat(start).as("the section's heading").isNotNegative();
        int next = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, next < 0 ? readme.length() : next);

        assertThat(section).contains(example);
        assertThat(section.lines().count()).isLessThanOrEqualTo(42);
    }

    private static String outdent(String code) {
        List<String> lines = Arrays.asList(code.split("\n", -1));
        StringBuilder out = new StringBuilder();
        for (String line : lines.subList(0, lines.size() - 1)) {
            out.append(line.startsWith("    ") ? line.substring(4) : line).append('\n');
        }
        return out.toString();
    }
}
