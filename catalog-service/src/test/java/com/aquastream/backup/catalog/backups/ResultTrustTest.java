package com.aquastream.backup.catalog.backups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class ResultTrustTest {

    private static final Instant NOW = Instant.parse("2025-08-17T03:00:00Z");
    private static final SchemaRef USER = new SchemaRef("aquastream", "user");

    @Property
    void refusesExactlyTheTimesBeyondTheSkewAheadOfTheServicesClock(
            @ForAll @LongRange(min = -3L * 365 * 86_400, max = 3L * 365 * 86_400) long secondsFromNow,
            @ForAll @LongRange(min = 0, max = 3_600) long skewSeconds) {
        List<String> untrusted = new ArrayList<>();
        ResultTrust trust = new ResultTrust(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(skewSeconds),
                new BackupOutcomes() {
                    @Override
                    public void recorded(Backup backup) {
                    }

                    @Override
                    public void untrusted(String topic, SchemaRef schema, String reason) {
                        untrusted.add(reason);
                    }
                });
        Instant at = NOW.plusSeconds(secondsFromNow);

        boolean refused = refuses(trust, at);

        assertThat(refused).isEqualTo(secondsFromNow > skewSeconds);
        assertThat(untrusted).hasSize(refused ? 1 : 0);
    }

    @Property
    void followsTheServicesClockWhereverASimulationSetsIt(
            @ForAll @LongRange(min = 0, max = 10L * 365 * 86_400) long simulatedSecondsAfterEpochOf2020) {
        Instant simulatedNow = Instant.parse("2020-01-01T00:00:00Z").plusSeconds(simulatedSecondsAfterEpochOf2020);
        ResultTrust trust = new ResultTrust(Clock.fixed(simulatedNow, ZoneOffset.UTC), Duration.ofMinutes(5),
                BackupOutcomes.NONE);

        assertThat(refuses(trust, simulatedNow.plusSeconds(60))).isFalse();
        assertThat(refuses(trust, simulatedNow.plus(Duration.ofMinutes(6)))).isTrue();
    }

    private static boolean refuses(ResultTrust trust, Instant at) {
        try {
            trust.requireNotInTheFuture("backup.completed", USER, ResultTrust.times("startedAt", at));
            return false;
        } catch (ResultTrust.UntrustedResultException e) {
            return true;
        }
    }

    @Property(tries = 10)
    void ignoresTimesThatAreNotSet(@ForAll boolean unused) {
        ResultTrust trust = new ResultTrust(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ZERO, BackupOutcomes.NONE);

        assertThatCode(() -> trust.requireNotInTheFuture("backup.completed", USER,
                ResultTrust.times("occurredAt", NOW, "startedAt", null))).doesNotThrowAnyException();
    }
}
