package com.aquastream.backup.core.kafka;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Kafka security is on by default, so a service never runs anonymous or with an empty password: with a SASL protocol
 * (the default, {@code SASL_PLAINTEXT}) the service refuses to start unless its login names a user and a password
 * ({@code KAFKA_USERNAME}, {@code KAFKA_PASSWORD}). Spring's binder would otherwise pass an unresolved
 * {@code ${KAFKA_PASSWORD}} on as the password and the service would start, retrying logins for ever. The message
 * names the variables, never a value.
 */
public final class KafkaLoginCheck implements EnvironmentPostProcessor, Ordered {

    private static final Pattern FIELD = Pattern.compile("(username|password)\\s*=\\s*\"([^\"]*)\"");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getProperty("spring.kafka.bootstrap-servers") == null) {
            return; // not a service of this platform (no Kafka configured)
        }
        String protocol = environment.getProperty("spring.kafka.security.protocol", "PLAINTEXT");
        if (!protocol.toUpperCase(Locale.ROOT).startsWith("SASL_")) {
            return; // an operator's explicit choice, e.g. KAFKA_SECURITY_PROTOCOL=PLAINTEXT for a throw-away broker
        }
        String jaas;
        try {
            jaas = environment.getProperty("spring.kafka.properties.sasl.jaas.config");
        } catch (IllegalArgumentException unresolved) {
            throw refusal("its Kafka login is incomplete (" + unresolvedName(unresolved) + " is not set)");
        }
        if (jaas == null || jaas.isBlank()) {
            throw refusal("no Kafka login is configured (spring.kafka.properties.sasl.jaas.config)");
        }
        String username = null;
        String password = null;
        Matcher field = FIELD.matcher(jaas);
        while (field.find()) {
            if (field.group(1).equals("username")) {
                username = field.group(2);
            } else {
                password = field.group(2);
            }
        }
        if (username == null || username.isBlank()) {
            throw refusal("its Kafka login names no user (KAFKA_USERNAME)");
        }
        if (password == null || password.isBlank() || password.contains("${")) {
            throw refusal("its Kafka login has no password (KAFKA_PASSWORD is not set)");
        }
    }

    private static IllegalStateException refusal(String why) {
        return new IllegalStateException("not starting: " + why + ". Kafka security ("
                + "SASL/SCRAM-SHA-512) is on by default: set KAFKA_USERNAME and KAFKA_PASSWORD to this service's "
                + "principal (infra/kafka.sh password <service> for the local broker), or KAFKA_SECURITY_PROTOCOL="
                + "PLAINTEXT for a broker without security");
    }

    private static String unresolvedName(IllegalArgumentException e) {
        Matcher name = Pattern.compile("placeholder '([^']+)'").matcher(String.valueOf(e.getMessage()));
        return name.find() ? name.group(1) : "a variable";
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after application.yml and the command line are in the environment
    }
}
