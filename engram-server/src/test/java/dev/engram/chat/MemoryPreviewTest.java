package dev.engram.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.fake.FakeReply;
import dev.engram.memory.MemoryFilePath;
import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import dev.engram.memory.SessionId;
import dev.engram.memory.UserId;
import dev.engram.testing.ChatFixture;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory block without the model, checked against what a real chat turn sends to the fake Messages server. */
class MemoryPreviewTest {
    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dir;
    private ChatFixture f;

    @BeforeEach
    void open() {
        f = new ChatFixture(dir);
        f.store.addFact(ALICE, new NewFact("Name is Alice.", "name", Provenance.NONE, 1, T0, null));
        f.store.addFact(ALICE, new NewFact("Likes jasmine tea.", null, Provenance.NONE, 1, T0, null));
        f.store.addFact(ALICE, new NewFact("Has a dog called Rex.", null, Provenance.NONE, 1, T0, null));
        f.store.addSummary(ALICE, new SessionId("s0"), "We talked about tea shops in Leeds.", T0, null);
        f.store.files().create(ALICE, MemoryFilePath.parse("/memories/tea.md"), "Prefers loose-leaf tea", null);
        f.store.addFact(BOB, new NewFact("Bob likes tea too.", null, Provenance.NONE, 1, T0, null));
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void memoryBlock_isTheBlockARealTurnSends_andStoresNothingNorCallsTheModel() {
        MemoryBlock preview = f.preview.memoryBlock(ALICE, "Which tea do I like?");

        assertThat(f.store.turns(ALICE)).isEmpty();
        assertThat(f.fake.requests()).isEmpty();
        assertThat(preview.text()).startsWith("<memory>").contains("Name is Alice.", "Likes jasmine tea.",
                "We talked about tea shops", "/memories/tea.md: Prefers loose-leaf tea").doesNotContain("Bob");
        assertThat(preview.tokens()).isPositive().isLessThanOrEqualTo(400);

        f.fake.onChat(FakeReply.text("Jasmine."));
        f.chat.send(f.chat.open(ALICE), "Which tea do I like?", text -> { });
        JsonNode system = f.fake.chatRequests().get(0).body().path("system");
        assertThat(system.get(system.size() - 1).path("text").asText()).isEqualTo(preview.text());
    }

    @Test
    void memoryBlock_withoutAMessage_holdsThePinnedMemoryOnly() {
        MemoryBlock pinned = f.preview.memoryBlock(ALICE, "  ");

        assertThat(pinned.items()).extracting(MemoryCandidate::text)
                .containsExactlyInAnyOrder("Name is Alice.", "We talked about tea shops in Leeds.");
        assertThat(f.preview.memoryBlock(UserId.of("nobody"), null).text()).isEmpty();
    }

    @Test
    void memoryBlock_ofAMessageTheChatWouldRefuse_isRefusedTheSameWay() {
        assertThatThrownBy(() -> f.preview.memoryBlock(ALICE, "x".repeat(2001)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the limit is 2000");
        assertThatThrownBy(() -> f.preview.memoryBlock(ALICE, "tea\u0000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    }
}
