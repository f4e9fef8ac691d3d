package com.aquastream.backup.catalog.web;

/** The API was asked about something the catalog does not know (404). */
class NotFoundException extends RuntimeException {

    NotFoundException(String message) {
        super(message);
    }
}
