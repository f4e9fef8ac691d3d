package com.aquastream.backup.restore;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class RestoreWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(RestoreWorkerApplication.class, args);
    }
}
