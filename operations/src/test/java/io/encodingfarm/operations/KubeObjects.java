package io.encodingfarm.operations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Reading rendered Kubernetes objects (SnakeYAML maps) without a cast on every line. */
final class KubeObjects {
    private KubeObjects() {
    }

    /** The map at a path of keys, or an empty map where the path does not exist. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object from, String... path) {
        Object at = at(from, path);
        return at instanceof Map ? (Map<String, Object>) at : Map.of();
    }

    /** The list at a path of keys, or an empty list. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object from, String... path) {
        Object at = at(from, path);
        return at instanceof List ? (List<Object>) at : List.of();
    }

    static String string(Object from, String... path) {
        Object at = at(from, path);
        return at == null ? null : at.toString();
    }

    static Object at(Object from, String... path) {
        Object at = from;
        for (String key : path) {
            if (!(at instanceof Map<?, ?> m)) return null;
            at = m.get(key);
        }
        return at;
    }

    static String kind(Object object) {
        return string(object, "kind");
    }

    static String name(Object object) {
        return string(object, "metadata", "name");
    }

    static String id(Object object) {
        return kind(object) + "/" + name(object);
    }

    /** The pod template's spec of a workload (Deployment, StatefulSet, Job, CronJob), else null. */
    static Map<String, Object> podSpec(Object object) {
        return switch (Objects.requireNonNullElse(kind(object), "")) {
            case "Deployment", "StatefulSet", "Job" -> map(object, "spec", "template", "spec");
            case "CronJob" -> map(object, "spec", "jobTemplate", "spec", "template", "spec");
            default -> null;
        };
    }

    static Map<String, Object> podLabels(Object object) {
        return "CronJob".equals(kind(object)) ? map(object, "spec", "jobTemplate", "spec", "template", "metadata", "labels")
                : map(object, "spec", "template", "metadata", "labels");
    }

    /** Containers and init containers. */
    static List<Map<String, Object>> containers(Map<String, Object> podSpec) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (String field : List.of("initContainers", "containers")) {
            for (Object c : list(podSpec, field)) all.add(map(c));
        }
        return all;
    }

    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty() && selector.entrySet().stream().allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
    }
}
