package com.aquastream.backup.events;

/** Retention tier an object of a backup belongs to; one dump may be stored under several tiers. */
public enum Tier {
    DAILY, WEEKLY, MONTHLY, MANUAL, PRE_RESTORE
}
