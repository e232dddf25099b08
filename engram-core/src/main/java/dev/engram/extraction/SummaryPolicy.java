package dev.engram.extraction;

/**
 * When to fold summaries: once all summaries together exceed {@code budgetTokens}, every session
 * summary but the newest {@code keepVerbatim} is folded into the long-term summary.
 */
public record SummaryPolicy(int keepVerbatim, int budgetTokens) {
    public SummaryPolicy {
        if (keepVerbatim < 1) {
            throw new IllegalArgumentException("at least one summary must be kept verbatim");
        }
        if (budgetTokens < 1) {
            throw new IllegalArgumentException("the summary token budget must be positive");
        }
    }
}
