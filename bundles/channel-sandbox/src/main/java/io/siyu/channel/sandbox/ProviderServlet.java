package io.siyu.channel.sandbox;

import java.nio.file.Path;

/**
 * A whiteboard servlet over one {@link ProviderSimulator} that its DS component starts on
 * activation and closes on deactivation (the DS annotations stay on the component).
 */
public abstract class ProviderServlet extends SimulatorServlet {
    private static final long serialVersionUID = 1L;

    private transient volatile ProviderSimulator<?> simulator;

    protected void start(ProviderSimulator<?> s) {
        simulator = s;
    }

    /** Closes the simulator, which writes its state file. */
    protected void stop() {
        ProviderSimulator<?> s = simulator;
        simulator = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    protected Simulator simulator() {
        return simulator;
    }

    /** The configured state file: null when blank (memory only); a relative path is under {@code dataDir}. */
    protected static Path stateFile(String configured, String dataDir) {
        if (configured == null || configured.isBlank()) {
            return null;
        }
        Path file = Path.of(configured.strip());
        return !file.isAbsolute() && dataDir != null ? Path.of(dataDir).resolve(file) : file;
    }
}
