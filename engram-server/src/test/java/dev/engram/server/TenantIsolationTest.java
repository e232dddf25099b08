package dev.engram.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized requests from 3 tenants whose users share names: every memory carries a token naming
 * its tenant and user, and no response ever shows a token of anyone else. Memory ids of other
 * tenants' users are 404. Runs concurrently, seeded so a failure can be replayed.
 */
@Timeout(120)
class TenantIsolationTest {
    private static final Pattern TOKEN = Pattern.compile("tok-(t\\d)-(u\\d)-\\d+");
    private static final int TENANTS = 3;
    private static final int USERS = 3;
    private static final int OPS_PER_THREAD = 60;

    @TempDir
    Path dir;

    @Test
    void randomizedRequestsAcrossThreeTenants_neverSeeAnotherUsersData() throws Exception {
        long seed = Long.getLong("isolation.seed", System.nanoTime());
        try (ServerHarness h = ServerHarness.sqlite(dir)) {
            List<String> keys = new ArrayList<>();
            for (int t = 0; t < TENANTS; t++) {
                keys.add(h.key("t" + t));
            }
            Map<String, List<Long>> idsByOwner = new ConcurrentHashMap<>();
            List<String> failures = ConcurrencyTest.inParallel(TENANTS, t -> run(h, keys, t, new Random(seed + t), idsByOwner));
            assertThat(failures).as("seed %d", seed).allSatisfy(f -> assertThat(f).isEmpty());
            h.drain();
            for (int t = 0; t < TENANTS; t++) {
                for (int u = 0; u < USERS; u++) {
                    assertOnlyOwn(h.get(keys.get(t), "/v1/users/u" + u + "/export").body(), "t" + t, "u" + u, seed);
                }
            }
        }
    }

    /** One tenant's random walk; returns a description of the first leak or wrong status, or "". */
    private String run(ServerHarness h, List<String> keys, int t, Random random, Map<String, List<Long>> ids) {
        String key = keys.get(t);
        String tenant = "t" + t;
        for (int op = 0; op < OPS_PER_THREAD; op++) {
            String user = "u" + random.nextInt(USERS);
            String token = "tok-" + tenant + "-" + user + "-" + op;
            String base = "/v1/users/" + user;
            ServerHarness.Response r;
            switch (random.nextInt(7)) {
                case 0 -> r = h.post(key, base + "/memories", "{\"text\":\"Note " + token + "\"}");
                case 1 -> r = h.message(key, user, "remember: Knows " + token + ".", null);
                case 2 -> r = h.get(key, base + "/memories");
                case 3 -> r = h.get(key, base + "/memories?q=" + tenant + "%20" + user);
                case 4 -> r = h.get(key, base + "/export");
                case 5 -> {
                    // Another tenant's memory ids, tried on the same-named user of this tenant: never found.
                    String other = "t" + ((t + 1 + random.nextInt(TENANTS - 1)) % TENANTS) + "/" + user;
                    List<Long> theirs = ids.getOrDefault(other, List.of());
                    if (theirs.isEmpty()) {
                        continue;
                    }
                    long id = theirs.get(random.nextInt(theirs.size()));
                    r = random.nextBoolean() ? h.get(key, base + "/memories/" + id + "/history")
                            : h.patch(key, base + "/memories/" + id, "{\"text\":\"overwritten by " + tenant + "\"}");
                    if (r.status() != 404) {
                        return "tenant " + tenant + " reached memory " + id + " of " + other + ": " + r.status() + " " + r.body();
                    }
                }
                default -> r = h.get(keys.get(t), base + "/memories?limit=5");
            }
            if (r.status() == 201) {
                long id = r.json().path("memory").path("id").asLong();
                ids.computeIfAbsent(tenant + "/" + user, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(id);
            }
            if (r.status() != 200 && r.status() != 201 && r.status() != 404) {
                return "unexpected " + r.status() + " for tenant " + tenant + ": " + r.body();
            }
            String leak = leak(r.body(), tenant, user);
            if (leak != null) {
                return leak;
            }
        }
        return "";
    }

    private static void assertOnlyOwn(String body, String tenant, String user, long seed) {
        assertThat(leak(body, tenant, user)).as("seed %d", seed).isNull();
        assertThat(body).doesNotContain("overwritten by");
    }

    private static String leak(String body, String tenant, String user) {
        Matcher m = TOKEN.matcher(body);
        while (m.find()) {
            if (!m.group(1).equals(tenant) || !m.group(2).equals(user)) {
                return tenant + "/" + user + " saw " + m.group() + " in " + body;
            }
        }
        return null;
    }
}
