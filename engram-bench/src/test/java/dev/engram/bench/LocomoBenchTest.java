package dev.engram.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole benchmark (SQLite store, MiniLM embedder) on a hand-made conversation of three
 * sessions and twelve turns. Three questions have valid evidence, each on words only its evidence
 * turns share, so BM25 finds all of it in the top 5; 12 turns means every retriever finds all of
 * it in the top 25. The fourth question's evidence is malformed beyond repair and is skipped.
 */
class LocomoBenchTest {

    @TempDir
    Path dir;

    @Test
    void run_handMadeConversation_writesTheIssuesJsonWithHandCheckedRecall() throws Exception {
        Path out = dir.resolve("report.json");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int code = LocomoBench.run(new String[] {"--data", data().toString(), "--out", out.toString()},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err);

        assertThat(code).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("R@10").contains("hybrid").contains("gate");
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertThat(iterable(json.fieldNames())).containsExactly(
                "questions", "default", "retrievers", "latency_ms", "context_tokens_at_10", "gate");
        assertThat(json.get("questions").asInt()).isEqualTo(4);
        assertThat(json.get("default").asText()).isEqualTo("hybrid");
        assertThat(iterable(json.get("retrievers").fieldNames())).containsExactly("hybrid", "bm25", "dense");
        for (String retriever : List.of("hybrid", "bm25", "dense")) {
            for (String scope : List.of("all", "cat1-4")) {
                JsonNode r = json.get("retrievers").get(retriever).get(scope);
                assertThat(iterable(r.fieldNames())).containsExactly("recall@5", "recall@10", "recall@25", "recall@50");
                assertThat(r.get("recall@25").asDouble()).as(retriever + " " + scope).isEqualTo(100.0);
                assertThat(r.get("recall@50").asDouble()).isEqualTo(100.0);
            }
        }
        assertThat(json.get("retrievers").get("bm25").get("all").get("recall@5").asDouble()).isEqualTo(100.0);
        assertThat(json.get("retrievers").get("bm25").get("cat1-4").get("recall@5").asDouble()).isEqualTo(100.0);
        assertThat(json.get("latency_ms").get("p95").asDouble())
                .isGreaterThanOrEqualTo(json.get("latency_ms").get("p50").asDouble());
        assertThat(json.get("context_tokens_at_10").asDouble()).isPositive();
        assertThat(json.get("gate").get("skip_rate").asDouble()).isBetween(0.0, 100.0);
        // Of the five cited turns the trained gate keeps the four plain first-person statements and
        // skips D2:2, a photo turn that opens with a reaction ("That is lovely. Biscuit keeps ...").
        assertThat(json.get("gate").get("evidence_recall").asDouble()).isEqualTo(80.0);
    }

    @Test
    void run_missingData_isAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LocomoBench.run(new String[] {"--out", "x.json"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--data is required");
    }

    private static Path data() throws URISyntaxException {
        return Path.of(LocomoBenchTest.class.getResource("tiny-locomo.json").toURI());
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
