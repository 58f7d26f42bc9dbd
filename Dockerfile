# One image for every service: `farm service <name>` picks which one runs (see docker-compose.yml).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -q package dependency:build-classpath -Dmaven.test.skip=true -pl dispatcher -am \
      -Dmdep.outputFile=/src/dispatcher/target/farm.classpath -Dmdep.includeScope=runtime \
 && mkdir -p /app/lib \
 && cp $(tr ':' ' ' < dispatcher/target/farm.classpath) /app/lib/ \
 && cp dispatcher/target/dispatcher-*.jar /app/lib/

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 farm
COPY --from=build /app/lib /app/lib
USER farm
ENV FARM_HTTP_HOST=0.0.0.0 FARM_HTTP_PORT=8080 FARM_WORK_DIR=/tmp/encoding-farm
EXPOSE 8080
ENTRYPOINT ["java", "-cp", "/app/lib/*", "io.encodingfarm.dispatcher.Cli"]
CMD ["--help"]
