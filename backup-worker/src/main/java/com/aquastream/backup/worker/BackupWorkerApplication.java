package com.aquastream.backup.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class BackupWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(BackupWorkerApplication.class, args);
    }
}
