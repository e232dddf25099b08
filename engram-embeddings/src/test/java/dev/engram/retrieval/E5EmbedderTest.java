package dev.engram.retrieval;

import dev.engram.embedding.Vectors;

import dev.engram.embeddings.E5Embedder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class E5EmbedderTest {

    @Test
    void embedQuery_findsTheRelatedPassage_andDiffersFromThePassageForm() {
        try (E5Embedder e5 = new E5Embedder(1)) {
            List<float[]> passages = e5.embedAll(List.of("Caroline: I adopted a puppy named Max last week!",
                    "Melanie: The pottery class was so relaxing."));
            float[] query = e5.embedQuery("When did Caroline adopt her dog?");

            assertThat(query).hasSize(e5.dimensions());
            assertThat(Vectors.dot(query, passages.get(0))).isGreaterThan(Vectors.dot(query, passages.get(1)));
            assertThat(query).isNotEqualTo(e5.embed("When did Caroline adopt her dog?"));
            assertThat(passages.get(0)).containsExactly(e5.embed("Caroline: I adopted a puppy named Max last week!"),
                    org.assertj.core.data.Offset.offset(1e-5f));
        }
    }
}
