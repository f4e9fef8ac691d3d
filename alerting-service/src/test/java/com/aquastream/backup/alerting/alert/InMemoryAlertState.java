package com.aquastream.backup.alerting.alert;

import com.aquastream.backup.events.RestoreMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** {@link AlertState} in maps, for unit tests of the rule engine. */
final class InMemoryAlertState implements AlertState {

    private record Request(Target target, Instant requestedAt, Instant answeredAt) {
    }

    private record Expectation(UUID backupId, Target target, Instant expectedAt, Instant replicatedAt) {
    }

    private final Set<UUID> processed = new HashSet<>();
    private final Map<Target, LastBackup> backups = new HashMap<>();
    private final Map<Target, Instant> watched = new HashMap<>();
    private final Map<String, Instant> requests = new HashMap<>();
    private final Map<UUID, Request> pending = new LinkedHashMap<>();
    private final Map<String, Expectation> replications = new LinkedHashMap<>();
    private final Map<UUID, RestoreMode> restores = new HashMap<>();
    private final Map<UUID, Alert> alerts = new LinkedHashMap<>();
    private final Set<UUID> resolved = new HashSet<>();
    private final Map<String, Instant> walHeard = new LinkedHashMap<>();
    private final Map<String, Instant> walStatuses = new HashMap<>();

    @Override
    public void walClusterHeard(String cluster, Instant at) {
        walHeard.putIfAbsent(cluster, at);
    }

    @Override
    public Optional<Instant> lastWalStatus(String cluster) {
        return Optional.ofNullable(walStatuses.get(cluster));
    }

    @Override
    public void recordWalStatus(String cluster, Instant at) {
        walHeard.putIfAbsent(cluster, at);
        walStatuses.put(cluster, at);
    }

    @Override
    public Map<String, Instant> walHeartbeats() {
        Map<String, Instant> heartbeats = new LinkedHashMap<>();
        walHeard.forEach((cluster, heard) -> heartbeats.put(cluster, walStatuses.getOrDefault(cluster, heard)));
        return heartbeats;
    }

    /** An operator stops watching a cluster (deletes its row). */
    void forgetWalCluster(String cluster) {
        walHeard.remove(cluster);
        walStatuses.remove(cluster);
    }

    @Override
    public boolean markProcessed(UUID eventId, Instant at) {
        return processed.add(eventId);
    }

    @Override
    public Optional<LastBackup> lastBackup(Target target) {
        return Optional.ofNullable(backups.get(target));
    }

    @Override
    public void recordBackup(Target target, LastBackup backup) {
        backups.put(target, backup);
    }

    @Override
    public Instant watchedSince(Target target, Instant now) {
        return watched.computeIfAbsent(target, t -> now);
    }

    @Override
    public Optional<Instant> lastRequest(String database) {
        return Optional.ofNullable(requests.get(database));
    }

    @Override
    public void recordRequest(String database, Instant at) {
        requests.put(database, at);
    }

    @Override
    public void requestSeen(UUID requestId, Target target, Instant at) {
        Request r = pending.get(requestId);
        pending.put(requestId, new Request(target, r == null || r.requestedAt() == null ? at : r.requestedAt(),
                r == null ? null : r.answeredAt()));
    }

    @Override
    public void requestAnswered(UUID requestId, Target target, Instant at) {
        Request r = pending.get(requestId);
        pending.put(requestId, new Request(target, r == null ? null : r.requestedAt(),
                r == null || r.answeredAt() == null ? at : r.answeredAt()));
    }

    @Override
    public Map<Target, Instant> unansweredRequestsSince(Instant cutoff) {
        Map<Target, Instant> oldest = new LinkedHashMap<>();
        pending.values().stream()
                .filter(r -> r.answeredAt() == null && r.requestedAt() != null && r.requestedAt().isBefore(cutoff))
                .forEach(r -> oldest.merge(r.target(), r.requestedAt(), (a, b) -> a.isBefore(b) ? a : b));
        return oldest;
    }

    @Override
    public void replicationExpected(String objectKey, UUID backupId, Target target, Instant at) {
        replications.putIfAbsent(objectKey, new Expectation(backupId, target, at, null));
    }

    @Override
    public void replicated(String objectKey, UUID backupId, Instant at) {
        replications.replaceAll((key, e) -> e.replicatedAt() == null
                && (objectKey != null ? key.equals(objectKey) : e.backupId().equals(backupId))
                ? new Expectation(e.backupId(), e.target(), e.expectedAt(), at) : e);
    }

    @Override
    public Map<Target, Instant> pendingReplicationsSince(Instant cutoff) {
        Map<Target, Instant> oldest = new LinkedHashMap<>();
        replications.values().stream()
                .filter(e -> e.replicatedAt() == null && e.expectedAt().isBefore(cutoff))
                .forEach(e -> oldest.merge(e.target(), e.expectedAt(), (a, b) -> a.isBefore(b) ? a : b));
        return oldest;
    }

    @Override
    public void rememberRestore(UUID restoreId, RestoreMode mode, Instant at) {
        restores.putIfAbsent(restoreId, mode);
    }

    @Override
    public Optional<RestoreMode> restoreMode(UUID restoreId) {
        return Optional.ofNullable(restores.get(restoreId));
    }

    @Override
    public Optional<Alert> openAlert(AlertRule rule, Target target) {
        return openAlerts().stream().filter(a -> a.rule() == rule && a.target().equals(target)).findFirst();
    }

    @Override
    public List<Alert> openAlerts() {
        return new ArrayList<>(alerts.values().stream().filter(a -> !resolved.contains(a.alertId())).toList());
    }

    @Override
    public void open(Alert alert) {
        if (openAlert(alert.rule(), alert.target()).isPresent()) {
            // The database's unique index would refuse it too.
            throw new IllegalStateException("second open alert for " + alert.rule() + " " + alert.target());
        }
        alerts.put(alert.alertId(), alert);
    }

    @Override
    public void resolve(UUID alertId, Instant at, String resolution) {
        resolved.add(alertId);
    }

    @Override
    public void notified(UUID alertId, Instant at) {
        alerts.computeIfPresent(alertId, (id, a) -> a.notifiedAt(at));
    }
}
