# The manual's own targets (README, "Operating it"), on the operator CLI backupctl (backupctl/, issue 16;
# backupctl/SERVICE.md lists every command, option and exit code). Each target exits with backupctl's code.
#
#   make backup [SCHEMA=user] [DATABASE=aquastream]        a MANUAL backup of every schema, or of SCHEMA
#   make restore SCHEMA=user FILE=<key>|latest [ARGS=...]  a signed restore; waits for the answer, printing its steps
#                                                          (ARGS: --no-safety-backup --force --target DB --as-of ...)
#   make verify SCHEMA=user FILE=<key>|latest              the manual's restore test: into a scratch database,
#                                                          row counts compared with the backup's
#   make pitr SCHEMA=user TO=<time> [DATABASE=...]         point-in-time recovery of a schema to TO (ISO-8601, or
#                                                          -5m / -1h before now); waits, prints recoveredTo
#   make pitr CLUSTER=main TO=<time>                       the whole cluster recovered to TO into a data directory
#                                                          (prints it and the next steps)
#   make basebackup CLUSTER=main                           a MANUAL base backup of a cluster; waits for the answer
#   make restore-all [DATABASE=...] [ARGS=...]             every configured schema, through the catalog, followed to
#                                                          the end (ARGS: --as-of ISO --target DB --verify ...)
#   make status                                            the catalog's ✓ / ✗ per schema
#   make list [SCHEMA=user] [ARGS=--limit 50]              the catalog's backups, newest first, with their keys
#   make follow [SCHEMA=user]                              live events and progress bars, until Ctrl-C
#   make reconcile [DATABASE=...] [ARGS=--json]            catalog vs primary vs offsite store (offsite-replicator jar)
#   make backupctl                                         (re)build the CLI's jar
#
# Kafka login, signing key and catalog come from the environment or .run/ (backupctl --help).

JAR := backupctl/target/backupctl.jar
BACKUPCTL := java -jar $(JAR)
SCHEMA ?= all
DATABASE ?=
ARGS ?=
database_option = $(if $(DATABASE),--database $(DATABASE))
schema_option = $(if $(filter-out all,$(SCHEMA)),--schema $(SCHEMA))
schema_argument = $(if $(filter-out all,$(SCHEMA)),$(SCHEMA))

.PHONY: backup restore verify pitr basebackup restore-all status list follow reconcile backupctl

backup: $(JAR)
	$(BACKUPCTL) backup $(SCHEMA) $(database_option) $(ARGS)

restore: $(JAR)
	@test -n "$(FILE)" && test "$(SCHEMA)" != all \
	  || { echo "usage: make restore SCHEMA=<schema> FILE=<key>|latest [ARGS=...]" >&2; exit 64; }
	$(BACKUPCTL) restore $(SCHEMA) $(FILE) $(database_option) $(ARGS)

verify: $(JAR)
	@test -n "$(FILE)" && test "$(SCHEMA)" != all \
	  || { echo "usage: make verify SCHEMA=<schema> FILE=<key>|latest [ARGS=...]" >&2; exit 64; }
	$(BACKUPCTL) verify $(SCHEMA) $(FILE) $(database_option) $(ARGS)

pitr: $(JAR)
	@test -n "$(TO)" && { test -n "$(CLUSTER)" || test "$(SCHEMA)" != all; } \
	  || { echo "usage: make pitr SCHEMA=<schema> TO=<time> [DATABASE=...] | make pitr CLUSTER=<name> TO=<time>" >&2; exit 64; }
	$(BACKUPCTL) pitr $(if $(CLUSTER),--cluster $(CLUSTER),--schema $(SCHEMA) $(database_option)) --to $(TO) $(ARGS)

basebackup: $(JAR)
	@test -n "$(CLUSTER)" || { echo "usage: make basebackup CLUSTER=<name> [ARGS=...]" >&2; exit 64; }
	$(BACKUPCTL) basebackup --cluster $(CLUSTER) $(ARGS)

restore-all: $(JAR)
	$(BACKUPCTL) restore-all $(database_option) $(ARGS)

status: $(JAR)
	$(BACKUPCTL) status $(ARGS)

list: $(JAR)
	$(BACKUPCTL) list $(schema_argument) $(database_option) $(ARGS)

follow: $(JAR)
	$(BACKUPCTL) follow $(schema_option) $(database_option) $(ARGS)

reconcile: $(JAR)
	$(BACKUPCTL) reconcile $(database_option) $(ARGS)

backupctl:
	./mvnw -B -q -pl backupctl -am install -DskipTests

$(JAR):
	./mvnw -B -q -pl backupctl -am install -DskipTests
