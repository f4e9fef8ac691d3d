# The manual's own targets (README, "Operating it"), on the operator CLI backupctl (backupctl/, issue 16).
#
#   make backup [SCHEMA=user] [DATABASE=aquastream]        a MANUAL backup of every schema, or of SCHEMA
#   make restore SCHEMA=user FILE=<key>|latest [ARGS=...]  a signed restore; waits for the answer
#                                                          (ARGS: --verify --no-safety-backup --force --target DB ...)
#   make restore-all [DATABASE=...] [ARGS=...]             every configured schema (bin/request-restore-all for now)
#   make status                                            the catalog's ✓ / ✗ per schema
#   make backupctl                                         (re)build the CLI's jar
#
# Kafka login, signing key and catalog come from the environment or .run/ (backupctl --help).

JAR := backupctl/target/backupctl.jar
BACKUPCTL := java -jar $(JAR)
SCHEMA ?= all
DATABASE ?=
ARGS ?=
database_option = $(if $(DATABASE),--database $(DATABASE))

.PHONY: backup restore restore-all status backupctl

backup: $(JAR)
	$(BACKUPCTL) backup $(SCHEMA) $(database_option) $(ARGS)

restore: $(JAR)
	@test -n "$(FILE)" && test "$(SCHEMA)" != all \
	  || { echo "usage: make restore SCHEMA=<schema> FILE=<key>|latest [ARGS=...]" >&2; exit 64; }
	$(BACKUPCTL) restore $(SCHEMA) $(FILE) $(database_option) $(ARGS)

restore-all:
	bin/request-restore-all $(ARGS) $(DATABASE)

status: $(JAR)
	$(BACKUPCTL) status $(ARGS)

backupctl:
	./mvnw -B -q -pl backupctl -am install -DskipTests

$(JAR):
	./mvnw -B -q -pl backupctl -am install -DskipTests
