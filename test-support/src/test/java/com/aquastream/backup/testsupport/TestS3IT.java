package com.aquastream.backup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.junit.jupiter.api.Test;

class TestS3IT {

    @Test
    void storesAndReturnsAnObjectInANewBucket() throws Exception {
        MinioClient client = TestS3.client();
        String bucket = TestS3.newBucket();
        byte[] content = "a backup archive".getBytes(StandardCharsets.UTF_8);

        client.putObject(PutObjectArgs.builder().bucket(bucket).object("postgres/app/user_20250101.dump.gz")
                .stream(new ByteArrayInputStream(content), content.length, -1).build());

        try (InputStream read = client.getObject(GetObjectArgs.builder().bucket(bucket)
                .object("postgres/app/user_20250101.dump.gz").build())) {
            assertThat(read.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void offersAnOffsiteServerIndependentOfThePrimary() throws Exception {
        String bucket = TestS3.newBucket();

        TestS3.Endpoint offsite = TestS3.offsiteEndpoint();

        assertThat(offsite.url()).isNotEqualTo(TestS3.endpoint().url());
        assertThat(offsite.region()).isEqualTo("us-east-1");
        assertThat(TestS3.client(offsite).bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isFalse();
    }
}
