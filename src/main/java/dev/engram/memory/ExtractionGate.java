package dev.engram.memory;

/** Placeholder; replaced below. */
public final class ExtractionGate {
    public boolean mayHoldFacts(String userText, String assistantReply) {
        return true;
    }
}
