# One image pattern for the five services: docker build --build-arg SERVICE=<module> -f docker/service.Dockerfile .
# (docker-compose.yml does this for each). It copies the exec jar Maven already built
# (./mvnw -B package -DskipTests), so building an image downloads no Java dependency a second time.
#
#   - JRE 17 (eclipse-temurin, Ubuntu)
#   - PostgreSQL 15 client tools from the PGDG repository of the base image's Ubuntu release: pg_dump must be at
#     least the server's major version, and the restore-worker relies on the restricted mode of >= 15.14 (checked)
#   - redis-server for the restore-worker only (it loads Redis snapshots in a throw-away server during a VERIFY drill)
#     and the PostgreSQL 15 server programs (postgres, pg_ctl, pg_controldata: a point-in-time recovery runs a
#     throw-away server; no cluster is created in the image)
#   - a non-root user; a HEALTHCHECK on /actuator/health
FROM eclipse-temurin:17-jre

ARG SERVICE
ARG SERVER_PORT=8080
ARG PG_MAJOR=15

SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN [[ -n "${SERVICE}" ]] || { echo "--build-arg SERVICE=<module> is required" >&2; exit 1; }

# Shared by all five images (one layer): the PGDG repository and postgresql-client-15.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates curl gnupg \
 && install -d -m 0755 /usr/share/postgresql-common/pgdg \
 && curl -fsSL https://www.postgresql.org/media/keys/ACCC4CF8.asc \
      -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc \
 && . /etc/os-release \
 && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" \
      > /etc/apt/sources.list.d/pgdg.list \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "postgresql-client-${PG_MAJOR}" \
 && rm -rf /var/lib/apt/lists/*
RUN version="$(pg_dump --version | awk '{print $3}')"; echo "pg_dump ${version}"; \
    if [[ "${version%%.*}" != "${PG_MAJOR}" ]] || (( ${version#*.} < 14 )); then \
      echo "pg_dump ${version:-missing}: need ${PG_MAJOR}.14 or later" >&2; exit 1; \
    fi

RUN if [[ "${SERVICE}" == restore-worker ]]; then \
      apt-get update \
      && install -d /etc/postgresql-common/createcluster.d \
      && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/no-main-cluster.conf \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server \
         "postgresql-${PG_MAJOR}" \
      && rm -rf /var/lib/apt/lists/*; \
    fi

RUN useradd --system --uid 10001 --home-dir /app --create-home --shell /usr/sbin/nologin backup
WORKDIR /app

# Exactly one exec jar per module (target/<module>-<version>-exec.jar).
COPY ${SERVICE}/target/${SERVICE}-*-exec.jar /app/app.jar

ENV SERVICE=${SERVICE} \
    SERVER_PORT=${SERVER_PORT}
USER 10001
EXPOSE ${SERVER_PORT}

HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=5 \
  CMD curl -fsS "http://127.0.0.1:${SERVER_PORT}/actuator/health" >/dev/null || exit 1

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/app.jar"]
