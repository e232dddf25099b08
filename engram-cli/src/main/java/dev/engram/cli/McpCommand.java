package dev.engram.cli;

import dev.engram.app.Config;
import dev.engram.app.Wiring;
import dev.engram.mcp.StdioMcpServer;
import dev.engram.memory.UserId;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code engram mcp --user ID}: Engram's memory as an MCP server on stdin and stdout, for one user
 * (the same memory {@code engram chat --user ID} uses). Standard output carries protocol messages
 * only: everything else, this process's {@code System.out} included, goes to standard error. Exits
 * 0 when the client closes standard input. Needs no API key.
 */
@Command(name = "mcp", description = "Serve a user's memory to an MCP client (Claude Desktop, Claude Code) over stdio.")
final class McpCommand implements Callable<Integer> {
    @Option(names = "--user", required = true, description = "The user whose memory the client reaches.")
    String user;

    @Override
    public Integer call() throws Exception {
        UserId id = UserId.of(user);
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        // A stray print by any library must not corrupt the protocol stream.
        System.setOut(System.err);
        try (Wiring wiring = new Wiring(Config.fromEnv(System.getenv()))) {
            System.err.println("engram: MCP server on stdio for user " + id);
            StdioMcpServer.serve(System.in, protocol, wiring.mcpBackend(), id);
        }
        return 0;
    }
}
