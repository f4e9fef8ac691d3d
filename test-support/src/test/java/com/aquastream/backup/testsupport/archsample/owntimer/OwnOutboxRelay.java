package com.aquastream.backup.testsupport.archsample.owntimer;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** An outbox relay on a scheduler of its own: what {@code servicesShouldNotBuildTheirOwnOutboxOrTimer} refuses. */
public class OwnOutboxRelay {

    ScheduledExecutorService scheduler() {
        return Executors.newSingleThreadScheduledExecutor();
    }
}
