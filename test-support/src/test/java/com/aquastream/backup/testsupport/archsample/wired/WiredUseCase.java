package com.aquastream.backup.testsupport.archsample.wired;

/** The feature's use case next to its wiring: plain Java. */
class WiredUseCase {

    String decide(String input) {
        return input.trim();
    }
}
