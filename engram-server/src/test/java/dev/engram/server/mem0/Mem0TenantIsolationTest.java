package dev.engram.server.mem0;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.server.ServerHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tenants on one server through the mem0 routes: each names its own "alice", and neither can
 * read, change or erase the other's memories, by user id or by memory id.
 */
@Timeout(60)
class Mem0TenantIsolationTest {
    @TempDir
    Path dir;
    ServerHarness h;
    Mem0Calls acme;
    Mem0Calls globex;
    String acmeMemory;

    @BeforeEach
    void start() {
        h = ServerHarness.sqlite(dir);
        acme = new Mem0Calls(h, h.key("acme"));
        globex = new Mem0Calls(h, h.key("globex"));
        acmeMemory = acme.ok("POST", "/v3/memories/add/", "{'messages': 'Has a secret project', 'user_id': 'alice',"
                + " 'infer': false}").path("results").get(0).path("id").asText();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void anotherTenant_seesNoneOfTheFirstTenantsMemories() {
        assertThat(globex.list("alice")).isEmpty();
        assertThat(globex.ok("POST", "/v3/memories/search/", "{'query': 'secret project', 'filters': {'user_id': 'alice'}}")
                .path("results")).isEmpty();
        globex.fails(404, "GET", "/v1/memories/" + acmeMemory + "/", null);
        globex.fails(404, "GET", "/v1/memories/" + acmeMemory + "/history/", null);
        assertThat(globex.ok("POST", "/v1/memories/", "{'messages': 'Likes chess', 'user_id': 'alice', 'infer': false}"))
                .isNotEmpty();
        assertThat(globex.list("alice")).extracting(m -> m.path("memory").asText()).containsExactly("Likes chess");
        assertThat(acme.list("alice")).extracting(m -> m.path("memory").asText()).containsExactly("Has a secret project");
    }

    @Test
    void anotherTenant_cannotChangeOrEraseTheFirstTenantsMemories() {
        globex.fails(404, "PUT", "/v1/memories/" + acmeMemory + "/", "{'text': 'Has no secrets'}");
        globex.fails(404, "DELETE", "/v1/memories/" + acmeMemory + "/", null);
        globex.ok("DELETE", "/v1/memories/?user_id=alice", null);
        globex.ok("DELETE", "/v2/entities/user/alice/", null);

        JsonNode still = acme.ok("GET", "/v1/memories/" + acmeMemory + "/", null);
        assertThat(still.path("memory").asText()).isEqualTo("Has a secret project");
        assertThat(h.column("SELECT statement FROM facts")).containsExactly("Has a secret project");
    }
}
