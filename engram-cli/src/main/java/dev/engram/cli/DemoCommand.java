package dev.engram.cli;

import dev.engram.app.Config;
import dev.engram.app.Wiring;
import dev.engram.chat.ChatService;
import dev.engram.chat.ChatSession;
import dev.engram.curation.MemoryService;
import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.memory.Fact;
import dev.engram.memory.UserId;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code engram demo}: plays a scripted two-session conversation through the real chat loop,
 * store and memory pipeline, against the built-in fake Messages server. No API key needed.
 */
@Command(name = "demo", description = "Play a scripted two-session conversation against a built-in fake model (no API key needed).")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--home", description = "Data directory for the demo (default: a new temporary directory).")
    Path home;

    @Override
    public Integer call() throws Exception {
        PrintStream out = MemoryCommand.stdout();
        Path dir = home != null ? home : Files.createTempDirectory("engram-demo");
        UserId user = UserId.of("maya");
        try (FakeMessagesServer fake = FakeMessagesServer.started()) {
            fake.fallback(DemoScript::reply);
            // The demo never touches a configured database: it keeps its own SQLite file in its directory.
            Map<String, String> env = new HashMap<>(System.getenv());
            env.remove("ENGRAM_DB_URL");
            Config config = Config.fromEnv(env).withHome(dir).withModelEndpoint(fake.baseUrl(), "demo-key");
            out.println("Engram demo: replies come from a scripted fake model, not Claude. Data: " + dir);
            for (int s = 0; s < DemoScript.SESSIONS.size(); s++) {
                out.println();
                out.println("=== session " + (s + 1) + " (a separate run of the program) ===");
                try (Wiring wiring = Wiring.forTerminalChat(config)) {
                    ChatService chat = wiring.chat();
                    ChatSession session = chat.open(user);
                    for (String message : DemoScript.SESSIONS.get(s)) {
                        out.println("you> " + message);
                        out.print("claude> ");
                        chat.send(session, message, text -> out.print(text));
                        out.println();
                    }
                    chat.end(session);
                    wiring.finishPendingWork(Duration.ofMinutes(1));
                    MemoryService memory = wiring.memory();
                    out.println();
                    out.println("you> /memory");
                    MemoryPrinter.print(memory.view(user), out);
                    if (s == DemoScript.SESSIONS.size() - 1) {
                        List<Fact> jobs = memory.view(user).facts().stream()
                                .filter(f -> f.statement().contains("midwife")).toList();
                        for (Fact f : jobs) {
                            out.println("you> /history #" + f.id());
                            MemoryPrinter.printHistory(f.id(), memory.history(user, "#" + f.id()), out);
                        }
                    }
                }
            }
        }
        return 0;
    }
}
