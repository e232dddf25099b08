package dev.engram.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A NUL character in a message, a new memory or a fact edit gets the same 400 naming the field on
 * SQLite (which could store it) and PostgreSQL (which cannot): never a 503 that no retry can fix.
 */
@Timeout(60)
class NulTextTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void nulInText_is400NamingTheField_onBothStores(String db) throws Exception {
        try (ServerHarness h = db.equals("sqlite") ? ServerHarness.sqlite(dir) : ServerHarness.postgres()) {
            String key = h.key("acme");
            ServerHarness.Response added = h.post(key, "/v1/users/alice/memories", "{\"text\":\"Likes tea.\"}");
            long id = added.json().path("memory").path("id").asLong();

            ServerHarness.Response memory = h.post(key, "/v1/users/alice/memories", "{\"text\":\"PIN\\u00001234\"}");
            assertNulRefused(memory, "text");
            ServerHarness.Response edit = h.patch(key, "/v1/users/alice/memories/" + id, "{\"text\":\"Likes\\u0000 coffee.\"}");
            assertNulRefused(edit, "text");
            ServerHarness.Response message = h.post(key, "/v1/users/alice/messages", "{\"message\":\"hi\\u0000there\"}");
            assertNulRefused(message, "message");

            assertThat(h.get(key, "/v1/users/alice/memories").body()).contains("Likes tea.").doesNotContain("PIN")
                    .doesNotContain("coffee");
            assertThat(h.column("SELECT text FROM turns")).isEmpty();
            assertThat(h.message(key, "alice", "hi there", null).status()).isEqualTo(200);
        }
    }

    private static void assertNulRefused(ServerHarness.Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("invalid_text");
        assertThat(r.json().path("error").path("message").asText()).contains("'" + field + "'").contains("NUL");
    }
}
