#!/bin/sh
# minio-init of docker-compose.yml (minio/mc image): the buckets and the services' S3 users on both object stores.
#   primary (minio):         bucket "backups"          (backup-worker, restore-worker, offsite-replicator: S3_*)
#   offsite (minio-offsite): bucket "offsite-backups"  (offsite-replicator, restore-worker: S3_OFFSITE_*)
# Each user may use its one bucket and nothing else; the root credentials stay with this job. Idempotent.
set -eu

# store <alias> <url> <root user> <root password> <bucket> <access key> <secret key>
store() {
  alias="$1" url="$2" root_user="$3" root_password="$4" bucket="$5" access_key="$6" secret_key="$7"
  mc alias set "$alias" "$url" "$root_user" "$root_password" >/dev/null
  mc mb --ignore-existing "$alias/$bucket"
  policy="$(mktemp)"
  cat >"$policy" <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:*"], "Resource": ["arn:aws:s3:::$bucket", "arn:aws:s3:::$bucket/*"]}
  ]
}
POLICY
  mc admin policy create "$alias" "$bucket-rw" "$policy" >/dev/null
  rm -f "$policy"
  mc admin user add "$alias" "$access_key" "$secret_key" >/dev/null
  # Attaching an attached policy is an error in mc; the user then has it already.
  mc admin policy attach "$alias" "$bucket-rw" --user "$access_key" >/dev/null 2>&1 \
    || mc admin user info "$alias" "$access_key" | grep -q "$bucket-rw"
  echo "minio-init: $alias: bucket $bucket, its user ready"
}

store primary http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" backups "$S3_ACCESS_KEY" "$S3_SECRET_KEY"
store offsite http://minio-offsite:9000 "$MINIO_OFFSITE_ROOT_USER" "$MINIO_OFFSITE_ROOT_PASSWORD" offsite-backups \
  "$S3_OFFSITE_ACCESS_KEY" "$S3_OFFSITE_SECRET_KEY"
