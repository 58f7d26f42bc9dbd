package io.encodingfarm.operations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a parsed YAML object against a Kubernetes-style structural schema (the subset of OpenAPI v3
 * CRDs use): type, properties, required, additionalProperties, items, enum, pattern, minimum,
 * maximum, minItems, minLength, x-kubernetes-preserve-unknown-fields, x-kubernetes-int-or-string,
 * and {@code $ref: name} into the file's {@code definitions}. Unlike an API server, a field the schema
 * does not list is an error, not pruned: that is how a typo shows.
 */
final class StructuralSchema {
    private final Map<String, Object> root;
    private final Map<String, Object> definitions;

    StructuralSchema(Map<String, Object> root, Map<String, Object> definitions) {
        this.root = root;
        this.definitions = definitions == null ? Map.of() : definitions;
    }

    /** Every violation, each as "path: what is wrong"; empty when the value conforms. */
    List<String> violations(Object value) {
        List<String> out = new ArrayList<>();
        check(root, value, "", out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private void check(Map<String, Object> schema, Object value, String path, List<String> out) {
        if (schema.containsKey("$ref")) {
            Object target = definitions.get(schema.get("$ref"));
            if (!(target instanceof Map)) throw new IllegalArgumentException("schema refers to unknown definition " + schema.get("$ref"));
            check((Map<String, Object>) target, value, path, out);
            return;
        }
        String where = path.isEmpty() ? "(root)" : path;
        if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
            if (!(value instanceof String || value instanceof Integer || value instanceof Long)) {
                out.add(where + ": expected an integer or a string, got " + describe(value));
            }
            return;
        }
        String type = (String) schema.get("type");
        if (type != null && !hasType(value, type)) {
            out.add(where + ": expected " + type + ", got " + describe(value));
            return;
        }
        if (schema.containsKey("enum") && !((List<Object>) schema.get("enum")).contains(value)) {
            out.add(where + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (value instanceof String s) {
            if (schema.containsKey("pattern") && !Pattern.compile((String) schema.get("pattern")).matcher(s).find()) {
                out.add(where + ": '" + s + "' does not match " + schema.get("pattern"));
            }
            if (schema.containsKey("minLength") && s.length() < ((Number) schema.get("minLength")).intValue()) {
                out.add(where + ": shorter than " + schema.get("minLength"));
            }
        }
        if (value instanceof Number n) {
            if (schema.containsKey("minimum") && n.doubleValue() < ((Number) schema.get("minimum")).doubleValue()) {
                out.add(where + ": " + n + " is below the minimum " + schema.get("minimum"));
            }
            if (schema.containsKey("maximum") && n.doubleValue() > ((Number) schema.get("maximum")).doubleValue()) {
                out.add(where + ": " + n + " is above the maximum " + schema.get("maximum"));
            }
        }
        if (value instanceof List<?> list) {
            if (schema.containsKey("minItems") && list.size() < ((Number) schema.get("minItems")).intValue()) {
                out.add(where + ": needs at least " + schema.get("minItems") + " items");
            }
            if (schema.get("items") instanceof Map<?, ?> items) {
                for (int i = 0; i < list.size(); i++) check((Map<String, Object>) items, list.get(i), path + "[" + i + "]", out);
            }
        }
        if (value instanceof Map<?, ?> map) checkObject(schema, (Map<String, Object>) map, path, out);
    }

    @SuppressWarnings("unchecked")
    private void checkObject(Map<String, Object> schema, Map<String, Object> map, String path, List<String> out) {
        for (Object required : (List<Object>) schema.getOrDefault("required", List.of())) {
            if (!map.containsKey(required.toString())) out.add((path.isEmpty() ? "(root)" : path) + ": missing required field '" + required + "'");
        }
        Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
        boolean preserve = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"));
        Object additional = schema.get("additionalProperties");
        for (Map.Entry<String, Object> field : map.entrySet()) {
            String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (properties.get(field.getKey()) instanceof Map<?, ?> fieldSchema) {
                check((Map<String, Object>) fieldSchema, field.getValue(), fieldPath, out);
            } else if (additional instanceof Map<?, ?> additionalSchema) {
                check((Map<String, Object>) additionalSchema, field.getValue(), fieldPath, out);
            } else if (!preserve && !Boolean.TRUE.equals(additional)) {
                out.add(fieldPath + ": unknown field (allowed: " + properties.keySet() + ")");
            }
        }
    }

    private static boolean hasType(Object value, String type) {
        return switch (type) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "integer" -> value instanceof Integer || value instanceof Long;
            case "number" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            default -> throw new IllegalArgumentException("schema type '" + type + "' is not supported");
        };
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }
}
