# Image for users who build with Docker (or Podman, Buildah, kaniko). Build the jar first:
#   mvn -B package -DskipTests
#   docker build -t ghcr.io/oms-datasource/oms-datasource-operator:0.1.0-SNAPSHOT .
# Without a container engine, `mvn -B -Pimage package -DskipTests` builds an equivalent image
# (same reference, user, ports and main class; FROM scratch with a jlink'd JRE) as an OCI tarball,
# target/jib-image.tar, with Jib.
#
# distroless java17 :nonroot: a JRE, CA certificates and glibc, no shell; user 65532 (nonroot),
# the UID the Helm chart runs as.
ARG BASE_IMAGE=gcr.io/distroless/java17-debian12:nonroot
FROM ${BASE_IMAGE}

LABEL org.opencontainers.image.title="oms-datasource-operator" \
      org.opencontainers.image.description="Kubernetes operator that manages OceanBase Migration Service PolarDB-X 1.0 data sources"

COPY --chown=65532:65532 target/oms-datasource-operator.jar /app/oms-datasource-operator.jar

USER 65532:65532
WORKDIR /tmp
# 8080: /metrics (METRICS_PORT); 8081: /healthz and /readyz (HEALTH_PORT).
EXPOSE 8080 8081

ENTRYPOINT ["/usr/bin/java", "-Dfile.encoding=UTF-8", "-jar", "/app/oms-datasource-operator.jar"]
