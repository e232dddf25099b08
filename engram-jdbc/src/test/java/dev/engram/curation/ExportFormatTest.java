package dev.engram.curation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.MemoryFilePath;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import dev.engram.memory.SessionId;
import dev.engram.memory.UserId;
import dev.engram.store.StoreFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading exports: every problem is found before anything is written, with a message that says where. */
class ExportFormatTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private final ExportFormat format = new ExportFormat();

    @TempDir
    Path dir;

    private static String own(String facts, String summaries) {
        return "{\"formatVersion\": 1, \"userId\": \"alice\", \"facts\": [" + facts + "], \"summaries\": [" + summaries
                + "], \"entities\": [], \"turns\": []}";
    }

    private static String fact(String history) {
        return "{\"statement\": \"Likes tea.\", \"createdAt\": \"2025-01-01T00:00:00Z\", \"validFrom\": \"2025-01-01T00:00:00Z\","
                + " \"history\": [" + history + "]}";
    }

    @Test
    void read_brokenLayouts_areRefusedWithAClearMessage() {
        Map<String, String> broken = Map.of(
                "[1, 2, 3]", "expected a JSON object",
                "{\"hello\": \"world\"}", "unknown layout",
                "{\"user_id\": \"alice\", \"facts\": [\"nurse\"]}", "'facts' must be an object",
                "{\"user_id\": \"alice\", \"session_summaries\": \"x\"}", "'session_summaries' must be a list",
                "{\"user_id\": \"alice\", \"session_summaries\": [\"\"]}", "non-empty strings",
                "{\"user_id\": \"alice\", \"entity_notes\": [\"Sam\"]}", "'entity_notes' must be an object",
                "{\"formatVersion\": 99, \"facts\": []}", "formatVersion 99",
                own("{\"key\": \"job\", \"createdAt\": \"2025-01-01T00:00:00Z\", \"validFrom\": \"2025-01-01T00:00:00Z\"}", ""),
                "facts[0] needs statement",
                "{\"facts\": {\"job\": \"nurse\"", "not valid JSON");
        broken.forEach((json, message) -> assertThatThrownBy(() -> format.read(json, NOW)).as(json)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message));
    }

    @Test
    void read_historyEntryWithUnknownKindOrNoText_isRefusedBeforeAnythingIsWritten() {
        String unknownKind = own(fact("{\"kind\": \"MERGED\", \"after\": \"Likes tea.\", \"at\": \"2025-01-01T00:00:00Z\"}"), "");
        String noAfter = own(fact("{\"kind\": \"ADDED\", \"at\": \"2025-01-01T00:00:00Z\"}"), "");

        assertThatThrownBy(() -> format.read(unknownKind, NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("facts[0].history[0]");
        assertThatThrownBy(() -> format.read(noAfter, NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("facts[0].history[0]");
    }

    @Test
    void read_sessionSummaryWithoutSession_isRefusedBeforeAnythingIsWritten() {
        String json = own("", "{\"session\": null, \"text\": \"We talked.\", \"longTerm\": false, \"createdAt\": \"2025-01-01T00:00:00Z\"}");

        assertThatThrownBy(() -> format.read(json, NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("summaries[0]");
    }

    @Test
    void writeThenRead_ofARealStoresExport_givesTheSameMemory() {
        UserId alice = UserId.of("alice");
        try (MemoryStore store = StoreFactory.open("jdbc:sqlite:" + dir.resolve("engram.db"), dir)) {
            Fact f = store.addFact(alice, new NewFact("Works as a nurse.", "job", Provenance.NONE, 1, NOW, null));
            store.updateFact(alice, f.id(), "Works as a midwife.", null, null, FactChange.Kind.UPDATED, Provenance.NONE, NOW);
            store.addSummary(alice, new SessionId("s1"), "We talked about work.", NOW, null);
            store.upsertEntity(alice, "Sam", "person", "Brother.", NOW, null);
            store.files().create(alice, MemoryFilePath.parse("/memories/tea.md"), "# Tea\n- jasmine\n", null).orElseThrow();
            MemoryExport export = store.export(alice, NOW);

            MemoryExport read = format.read(format.write(export), NOW);

            assertThat(read).usingRecursiveComparison().isEqualTo(export);
            assertThat(read.files()).extracting(MemoryExport.ExportedFile::content).containsExactly("# Tea\n- jasmine\n");
        }
    }

    @Test
    void read_anExportWrittenBeforeMemoryFiles_hasNone() {
        assertThat(format.read(own("", ""), NOW).files()).isEmpty();
    }

    @Test
    void read_memoryFilesWithBadPathsOrNoContent_areRefusedNamingTheFile() {
        Map<String, String> broken = Map.of(
                "{\"path\": \"/etc/passwd\", \"content\": \"x\"}", "files[0].path: Path must start with /memories",
                "{\"path\": \"/memories/../x\", \"content\": \"x\"}", "files[0].path: Path /memories/../x would escape",
                "{\"path\": \"/memories\", \"content\": \"x\"}", "files[0].path names the /memories directory",
                "{\"path\": \"/memories/a.md\"}", "files[0] needs path and content",
                "{\"path\": \"/memories/a.md\", \"content\": \"x\"}, {\"path\": \"/memories/a.md/\", \"content\": \"y\"}",
                "files[1].path /memories/a.md appears twice");
        broken.forEach((files, message) -> {
            String json = own("", "").replace("\"turns\": []", "\"turns\": [], \"files\": [" + files + "]");
            assertThatThrownBy(() -> format.read(json, NOW)).as(files)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
        });
    }

    @Test
    void ownedBy_namesAnotherOwnerAndKeepsEverything_memoryFilesIncluded() {
        MemoryExport export = new MemoryExport(MemoryExport.FORMAT_VERSION, "internal-7", NOW,
                List.of(new MemoryExport.ExportedFact(0, "Likes tea.", null, "user", null, null, 1, NOW, NOW, NOW, null, List.of())),
                List.of(), List.of(), List.of(), List.of(new MemoryExport.ExportedFile("/memories/tea.md", "jasmine", NOW, NOW)));

        MemoryExport owned = export.ownedBy("alice");

        assertThat(owned.userId()).isEqualTo("alice");
        assertThat(owned).usingRecursiveComparison().ignoringFields("userId").isEqualTo(export);
    }
}
