package dev.engram.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads prompt texts kept as data under {@code /prompts} on the class path. */
public final class Prompts {
    private Prompts() {}

    /** The text of {@code /prompts/NAME.txt}; throws {@link IllegalStateException} if it is missing. */
    public static String load(String name) {
        String path = "/prompts/" + name + ".txt";
        try (InputStream in = Prompts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("prompt resource missing: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt " + path, e);
        }
    }
}
