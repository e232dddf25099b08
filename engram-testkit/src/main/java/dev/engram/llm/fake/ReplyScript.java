package dev.engram.llm.fake;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Chooses the reply for each request: the first rule whose predicate matches and whose queue is not
 * empty, then the shared queue, then the fallback responder. Thread safe.
 */
final class ReplyScript {
    private final List<Rule> rules = new ArrayList<>();
    private final Deque<FakeReply> shared = new ArrayDeque<>();
    private Function<CapturedRequest, FakeReply> fallback;

    synchronized void addShared(List<FakeReply> replies) {
        shared.addAll(replies);
    }

    /** Appends to the rule with this key, or adds a new rule; a null key always adds a new rule. */
    synchronized void addRule(String key, Predicate<CapturedRequest> when, List<FakeReply> replies) {
        Objects.requireNonNull(when, "when");
        for (Rule rule : rules) {
            if (key != null && key.equals(rule.key)) {
                rule.replies.addAll(replies);
                return;
            }
        }
        Rule rule = new Rule(key, when, new ArrayDeque<>());
        rule.replies.addAll(replies);
        rules.add(rule);
    }

    synchronized void fallback(Function<CapturedRequest, FakeReply> responder) {
        this.fallback = responder;
    }

    /** The next reply for {@code request}, or null when the script has none. */
    FakeReply next(CapturedRequest request) {
        Function<CapturedRequest, FakeReply> responder;
        synchronized (this) {
            for (Rule rule : rules) {
                if (!rule.replies.isEmpty() && rule.when.test(request)) {
                    return rule.replies.poll();
                }
            }
            if (!shared.isEmpty()) {
                return shared.poll();
            }
            responder = fallback;
        }
        // Called outside the lock: a responder may be slow or consult the server itself.
        return responder == null ? null : responder.apply(request);
    }

    synchronized int pending() {
        return shared.size() + rules.stream().mapToInt(rule -> rule.replies.size()).sum();
    }

    private record Rule(String key, Predicate<CapturedRequest> when, Deque<FakeReply> replies) {}
}
