package com.aquastream.backup.alerting.alert;

/** A channel did not accept a notification; the message is safe to log (no secrets). */
public class DeliveryException extends Exception {

    public DeliveryException(String message) {
        super(message);
    }

    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
