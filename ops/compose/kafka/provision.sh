#!/usr/bin/env bash
# kafka-init of docker-compose.yml: brings the compose broker to the state infra/kafka-acls.conf describes, with the
# same program infra/kafka.sh and the tests use (infra/kafka-broker/Provision.java): a SCRAM-SHA-512 user per
# principal of the file, exactly its ACLs (others are removed), the 18 contract topics and their .DLT.
#
# Passwords come from the environment, one per principal: KAFKA_PASSWORD_<PRINCIPAL> (upper case, '-' as '_'; e.g.
# KAFKA_PASSWORD_BACKUP_WORKER), written by bin/compose-env to .env. A principal of the ACL file without a password
# stops this job (and with it every service): add it with bin/compose-env, which never changes existing entries.
#
# Env: KAFKA_BOOTSTRAP_SERVERS (kafka:9092), KAFKA_PARTITIONS (6), KAFKA_LIBS (/opt/kafka/libs),
# KAFKA_INFRA_DIR (/compose/infra: the repository's infra/, mounted read-only).
set -euo pipefail

BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
PARTITIONS="${KAFKA_PARTITIONS:-6}"
LIBS="${KAFKA_LIBS:-/opt/kafka/libs}"
INFRA_DIR="${KAFKA_INFRA_DIR:-/compose/infra}"
ACL_FILE="$INFRA_DIR/kafka-acls.conf"

# The public contract's topics (DESIGN.md; infra/kafka.sh's CONTRACT_TOPICS), each with its dead-letter topic.
CONTRACT_TOPICS=(backup.requested backup.completed backup.failed backup.expired
  restore.requested restore.completed restore.verified restore.failed restore.rejected
  backup.replicated replication.failed alert.raised alert.resolved
  wal.archived wal.status basebackup.requested basebackup.completed basebackup.failed)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"
umask 077
mkdir "$work/credentials"

password_of() {
  local var="KAFKA_PASSWORD_$(echo "$1" | tr 'a-z-' 'A-Z_')"
  local value="${!var:-}"
  if [[ -z "$value" ]]; then
    echo "kafka-init: no password for principal $1: set $var (bin/compose-env adds it to .env)" >&2
    exit 1
  fi
  printf '%s' "$value"
}

for principal in $(awk '!/^[[:space:]]*(#|$)/ {print $1}' "$ACL_FILE" | sort -u); do
  password_of "$principal" >"$work/credentials/$principal"
done

cat >"$work/admin.properties" <<PROPERTIES
bootstrap.servers=$BOOTSTRAP
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$(password_of admin)";
PROPERTIES

topics=()
for topic in "${CONTRACT_TOPICS[@]}"; do topics+=("$topic" "$topic.DLT"); done
# Quiet client logging: Provision waits for new users to reach the broker, and its failed logins meanwhile are expected.
cat >"$work/log4j2.properties" <<'PROPERTIES'
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stdout.ref = STDOUT
logger.network.name = org.apache.kafka.clients.NetworkClient
logger.network.level = OFF
logger.metadata.name = org.apache.kafka.clients.admin.internals.AdminMetadataManager
logger.metadata.level = OFF
PROPERTIES

java -cp "$LIBS/*" -Dlog4j2.configurationFile="$work/log4j2.properties" \
  "$INFRA_DIR/kafka-broker/Provision.java" "$work/admin.properties" "$ACL_FILE" "$work/credentials" \
  "$PARTITIONS" "${topics[@]}"
