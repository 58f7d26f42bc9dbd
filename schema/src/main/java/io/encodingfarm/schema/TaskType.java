package io.encodingfarm.schema;

public enum TaskType {
    EXTRACTION, FIT
}
