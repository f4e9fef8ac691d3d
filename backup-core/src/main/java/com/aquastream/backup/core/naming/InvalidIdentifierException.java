package com.aquastream.backup.core.naming;

/**
 * Thrown when a name that will reach SQL, a process argument, a path or an object key is not on the allow-list.
 *
 * <p>The message shows the offending value escaped and truncated (see {@link Identifiers#describe(String)}) so a
 * hostile value cannot forge log lines or flood them.
 */
public class InvalidIdentifierException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidIdentifierException(String message) {
        super(message);
    }
}
