package com.aquastream.backup.wal;

import static org.assertj.core.api.Assertions.assertThat;

import com.aquastream.backup.core.kafka.GoldenRecords;
import com.aquastream.backup.events.BaseBackupRequested;
import com.aquastream.backup.events.EventCodec;
import com.aquastream.backup.events.GoldenFiles;
import com.aquastream.backup.events.Topics;
import com.aquastream.backup.events.Trigger;
import com.aquastream.backup.events.WalEvent;
import org.junit.jupiter.api.Test;

/**
 * The contract's golden file of the one topic this service consumes, read through its own inbound adapter (STYLE
 * rule 3): nothing lost on the way.
 */
class ContractGoldenFilesTest {

    @Test
    void readsTheGoldenBaseBackupRequestCompletely() {
        byte[] golden = GoldenFiles.read(Topics.BASEBACKUP_REQUESTED);

        BaseBackupRequested request = GoldenRecords.handled(BaseBackupRequested.class, Topics.BASEBACKUP_REQUESTED,
                golden);

        assertThat(request.database()).isEqualTo("main");
        assertThat(request.schema()).isEqualTo(WalEvent.CLUSTER_SCHEMA);
        assertThat(request.trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(request.requestId()).isNotNull();
        assertThat(GoldenFiles.tree(new EventCodec().encode(request))).isEqualTo(GoldenFiles.tree(golden));
    }
}
