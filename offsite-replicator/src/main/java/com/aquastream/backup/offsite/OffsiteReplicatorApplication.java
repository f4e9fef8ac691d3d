package com.aquastream.backup.offsite;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class OffsiteReplicatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(OffsiteReplicatorApplication.class, args);
    }
}
