package com.aquastream.backup.events;

/**
 * Events of a PostgreSQL cluster's continuous archiving (WAL) and its base backups. They are about a whole cluster,
 * not one schema: {@link #database()} is the cluster's configured name and {@link #schema()} is always
 * {@link #CLUSTER_SCHEMA}, so the message key is {@code {cluster}.pg_cluster} and each cluster's events stay in order
 * on one partition.
 */
public sealed interface WalEvent extends Event
        permits WalArchived, WalStatus, BaseBackupRequested, BaseBackupCompleted, BaseBackupFailed {

    /**
     * The schema of every WAL event: a name no user can create (PostgreSQL reserves the {@code pg_} prefix), so it
     * never collides with a real schema's key.
     */
    String CLUSTER_SCHEMA = "pg_cluster";
}
