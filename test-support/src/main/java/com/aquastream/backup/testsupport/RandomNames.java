package com.aquastream.backup.testsupport;

import java.security.SecureRandom;

/** Random suffixes for names that tests own (databases, buckets), valid in both PostgreSQL and S3. */
final class RandomNames {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomNames() {
    }

    static String lowercase(int length) {
        StringBuilder name = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            name.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return name.toString();
    }
}
