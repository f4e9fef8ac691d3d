package com.aquastream.backup.core.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a record into work. Called on the poll thread, so it must be quick: decode, validate, decide.
 *
 * <p>Returns the {@link Job} to run, or {@code null} when the record needs no work (its offset is committed
 * at once). Any exception means the record is bad input: it goes to the dead-letter topic with the error in
 * its headers and is committed, so a poison message never stops or loops the consumer.
 */
@FunctionalInterface
public interface RecordHandler {

    Job accept(ConsumerRecord<String, byte[]> record) throws Exception;
}
