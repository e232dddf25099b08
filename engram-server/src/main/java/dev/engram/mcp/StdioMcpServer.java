package dev.engram.mcp;

import dev.engram.memory.UserId;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Engram's MCP server on a process's standard streams, for one local user, as Claude Desktop and
 * Claude Code start it. Only protocol messages go to {@code out}. It serves until {@code in} ends
 * (the SDK's transport alone would keep the process alive after the client went away), and
 * answers the requests it has read before it closes: a client may send its last request and close
 * its end at once. The SDK's transport drops every answer once it has seen the end of its input, so
 * the end is held back from it until the answers are out.
 */
public final class StdioMcpServer {
    /** How long the answers to requests read before the input ended may take. */
    static final Duration FINISH = Duration.ofSeconds(30);
    private static final Logger LOG = System.getLogger(StdioMcpServer.class.getName());

    private StdioMcpServer() {}

    /** Serves until {@code in} reaches its end and the requests read so far are answered, then closes the server. */
    public static void serve(InputStream in, OutputStream out, MemoryBackend backend, UserId user) throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        Exchanges exchanges = new Exchanges();
        McpJsonMapper mapper = EngramMcpServer.jsonMapper();
        Runnable atEnd = () -> {
            finishAnswers(exchanges);
            ended.countDown();
        };
        StdioServerTransportProvider transport = new StdioServerTransportProvider(mapper,
                LineTap.reading(in, exchanges::read, atEnd), LineTap.writing(out, exchanges::written));
        McpSyncServer server = EngramMcpServer.build(transport, mapper, backend, new LocalUser(user));
        try {
            ended.await();
        } finally {
            server.closeGracefully();
        }
    }

    private static void finishAnswers(Exchanges exchanges) {
        try {
            int left = exchanges.awaitAnswered(FINISH);
            if (left > 0) {
                LOG.log(Level.WARNING, left + " MCP request(s) were still unanswered " + FINISH.toSeconds()
                        + " s after the client closed its input; closing anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
