package com.aquastream.backup.catalog.clusters;

import com.aquastream.backup.catalog.backups.ResultTrust;
import com.aquastream.backup.catalog.clusters.jdbc.JdbcClusterArchive;
import com.aquastream.backup.core.platform.Transactions;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires the clusters feature (issue 17): the archive tables and the use case recording the wal-archiver's results
 * (STYLE rule 10). The results reach it through the one job consumer ({@code config.KafkaConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class ClustersConfiguration {

    @Bean
    JdbcClusterArchive clusterArchive(DataSource dataSource, Clock clock) {
        return new JdbcClusterArchive(new JdbcTemplate(dataSource), clock);
    }

    @Bean
    ClusterArchives clusterArchives(ClusterArchive archive, Transactions transactions, Clock clock,
                                    ResultTrust trust) {
        return new ClusterArchives(archive, transactions, clock, trust);
    }
}
