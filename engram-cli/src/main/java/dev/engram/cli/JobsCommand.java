package dev.engram.cli;

import dev.engram.app.Config;
import dev.engram.app.Wiring;
import dev.engram.memory.Job;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram jobs}: the background memory work queue, with dead letters and their errors. */
@Command(name = "jobs", description = "List pending, running and failed memory jobs.")
final class JobsCommand implements Callable<Integer> {
    private static final String ROW = "%-6s %-8s %-10s %-20s %-8s %-19s  %-19s  %s%n";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Option(names = "--all", description = "Also list finished jobs.")
    boolean all;

    @Option(names = "--retry", paramLabel = "ID", description = "Put a failed (dead) job back in the queue.")
    Long retry;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many rows (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        PrintStream out = MemoryCommand.stdout();
        try (Wiring wiring = new Wiring(Config.fromEnv(System.getenv()))) {
            var queue = wiring.store().jobs();
            if (retry != null) {
                if (!queue.retry(retry, Instant.now())) {
                    throw new IllegalArgumentException("there is no failed job " + retry);
                }
                out.println("job " + retry + " is queued again");
                return 0;
            }
            List<Job.Status> statuses = all
                    ? List.of(Job.Status.PENDING, Job.Status.RUNNING, Job.Status.DEAD, Job.Status.DONE)
                    : List.of(Job.Status.PENDING, Job.Status.RUNNING, Job.Status.DEAD);
            List<Job> jobs = queue.list(statuses, limit);
            if (jobs.isEmpty()) {
                out.println(all ? "no jobs" : "no pending or failed jobs");
                return 0;
            }
            out.printf(ROW, "ID", "STATUS", "TYPE", "USER", "ATTEMPTS", "CREATED (UTC)", "RUN AT (UTC)", "ERROR");
            for (Job j : jobs) {
                out.printf(ROW, j.id(), j.status(), j.type(), j.userId(), j.attempts(), TIME.format(j.createdAt()),
                        TIME.format(j.runAt()), j.lastError() == null ? "" : j.lastError());
            }
            return 0;
        }
    }
}
