package com.aquastream.backup.events;

/** Why a backup was requested. */
public enum Trigger {
    SCHEDULE, MANUAL, PRE_RESTORE
}
