package dev.engram.cli;

import dev.engram.app.Config;
import dev.engram.tenant.IssuedKey;
import dev.engram.tenant.KeyInfo;
import dev.engram.app.Wiring;
import dev.engram.tenant.TenantStore;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code engram keys create|list|revoke}: API keys of the HTTP API's tenants. A new key is printed
 * once, as the last line of standard output; only its hash is stored.
 */
@Command(name = "keys", description = "Create, list and revoke API keys of tenants.",
        subcommands = picocli.CommandLine.HelpCommand.class)
final class KeysCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return Main.missingSubcommand(spec);
    }

    @Command(name = "create", description = "Create a key for a tenant (the tenant is created with its first key).")
    int create(@Option(names = "--tenant", required = true, description = "Tenant name: letters, digits, '.', '_' or '-'.")
               String tenant) {
        try (Wiring wiring = wiring()) {
            TenantStore tenants = wiring.tenants();
            IssuedKey key = tenants.createKey(tenant, Instant.now());
            PrintStream out = MemoryCommand.stdout();
            out.println("created key " + key.keyId() + " (" + key.prefix() + "...) for tenant " + key.tenant().name());
            out.println("this is the only time the key is shown; store it now:");
            out.println(key.secret());
            return 0;
        }
    }

    @Command(name = "list", description = "List keys (never the keys themselves).")
    int list() {
        try (Wiring wiring = wiring()) {
            TenantStore tenants = wiring.tenants();
            List<KeyInfo> keys = tenants.keys();
            PrintStream out = MemoryCommand.stdout();
            if (keys.isEmpty()) {
                out.println("no keys; create one with: engram keys create --tenant NAME");
            }
            for (KeyInfo k : keys) {
                out.printf("%-6d %-20s %s...  created %s%s%n", k.keyId(), k.tenant(), k.prefix(), k.createdAt(),
                        k.revokedAt() == null ? "" : "  REVOKED " + k.revokedAt());
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a key by id; requests with it get 401 from then on.")
    int revoke(@Parameters(paramLabel = "ID", description = "The key id from 'engram keys list'.") long id) {
        try (Wiring wiring = wiring()) {
            TenantStore tenants = wiring.tenants();
            if (!tenants.revokeKey(id, Instant.now())) {
                throw new IllegalArgumentException("there is no active key " + id + "; 'engram keys list' shows them");
            }
            MemoryCommand.stdout().println("key " + id + " is revoked");
            return 0;
        }
    }

    private static Wiring wiring() {
        return new Wiring(Config.fromEnv(System.getenv()));
    }
}
