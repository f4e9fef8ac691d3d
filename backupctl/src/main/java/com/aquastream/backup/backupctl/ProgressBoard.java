package com.aquastream.backup.backupctl;

import com.aquastream.backup.events.BackupCompleted;
import com.aquastream.backup.events.BackupFailed;
import com.aquastream.backup.events.BackupRequested;
import com.aquastream.backup.events.Event;
import com.aquastream.backup.events.RestoreEvent;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The backups and restores {@code follow} has seen start, each at a stage with a share of the way done, drawn as a
 * text bar: {@code [######....]  66% aquastream.payment RESTORE RESTORING (running 40 s)}.
 *
 * <p>The share counts stages, not bytes: nothing reports bytes while a dump or restore runs. A restore's stages are the
 * steps its worker reports ({@code /actuator/restores}; RESTORE: LOCATING_ARCHIVE DOWNLOADING SAFETY_BACKUP RESTORING
 * VERIFYING, VERIFY: LOCATING_ARCHIVE DOWNLOADING VERIFYING), a backup's only requested and done, since the
 * backup-worker announces nothing in between.
 */
final class ProgressBoard {

    static final int WIDTH = 10;
    private static final List<String> RESTORE_STEPS = List.of("LOCATING_ARCHIVE", "DOWNLOADING", "SAFETY_BACKUP",
            "RESTORING", "VERIFYING");
    private static final List<String> VERIFY_STEPS = List.of("LOCATING_ARCHIVE", "DOWNLOADING", "VERIFYING");

    /** One job on the board. {@code kind}: BACKUP, RESTORE or VERIFY. */
    record Job(UUID id, String subject, String kind, String stage, int percent, String detail) {

        String bar() {
            int filled = percent * WIDTH / 100;
            return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + String.format("%3d%%", percent)
                    + " " + subject + " " + kind + " " + stage + (detail == null ? "" : " (" + detail + ")");
        }

        boolean done() {
            return percent >= 100;
        }
    }

    private final Map<UUID, Job> jobs = new LinkedHashMap<>();

    /** The job {@code event} starts, moves or ends, when it is one; else empty. Ended jobs leave the board. */
    Optional<Job> on(Event event) {
        String subject = event.database() + "." + event.schema();
        Job job = null;
        if (event instanceof BackupRequested r) {
            job = new Job(r.requestId(), subject, "BACKUP", "REQUESTED", 0, null);
        } else if (event instanceof BackupCompleted c) {
            job = new Job(c.requestId(), subject, "BACKUP", "COMPLETED", 100,
                    StatusTable.size(c.sizeBytes()));
        } else if (event instanceof BackupFailed f) {
            job = new Job(f.requestId(), subject, "BACKUP", "FAILED", 100,
                    "attempt " + f.attempt() + (f.retryable() ? ", will be retried" : ""));
        } else if (event instanceof RestoreRequested r) {
            job = new Job(r.restoreId(), subject, String.valueOf(r.mode()), "REQUESTED", 0, null);
        } else if (event instanceof RestoreEvent answer && KafkaBus.restoreIdOf(answer) != null) {
            UUID id = KafkaBus.restoreIdOf(answer);
            String kind = Optional.ofNullable(jobs.get(id)).map(Job::kind).orElse("RESTORE");
            job = new Job(id, subject, kind, RestoreRun.outcomeOf(answer), 100, null);
        }
        return Optional.ofNullable(job).map(this::put);
    }

    /** The restore's step as its worker reports it, when it moved since the last look; else empty. */
    Optional<Job> on(RestoreWorker.RunningRestore running) {
        Job known = jobs.get(running.restoreId());
        String kind = known != null ? known.kind()
                : RestoreMode.VERIFY.name().equals(running.mode()) ? "VERIFY" : "RESTORE";
        if (known != null && known.stage().equals(running.step())) {
            return Optional.empty();
        }
        List<String> steps = "VERIFY".equals(kind) ? VERIFY_STEPS : RESTORE_STEPS;
        int index = steps.indexOf(running.step());
        int percent = index < 0 ? 0 : 100 * (index + 1) / (steps.size() + 1);
        String subject = known != null ? known.subject() : running.source();
        return Optional.of(put(new Job(running.restoreId(), subject, kind, running.step(), percent,
                "running " + running.runningSeconds() + " s")));
    }

    private Job put(Job job) {
        if (job.done()) {
            jobs.remove(job.id());
        } else {
            jobs.put(job.id(), job);
        }
        return job;
    }
}
