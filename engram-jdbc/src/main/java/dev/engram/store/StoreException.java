package dev.engram.store;

import dev.engram.EngramException;

/** A storage failure (wraps {@link java.sql.SQLException} at the store boundary). */
public class StoreException extends EngramException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
