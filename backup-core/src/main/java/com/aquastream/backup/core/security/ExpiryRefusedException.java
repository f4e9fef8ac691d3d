package com.aquastream.backup.core.security;

import com.aquastream.backup.core.consumer.PermanentJobFailure;

/**
 * A {@code backup.expired} a deleter will not act on (unsigned, wrongly signed, a pinned backup, the newest of its
 * tier, a key outside the schema's area, ...): nothing was deleted, and the message says why. Permanent: the same
 * event is refused the same way on every delivery, so it is dead-lettered at once.
 */
public class ExpiryRefusedException extends PermanentJobFailure {

    public ExpiryRefusedException(String message) {
        super(message);
    }
}
