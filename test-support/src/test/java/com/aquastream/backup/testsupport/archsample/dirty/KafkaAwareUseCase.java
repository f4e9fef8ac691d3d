package com.aquastream.backup.testsupport.archsample.dirty;

import org.apache.kafka.clients.producer.Producer;

/** Core code that wrongly reaches for Kafka itself. */
public class KafkaAwareUseCase {

    private final Producer<String, byte[]> producer;

    public KafkaAwareUseCase(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    public void flush() {
        producer.flush();
    }
}
