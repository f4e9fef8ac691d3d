package com.aquastream.backup.e2e;

import com.aquastream.backup.testsupport.TestS3;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The 120-day history with the worker's primary store in an S3 bucket of its own, listed with a plain S3 client. */
class RetentionHistoryS3IT extends RetentionHistoryScenario {

    private final String bucket = TestS3.newBucket();

    @Override
    Map<String, Object> storeProperties() {
        TestS3.Endpoint s3 = TestS3.endpoint();
        return Map.of("backup.platform.store.type", "s3",
                "backup.platform.store.s3.endpoint", s3.url(),
                "backup.platform.store.s3.region", s3.region(),
                "backup.platform.store.s3.access-key", s3.accessKey(),
                "backup.platform.store.s3.secret-key", s3.secretKey(),
                "backup.platform.store.s3.bucket", bucket);
    }

    @Override
    Set<String> storedKeys() {
        Set<String> keys = new HashSet<>();
        try {
            for (Result<Item> each : TestS3.client().listObjects(ListObjectsArgs.builder()
                    .bucket(bucket).recursive(true).build())) {
                keys.add(each.get().objectName());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot list bucket " + bucket, e);
        }
        return keys;
    }
}
