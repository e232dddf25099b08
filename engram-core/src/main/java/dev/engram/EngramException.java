package dev.engram;

/** Root of every unchecked exception Engram throws on purpose. */
public class EngramException extends RuntimeException {
    public EngramException(String message) {
        super(message);
    }

    public EngramException(String message, Throwable cause) {
        super(message, cause);
    }
}
