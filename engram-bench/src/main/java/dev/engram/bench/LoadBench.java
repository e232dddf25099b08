package dev.engram.bench;

import dev.engram.chat.ChatService;
import dev.engram.curation.MemoryService;
import dev.engram.memory.JobQueue;
import dev.engram.server.ApiServer;
import dev.engram.server.ServerSettings;
import dev.engram.tenant.TenantStore;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code engram bench load}: drives the HTTP API on loopback with concurrent clients, each a user
 * holding a session for a few turns, against a model that answers at once, and reports sustained
 * turns per second and the server-side latency with the model's time taken out (from each
 * response's {@code Server-Timing} header). Clients, server and fake model share this JVM and
 * its cores, so the figures are a floor for a server with the machine to itself; the process's CPU
 * time per turn (clients included) says what the turns cost whatever else loads the machine.
 *
 * <p>Without a rate, each client sends its next turn as soon as the last one is answered (closed
 * loop: the figure is the most the server sustains, and latency is mostly queueing). With a rate,
 * turns are sent on a fixed schedule of that many per second, spread over the clients (open
 * loop: the latency at that load).
 */
public final class LoadBench {
    private static final Pattern APP = Pattern.compile("app;dur=([0-9.]+)");
    private static final Pattern MODEL = Pattern.compile("model;dur=([0-9]+)");
    private static final Pattern SESSION = Pattern.compile("\"sessionId\":\"([^\"]+)\"");
    private static final int TURNS_PER_SESSION = 8;

    /** How to load the server. */
    public record Options(int clients, int users, Duration warmup, Duration duration, int rate) {
        public Options {
            if (clients < 1 || users < 1) {
                throw new IllegalArgumentException("clients and users must be positive");
            }
            if (rate < 0) {
                throw new IllegalArgumentException("rate must not be negative (0 sends as fast as the server answers)");
            }
            if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
                throw new IllegalArgumentException("duration must be positive and warmup not negative");
            }
        }
    }

    /**
     * The figures of one run. Latencies are milliseconds: {@code server*} is the server's own time
     * per turn without the model's, {@code client*} what the clients waited, model included.
     */
    public record Result(String backend, int clients, int rate, long turns, long errors, double seconds,
                         double turnsPerSecond, double serverP50, double serverP99, double clientP50, double clientP99,
                         double modelP50, double cpuMillisPerTurn, double serverCpuMillisPerTurn) {
        /** One line for a report. */
        public String line() {
            return String.format(Locale.ROOT, "%-10s clients=%d %s  %.0f turns/s (%d turns in %.1f s, %d errors)  server p50 %.2f ms"
                            + "  p99 %.2f ms  (client p50 %.2f ms p99 %.2f ms, model p50 %.0f ms; CPU per turn %.2f ms, server threads %.2f ms)", backend, clients,
                    rate == 0 ? "closed loop" : "rate=" + rate + "/s", turnsPerSecond, turns, seconds, errors, serverP50, serverP99,
                    clientP50, clientP99, modelP50, cpuMillisPerTurn, serverCpuMillisPerTurn);
        }
    }

    private final ChatService chat;
    private final MemoryService memory;
    private final JobQueue jobs;
    private final TenantStore tenants;

    /** Takes a graph whose chat model answers at once (e.g. the fake Messages server). */
    public LoadBench(ChatService chat, MemoryService memory, JobQueue jobs, TenantStore tenants) {
        this.chat = chat;
        this.memory = memory;
        this.jobs = jobs;
        this.tenants = tenants;
    }

    /** Runs warm-up then measurement against a fresh server on a free loopback port. */
    public Result run(String backend, Options options, PrintStream progress) throws InterruptedException {
        String key = tenants.createKey("bench-" + System.nanoTime(), Instant.now()).secret();
        try (ApiServer server = new ApiServer(chat, memory, jobs, tenants, ServerSettings.defaults("127.0.0.1", 0),
                Clock.systemUTC()).start()) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            progress.printf("%s: warming up for %d s with %d clients%n", backend, options.warmup().toSeconds(), options.clients());
            drive(base, key, options, options.warmup(), null);
            progress.printf("%s: measuring for %d s%n", backend, options.duration().toSeconds());
            Samples samples = new Samples();
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            long clientCpu = drive(base, key, options, options.duration(), samples);
            double seconds = (System.nanoTime() - start) / 1e9;
            return samples.result(backend, options, seconds, processCpuNanos() - cpuStart, clientCpu);
        }
    }

    /** Drives the server for {@code length}; returns the CPU time the clients' threads used meanwhile. */
    private long drive(URI base, String key, Options options, Duration length, Samples samples) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong nextUser = new AtomicLong();
        Schedule schedule = new Schedule(options.rate(), System.nanoTime());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < options.clients(); c++) {
            Thread t = new Thread(() -> client(http, base, key, options.users(), nextUser, stop, schedule, samples), "load-client-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        Thread.sleep(length.toMillis());
        long clientCpu = clientThreadsCpuNanos();
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
        return clientCpu;
    }

    /** CPU time so far of the live threads that drive the load: ours and the JDK HTTP client's. */
    private static long clientThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith("load-client-") || info.getThreadName().startsWith("HttpClient-"))) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static void client(HttpClient http, URI base, String key, int users, AtomicLong nextUser, AtomicBoolean stop,
                               Schedule schedule, Samples samples) {
        String user = null;
        String session = null;
        int turn = 0;
        while (!stop.get()) {
            if (turn % TURNS_PER_SESSION == 0) {
                user = "user-" + (nextUser.getAndIncrement() % users);
                session = null;
            }
            String body = "{\"message\":\"Hello, this is message " + turn + " of a load test.\""
                    + (session == null ? "" : ",\"sessionId\":\"" + session + "\"") + "}";
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/users/" + user + "/messages"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            if (!schedule.awaitNext(stop)) {
                return;
            }
            long sent = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                double clientMs = (System.nanoTime() - sent) / 1e6;
                if (response.statusCode() == 200) {
                    String timing = response.headers().firstValue("Server-Timing").orElse("");
                    if (samples != null) {
                        samples.add(number(APP, timing), clientMs, number(MODEL, timing));
                    }
                    if (session == null) {
                        Matcher m = SESSION.matcher(response.body());
                        session = m.find() ? m.group(1) : null;
                    }
                } else if (samples != null) {
                    samples.error();
                }
            } catch (IOException e) {
                if (samples != null) {
                    samples.error();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            turn++;
        }
    }

    /** CPU time of this whole process so far (clients, server and the fake model). */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** When each turn is due: at once in a closed loop, else turn i at {@code start + i / rate}. Thread safe. */
    private static final class Schedule {
        private final long intervalNanos;
        private final long start;
        private final AtomicLong next = new AtomicLong();

        Schedule(int rate, long start) {
            this.intervalNanos = rate == 0 ? 0 : 1_000_000_000L / rate;
            this.start = start;
        }

        /** Waits until the next turn is due; false when stopped meanwhile. */
        boolean awaitNext(AtomicBoolean stop) {
            if (intervalNanos == 0) {
                return !stop.get();
            }
            long due = start + next.getAndIncrement() * intervalNanos;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                if (stop.get()) {
                    return false;
                }
                LockSupport.parkNanos(Math.min(wait, 50_000_000L));
            }
            return !stop.get();
        }
    }

    private static double number(Pattern p, String timing) {
        Matcher m = p.matcher(timing);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** Latency samples collected by the clients. Thread safe. */
    private static final class Samples {
        private final ConcurrentLinkedQueue<double[]> values = new ConcurrentLinkedQueue<>();
        private final AtomicLong errors = new AtomicLong();

        void add(double serverMs, double clientMs, double modelMs) {
            values.add(new double[] {serverMs, clientMs, modelMs});
        }

        void error() {
            errors.incrementAndGet();
        }

        Result result(String backend, Options options, double seconds, long cpuNanos, long clientCpuNanos) {
            List<double[]> all = new ArrayList<>(values);
            double cpuPerTurn = cpuNanos < 0 || all.isEmpty() ? Double.NaN : cpuNanos / 1e6 / all.size();
            double serverCpuPerTurn = cpuPerTurn - clientCpuNanos / 1e6 / Math.max(1, all.size());
            return new Result(backend, options.clients(), options.rate(), all.size(), errors.get(), seconds, all.size() / seconds,
                    percentile(all, 0, 0.50), percentile(all, 0, 0.99), percentile(all, 1, 0.50), percentile(all, 1, 0.99),
                    percentile(all, 2, 0.50), cpuPerTurn, serverCpuPerTurn);
        }

        private static double percentile(List<double[]> all, int column, double q) {
            double[] sorted = all.stream().mapToDouble(v -> v[column]).filter(v -> !Double.isNaN(v)).sorted().toArray();
            if (sorted.length == 0) {
                return Double.NaN;
            }
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
        }
    }
}
