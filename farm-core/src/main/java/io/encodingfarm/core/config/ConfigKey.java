package io.encodingfarm.core.config;

/**
 * Every setting a farm service reads. A key {@code farm.s3.endpoint} is set by the system property of
 * that name or by the environment variable {@code FARM_S3_ENDPOINT}; the property wins.
 * Keys without a default must be given (credentials are never defaulted).
 */
public enum ConfigKey {
    KAFKA_BOOTSTRAP_SERVERS("farm.kafka.bootstrap.servers", "127.0.0.1:9092",
            "Kafka bootstrap servers. Extra client settings (SASL, TLS) pass through as farm.kafka.client.<kafka key>."),
    S3_ENDPOINT("farm.s3.endpoint", "http://127.0.0.1:9000", "S3 endpoint URL (MinIO or any S3-compatible server)."),
    S3_ACCESS_KEY("farm.s3.access.key", null, "S3 access key. Required."),
    S3_SECRET_KEY("farm.s3.secret.key", null, "S3 secret key. Required."),
    S3_BUCKET("farm.s3.bucket", "encoding-farm", "The one bucket holding datasets, models, features, fits, sweeps, reports."),
    S3_REGION("farm.s3.region", "us-east-1", "S3 region; set so the client skips a bucket-location lookup."),
    TOPIC_EXTRACT("farm.topic.extract", "farm.extract.v1", "Topic of extraction tasks (consumed by gpu-workers)."),
    TOPIC_FIT("farm.topic.fit", "farm.fit.v1", "Topic of fit tasks (consumed by fit-workers)."),
    TOPIC_EVENTS("farm.topic.events", "farm.events.v1", "Topic of task events (queued/started/succeeded/failed)."),
    TOPIC_DEAD("farm.topic.dead", "farm.dead.v1", "Dead-letter topic: tasks given up on, with reason and input references."),
    TOPIC_PARTITIONS("farm.topic.partitions", "12", "Partitions of the task topics: the most workers of one kind that can share work."),
    HTTP_HOST("farm.http.host", "127.0.0.1", "Interface the health/metrics endpoint binds. Loopback unless deployed in a container."),
    HTTP_PORT("farm.http.port", "0", "Port of the health/metrics endpoint; 0 picks a free one."),
    WORKER_ID("farm.worker.id", "", "Name of this worker in events; empty means host-pid."),
    WORK_DIR("farm.work.dir", System.getProperty("user.home") + "/.cache/encoding-farm",
            "Local scratch directory (model checkpoints downloaded from the store, caches)."),
    TASK_MAX_ATTEMPTS("farm.task.max.attempts", "3", "Attempts of a failing task before it is dead-lettered."),
    TASK_RETRY_BACKOFF_MS("farm.task.retry.backoff.ms", "1000", "First retry delay; doubles with every attempt."),
    TASK_TRANSIENT_RETRY_MS("farm.task.transient.retry.ms", "1800000",
            "How long a task keeps retrying while the store or broker is unreachable before the failure counts as an attempt."),
    TASK_LEASE_MS("farm.task.lease.ms", "60000",
            "Lifetime of a worker's claim on a running task (renewed at a third of it); a dead worker's task is "
                    + "taken over by another worker at most this long after its last renewal."),
    WORKER_SHUTDOWN_GRACE_MS("farm.worker.shutdown.grace.ms", "30000",
            "On SIGTERM, how long a worker lets the task in hand finish before leaving it for redelivery; keep it below "
                    + "the orchestrator's termination grace period."),
    REPORTER_TOKEN("farm.reporter.token", "",
            "Bearer token the reporter's REST API and pages require; empty means no token (loopback use only)."),
    CONSUMER_SESSION_TIMEOUT_MS("farm.consumer.session.timeout.ms", "15000",
            "Kafka session timeout of the workers: how soon a killed worker's partitions move to the others.");

    private final String key;
    private final String defaultValue;
    private final String doc;

    ConfigKey(String key, String defaultValue, String doc) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.doc = doc;
    }

    public String key() {
        return key;
    }

    public String envName() {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }
}
