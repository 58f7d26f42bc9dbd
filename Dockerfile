# One build, one image per service as a build target (docker-compose.yml and k8s pick them):
#   farm (default, the CLI: submit/status/report), gpu-worker, gpu-worker-cuda, fit-worker, reporter,
#   lag-exporter. Every target holds the same jars; a target only fixes what runs.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -q package dependency:build-classpath -Dmaven.test.skip=true -pl dispatcher -am \
      -Dmdep.outputFile=/src/dispatcher/target/farm.classpath -Dmdep.includeScope=runtime \
 && mkdir -p /app/lib \
 && cp $(tr ':' ' ' < dispatcher/target/farm.classpath) /app/lib/ \
 && cp dispatcher/target/dispatcher-*.jar /app/lib/

FROM eclipse-temurin:17-jre AS runtime
RUN useradd --system --uid 10001 farm && mkdir -p /tmp/encoding-farm && chown farm /tmp/encoding-farm
COPY --from=build /app/lib /app/lib
USER 10001
# Containers listen on all interfaces (the embedded default binds loopback only).
ENV FARM_HTTP_HOST=0.0.0.0 FARM_HTTP_PORT=8080 FARM_WORK_DIR=/tmp/encoding-farm \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn"
EXPOSE 8080
ENTRYPOINT ["java", "-cp", "/app/lib/*", "io.encodingfarm.dispatcher.Cli"]

FROM runtime AS gpu-worker
CMD ["service", "gpu-worker"]

FROM runtime AS fit-worker
CMD ["service", "fit-worker"]

FROM runtime AS reporter
CMD ["service", "reporter"]

# Needs only Kafka: exports every group's lag and the dead-letter depth, and stays up when KEDA
# has scaled the workers to zero.
FROM runtime AS lag-exporter
ENTRYPOINT ["java", "-cp", "/app/lib/*", "io.encodingfarm.core.runtime.LagExporter"]
CMD []

# Extraction on NVIDIA GPUs. The jars bundle DJL's CPU libtorch 2.7.1 and a JNI for the cu128 flavour;
# this base image brings the matching CUDA libtorch, and the PYTORCH_* variables point DJL at it
# (ai.djl.offline stays true: nothing is downloaded at run time). Not built on the project's machines
# (no Docker there): see docs/operations.md.
FROM pytorch/pytorch:2.7.1-cuda12.8-cudnn9-runtime AS gpu-worker-cuda
RUN apt-get update -q && apt-get install -y -q --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/* \
 && ln -s "$(python -c 'import os, torch; print(os.path.dirname(torch.__file__))')/lib" /opt/libtorch \
 && useradd --system --uid 10001 farm && mkdir -p /tmp/encoding-farm && chown farm /tmp/encoding-farm
COPY --from=build /app/lib /app/lib
USER 10001
ENV FARM_HTTP_HOST=0.0.0.0 FARM_HTTP_PORT=8080 FARM_WORK_DIR=/tmp/encoding-farm \
    PYTORCH_LIBRARY_PATH=/opt/libtorch PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn"
EXPOSE 8080
ENTRYPOINT ["java", "-cp", "/app/lib/*", "io.encodingfarm.dispatcher.Cli"]
CMD ["service", "gpu-worker"]

# The default target: the farm CLI (`docker run IMAGE submit …`); k8s runs every service from it.
FROM runtime AS farm
CMD ["--help"]
