package com.aquastream.backup.backupctl;

import com.aquastream.backup.core.security.RestoreSignatures;
import com.aquastream.backup.events.RestoreMode;
import com.aquastream.backup.events.RestoreRequested;
import com.aquastream.backup.events.WalEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backupctl pitr}: a point-in-time recovery (issue 17). A {@code restore.requested} of mode PITR signed with
 * {@link RestoreSignatures} like {@code restore}'s, naming no archive, only the moment ({@code asOf}): the
 * restore-worker recovers the cluster from its base backup and archived WAL to that moment in a throw-away server and
 * replaces the schema with its state then (a safety backup first), or with {@code --cluster} recovers the whole
 * cluster into a data directory. Waits for the answer like {@code restore} ({@link RestoreRun}).
 */
@Command(name = "pitr", mixinStandardHelpOptions = true,
        description = "Point-in-time recovery: a schema (--database, --schema) replaced with its state at --to, or a "
                + "whole cluster (--cluster) recovered to --to into a data directory; waits for the answer and "
                + "prints the moment reached (recoveredTo), whether the archive ended first (endOfArchive) and, for "
                + "a cluster, the data directory and the next steps.",
        footer = {"", "TIME: an ISO-8601 time (2025-08-19T09:13:00Z, 2025-08-19T11:13:00+02:00) or relative to now: "
                + "-30s, -5m, -1h, -2d.",
                "Exit codes: 0 completed (or sent, with --no-wait or --print), 2 failed (e.g. a missing or corrupt "
                        + "WAL segment), 3 rejected (e.g. ARCHIVE_UNAVAILABLE: no base backup before TIME, or the "
                        + "schema absent then), 4 no answer within --timeout, 64 usage, 69 no Kafka broker within "
                        + "--kafka-timeout, 1 other errors.",
                "The signing key is RESTORE_SIGNING_KEY, else .run/restore-signing-key."})
final class PitrCommand implements Callable<Integer> {

    private static final Pattern RELATIVE = Pattern.compile("-(\\d{1,9})([smhd])");

    private final Context context;

    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private What what;

    /** A schema of a database, or a whole cluster. */
    static final class What {

        @ArgGroup(exclusive = false)
        SchemaOf schema;

        @Option(names = "--cluster", paramLabel = "NAME", required = true,
                description = "recover the whole cluster NAME (as the wal-archiver names it) into a data directory")
        String cluster;
    }

    static final class SchemaOf {

        @Option(names = "--schema", paramLabel = "SCHEMA", required = true, description = "the schema to recover")
        String schema;

        @Option(names = "--database", paramLabel = "DB", description = "default: $BACKUP_DATABASE, else aquastream")
        String database;
    }

    @Option(names = "--to", paramLabel = "TIME", required = true, description = "the moment to recover to")
    private String to;

    @Option(names = "--no-safety-backup", description = "skip the PRE_RESTORE backup of the schema")
    private boolean noSafetyBackup;

    @Option(names = "--force", description = "replace the schema even if objects in other schemas depend on it")
    private boolean force;

    @Option(names = "--target", paramLabel = "DB", description = "replace the schema in DB instead of the source "
            + "database (not with --cluster)")
    private String target;

    @Mixin
    private AnswerOptions answer;

    PitrCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return new RestoreRun(context, answer, spec.commandLine().getOut()).send(command());
    }

    /** The unsigned command the arguments describe. */
    RestoreRequested command() {
        Instant now = context.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        Instant asOf = moment(to, context.clock().instant());
        String database;
        String schema;
        String targetDb;
        if (what.cluster != null) {
            if (target != null) {
                throw BackupctlException.usage("--target does not go with --cluster: a cluster is recovered into a "
                        + "data directory of its own");
            }
            database = Names.identifier("cluster", what.cluster);
            schema = WalEvent.CLUSTER_SCHEMA;
            targetDb = null;
        } else {
            database = Names.identifier("database", what.schema.database != null ? what.schema.database
                    : context.settings().database());
            schema = Names.identifier("schema", what.schema.schema);
            targetDb = target == null ? null : Names.identifier("target database", target);
        }
        String requestedBy = Names.requester(context.settings().user(), context.settings().host());
        return new RestoreRequested(UUID.randomUUID(), now, database, schema, UUID.randomUUID(), null, null,
                targetDb, RestoreMode.PITR, !noSafetyBackup, requestedBy, null, force ? Boolean.TRUE : null, asOf,
                null, null);
    }

    /** {@code --to}: an ISO-8601 time with its zone or offset, or {@code -N[smhd]} before {@code now}. */
    static Instant moment(String text, Instant now) {
        Matcher relative = RELATIVE.matcher(text);
        if (relative.matches()) {
            long n = Long.parseLong(relative.group(1));
            Duration back = switch (relative.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(back);
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw BackupctlException.usage("--to wants an ISO-8601 time with its zone like 2025-08-19T09:13:00Z,"
                    + " or a time before now like -5m, -1h, -2d: " + text);
        }
    }
}
