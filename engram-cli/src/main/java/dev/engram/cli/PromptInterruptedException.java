package dev.engram.cli;

import dev.engram.EngramException;

/** Ctrl-C at the chat's prompt, with nothing typed: the user wants to end the session and leave. */
public final class PromptInterruptedException extends EngramException {
    public PromptInterruptedException() {
        super("interrupted at the prompt");
    }
}
