package dev.engram.retrieval;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Renders retrieved items as the memory block of a prompt: in time order, one line per item,
 * under a header per day ("8 May 2023:"), so that the model sees when each thing was said
 * without paying for the date on every line. Dates are in UTC. Stateless.
 */
public final class MemoryContext {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private MemoryContext() {}

    /** The block for these hits (any order); empty text for no hits. */
    public static String render(List<Hit> hits) {
        List<Hit> ordered = new ArrayList<>(hits);
        ordered.sort(Comparator.comparing(Hit::time).thenComparing(Hit::id));
        StringBuilder b = new StringBuilder();
        String day = null;
        for (Hit h : ordered) {
            String d = DAY.format(h.time());
            if (!d.equals(day)) {
                b.append(d).append(":\n");
                day = d;
            }
            b.append(h.text()).append('\n');
        }
        return b.toString();
    }
}
