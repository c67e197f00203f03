package io.siyu.api.system;

/** UP when the node can serve customers, DOWN otherwise. */
public enum HealthStatus {
    UP,
    DOWN
}
