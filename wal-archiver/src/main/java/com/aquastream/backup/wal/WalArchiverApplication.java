package com.aquastream.backup.wal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class WalArchiverApplication {

    public static void main(String[] args) {
        SpringApplication.run(WalArchiverApplication.class, args);
    }
}
