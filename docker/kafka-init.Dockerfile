# The image of docker-compose.yml's kafka-init job: a JDK (Provision.java runs as a single-file source program, which
# needs the compiler the apache/kafka image's JRE lacks) with the Kafka client libraries of the broker's own image.
# Nothing else: the program, the ACL file and the script are mounted from the repository (infra/, ops/compose/kafka/),
# so there is one list of principals and ACLs. Build context: docker/ (nothing from it is copied).
ARG KAFKA_IMAGE=apache/kafka:4.1.2
FROM ${KAFKA_IMAGE} AS kafka

FROM eclipse-temurin:17-jdk
COPY --from=kafka /opt/kafka/libs /opt/kafka/libs
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin provision
USER 10001
ENTRYPOINT ["/bin/bash", "/compose/kafka/provision.sh"]
