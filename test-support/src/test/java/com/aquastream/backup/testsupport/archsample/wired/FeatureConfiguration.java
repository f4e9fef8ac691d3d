package com.aquastream.backup.testsupport.archsample.wired;

import org.apache.kafka.clients.producer.Producer;
import org.springframework.context.annotation.Configuration;

/** A feature's wiring in the feature's own package: allowed to know Spring and the adapters. */
@Configuration(proxyBeanMethods = false)
class FeatureConfiguration {

    Producer<String, String> producer;
}
