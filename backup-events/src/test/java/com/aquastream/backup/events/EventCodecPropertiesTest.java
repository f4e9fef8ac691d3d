package com.aquastream.backup.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any value the records can hold survives the wire unchanged, whatever its characters or absences. */
class EventCodecPropertiesTest {

    private final EventCodec codec = new EventCodec();

    @Property(tries = 300)
    void roundTripsAnyBackupCompleted(@ForAll("backupsCompleted") BackupCompleted event) {
        assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Property(tries = 300)
    void roundTripsAnyBackupRequested(@ForAll("backupsRequested") BackupRequested event) {
        assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Property(tries = 300)
    void roundTripsAnyRestoreRequested(@ForAll("restoresRequested") RestoreRequested event) {
        assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Property(tries = 100)
    void encodesTheSameEventToTheSameBytes(@ForAll("backupsCompleted") BackupCompleted event) {
        assertThat(codec.encode(roundTrip(event))).isEqualTo(codec.encode(event));
    }

    private Event roundTrip(Event event) {
        return codec.decode(codec.encode(event), event.type());
    }

    /** The fields every event carries; never null. */
    private record Common(UUID eventId, Instant occurredAt, String database, String schema) {
    }

    @Provide
    Arbitrary<BackupCompleted> backupsCompleted() {
        var identity = Combinators.combine(common(), uuids().injectNull(0.2), uuids().injectNull(0.2),
                        Arbitraries.of(Tier.class).list().ofMaxSize(5).injectNull(0.2),
                        storedObjects().list().ofMaxSize(4).injectNull(0.2))
                .as(BackupCompletedDraft::new);
        var content = Combinators.combine(anyStrings().injectNull(0.3), Arbitraries.longs(),
                        anyStrings().injectNull(0.3), anyStrings().injectNull(0.3), anyStrings().injectNull(0.3),
                        instants().injectNull(0.3), instants().injectNull(0.3))
                .as(Content::new);
        var versions = Combinators.combine(anyStrings().injectNull(0.3), anyStrings().injectNull(0.3), rowCounts())
                .as(Versions::new);
        return Combinators.combine(identity, content, versions).as((i, c, v) -> new BackupCompleted(
                i.common().eventId(), i.common().occurredAt(), i.common().database(), i.common().schema(),
                i.requestId(), i.backupId(), i.tiers(), i.objects(),
                c.store(), c.sizeBytes(), c.sha256(), c.compression(), c.format(), c.startedAt(), c.finishedAt(),
                v.serverVersion(), v.toolVersion(), v.tableRowCounts()));
    }

    private record BackupCompletedDraft(Common common, UUID requestId, UUID backupId, List<Tier> tiers,
                                        List<StoredObject> objects) {
    }

    private record Content(String store, long sizeBytes, String sha256, String compression, String format,
                           Instant startedAt, Instant finishedAt) {
    }

    private record Versions(String serverVersion, String toolVersion, Map<String, Long> tableRowCounts) {
    }

    @Provide
    Arbitrary<BackupRequested> backupsRequested() {
        return Combinators.combine(common(), uuids().injectNull(0.2),
                        Arbitraries.of(Tier.class).list().ofMaxSize(5).injectNull(0.2),
                        Arbitraries.of(Trigger.class).injectNull(0.2), anyStrings().injectNull(0.2),
                        instants().injectNull(0.2))
                .as((c, requestId, tiers, trigger, requestedBy, scheduledFor) -> new BackupRequested(
                        c.eventId(), c.occurredAt(), c.database(), c.schema(),
                        requestId, tiers, trigger, requestedBy, scheduledFor));
    }

    @Provide
    Arbitrary<RestoreRequested> restoresRequested() {
        var target = Combinators.combine(uuids().injectNull(0.2), uuids().injectNull(0.2), anyStrings().injectNull(0.2),
                        anyStrings().injectNull(0.2))
                .as(Target::new);
        var command = Combinators.combine(Arbitraries.of(RestoreMode.class).injectNull(0.2),
                        Arbitraries.of(true, false).injectNull(0.3), anyStrings().injectNull(0.2),
                        anyStrings().injectNull(0.2))
                .as(Command::new);
        return Combinators.combine(common(), target, command).as((c, t, m) -> new RestoreRequested(
                c.eventId(), c.occurredAt(), c.database(), c.schema(),
                t.restoreId(), t.backupId(), t.key(), t.targetDatabase(),
                m.mode(), m.safetyBackup(), m.requestedBy(), m.signature()));
    }

    private record Target(UUID restoreId, UUID backupId, String key, String targetDatabase) {
    }

    private record Command(RestoreMode mode, Boolean safetyBackup, String requestedBy, String signature) {
    }

    private Arbitrary<Common> common() {
        return Combinators.combine(uuids(), instants(), anyStrings(), anyStrings()).as(Common::new);
    }

    private Arbitrary<StoredObject> storedObjects() {
        return Combinators.combine(Arbitraries.of(Tier.class).injectNull(0.1), anyStrings().injectNull(0.1))
                .as(StoredObject::new);
    }

    private Arbitrary<Map<String, Long>> rowCounts() {
        return Arbitraries.maps(anyStrings(), Arbitraries.longs()).ofMaxSize(8).injectNull(0.2);
    }

    /** Every char, including controls, quotes, backslashes and unpaired surrogates. */
    private Arbitrary<String> anyStrings() {
        return Arbitraries.strings().all().ofMaxLength(40);
    }

    private Arbitrary<UUID> uuids() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
    }

    /** The whole range {@link Instant} supports, with nanosecond precision. */
    private Arbitrary<Instant> instants() {
        return Combinators.combine(
                        Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                        Arbitraries.longs().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
    }
}
