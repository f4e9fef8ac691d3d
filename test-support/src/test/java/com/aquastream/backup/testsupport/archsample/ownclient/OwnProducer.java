package com.aquastream.backup.testsupport.archsample.ownclient;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A service that builds its own producer: what {@code servicesShouldNotBuildTheirOwnKafkaClients} refuses. */
public class OwnProducer {

    KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(), new StringSerializer(), new StringSerializer());
    }
}
