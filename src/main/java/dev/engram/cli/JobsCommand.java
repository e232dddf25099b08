package dev.engram.cli;

import dev.engram.app.Config;
import dev.engram.app.Wiring;
import dev.engram.memory.Job;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram jobs}: the background memory work queue, with dead letters and their errors. */
@Command(name = "jobs", description = "List pending, running and failed memory jobs.")
final class JobsCommand implements Callable<Integer> {
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
            }
            for (Job j : jobs) {
                out.printf("%-6d %-8s %-10s %-20s attempts=%d%s%n", j.id(), j.status(), j.type(), j.userId(), j.attempts(),
                        j.lastError() == null ? "" : "  error: " + j.lastError());
            }
            return 0;
        }
    }
}
