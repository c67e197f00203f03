package io.siyu.core.internal.edition;

import java.util.function.Consumer;

/**
 * Where the problems found in an edition's resources go, each named by file and path
 * ({@code SIYU-INF/roles.json roles[2].permissions[0]: ...}). A problem means the entry it names is
 * skipped; it never takes the edition or the other entries down.
 */
final class Problems {
    private final String file;
    private final Consumer<String> sink;
    private int count;

    Problems(String file, Consumer<String> sink) {
        this.file = file;
        this.sink = sink;
    }

    /** The same sink for another file. */
    Problems forFile(String otherFile) {
        return new Problems(otherFile, sink);
    }

    void report(String path, String message) {
        count++;
        sink.accept(file + " " + (path.isEmpty() ? "(top level)" : path) + ": " + message);
    }

    int count() {
        return count;
    }
}
