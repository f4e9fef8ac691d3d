package com.aquastream.backup.backupctl;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the commands work with; {@link #fromEnvironment()} for the real program, fakes in the unit tests.
 *
 * @param bus           opens a connection to the bus, only when a command needs one, with the command's
 *                      {@code --kafka-timeout}
 * @param catalog       opens the catalog's API, only when a command needs it
 * @param restoreWorker the restore-worker's progress report, for the commands that show a restore's steps
 * @param processes     starts child programs (reconcile runs the offsite-replicator's checker)
 */
record Context(Settings settings, Function<Duration, Bus> bus, Supplier<Catalog> catalog,
               Supplier<RestoreWorker> restoreWorker, ChildProcesses processes, Clock clock) {

    static Context fromEnvironment() {
        return of(Settings.fromEnvironment());
    }

    static Context of(Settings settings) {
        return new Context(settings, timeout -> new KafkaBus(settings.kafkaConnection(), timeout),
                () -> new HttpCatalog(settings.catalogUrl(), settings.catalogToken()),
                () -> new HttpRestoreWorker(settings.restoreWorkerUrl()), ChildProcesses.SYSTEM, Clock.systemUTC());
    }
}
