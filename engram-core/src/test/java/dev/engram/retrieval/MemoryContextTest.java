package dev.engram.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryContextTest {

    @Test
    void render_ordersByTimeAndWritesEachDayOnce() {
        Hit late = new Hit(ItemKind.TURN, 3, "Ann: ran a marathon", Instant.parse("2023-08-01T21:00:00Z"), 0.9);
        Hit early = new Hit(ItemKind.TURN, 1, "Ann: back from Reykjavik", Instant.parse("2023-05-08T13:56:00Z"), 0.5);
        Hit sameDay = new Hit(ItemKind.FACT, 2, "Has a puppy", Instant.parse("2023-05-08T14:00:00Z"), 0.7);
        assertThat(MemoryContext.render(List.of(late, early, sameDay))).isEqualTo(
                "8 May 2023:\nAnn: back from Reykjavik\nHas a puppy\n1 August 2023:\nAnn: ran a marathon\n");
    }

    @Test
    void render_noHits_isEmpty() {
        assertThat(MemoryContext.render(List.of())).isEmpty();
    }
}
