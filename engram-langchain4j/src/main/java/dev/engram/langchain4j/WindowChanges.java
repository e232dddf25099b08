package dev.engram.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Finds the messages a chat memory added, given the window the store held and the whole window it
 * is handed now (LangChain4j replaces the window on every change, after evicting old messages:
 * langchain4j#1107).
 */
final class WindowChanges {
    private WindowChanges() {}

    /**
     * The messages of {@code next} that were not in {@code previous}, in order. A chat memory keeps
     * the message objects the store gave it, so the messages after the last one seen before are the
     * new ones; a window rebuilt from equal copies is matched by the longest overlap of {@code
     * previous}'s end with {@code next}'s start instead. System messages are left out of the match.
     */
    static List<ChatMessage> added(List<ChatMessage> previous, List<ChatMessage> next) {
        Set<ChatMessage> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.addAll(previous);
        int lastSeen = -1;
        for (int i = 0; i < next.size(); i++) {
            if (seen.contains(next.get(i))) {
                lastSeen = i;
            }
        }
        if (lastSeen >= 0) {
            return List.copyOf(next.subList(lastSeen + 1, next.size()));
        }
        List<ChatMessage> before = withoutSystem(previous);
        List<ChatMessage> now = withoutSystem(next);
        for (int k = Math.min(before.size(), now.size()); k > 0; k--) {
            if (before.subList(before.size() - k, before.size()).equals(now.subList(0, k))) {
                return List.copyOf(now.subList(k, now.size()));
            }
        }
        return now;
    }

    private static List<ChatMessage> withoutSystem(List<ChatMessage> messages) {
        return messages.stream().filter(m -> !(m instanceof SystemMessage)).toList();
    }
}
