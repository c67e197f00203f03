package io.siyu.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/** Pax Exam options shared by the container tests; runs on the host side. */
final class ExamOptions {
    static final String VERSION = System.getProperty("siyu.version", "0.1.0-SNAPSHOT");
    static final String KARAF_VERSION = System.getProperty("karaf.version", "4.4.9");
    static final File DISTRIBUTION_DIR = new File(System.getProperty("siyu.distribution.dir", "../distribution/target"));
    static final String FEATURES_URL = "mvn:io.siyu/siyu-features/" + VERSION + "/xml/features";

    private ExamOptions() {
    }

    /** Plain Apache Karaf, able to resolve Siyu's bundles from the distribution's system/ folder. */
    static List<Option> plainKaraf() {
        List<Option> options = common();
        options.add(karafDistributionConfiguration()
                .frameworkUrl(maven("org.apache.karaf", "apache-karaf", KARAF_VERSION).type("tar.gz"))
                .karafVersion(KARAF_VERSION).name("Apache Karaf").unpackDirectory(new File("target/exam"))
                .useDeployFolder(false));
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories",
                systemRepository() + ",file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots"));
        return options;
    }

    /** The Siyu distribution as built by this reactor. */
    static List<Option> distribution() {
        List<Option> options = common();
        File tarGz = new File(DISTRIBUTION_DIR, "siyu-distribution-" + VERSION + ".tar.gz");
        options.add(karafDistributionConfiguration().frameworkUrl("file:" + tarGz.getAbsolutePath())
                .karafVersion(KARAF_VERSION).name("Siyu").unpackDirectory(new File("target/exam"))
                .useDeployFolder(false));
        return options;
    }

    private static String systemRepository() {
        return "file:" + new File(DISTRIBUTION_DIR, "assembly/system").getAbsolutePath() + "@id=siyu.system@snapshots";
    }

    private static List<Option> common() {
        int http = freePort();
        List<Option> options = new ArrayList<>();
        options.add(configureConsole().ignoreLocalConsole());
        options.add(logLevel(LogLevel.WARN));
        if (Boolean.getBoolean("it.keep")) {
            // -Dit.keep=true keeps target/exam/<id>/ (its data/log/karaf.log) after the run, to read a failure
            options.add(org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder());
        }
        options.add(systemProperty("siyu.it.http.port").value(Integer.toString(http)));
        // How long the probe's extender waits for Pax Exam's invoker, and injection for services: the
        // 10 s defaults are too short on a loaded 2-core machine, where a miss hangs the test for good.
        options.add(systemProperty("org.ops4j.pax.exam.raw.extender.intern.Parser.DEFAULT_TIMEOUT").value("120000"));
        options.add(systemProperty("pax.exam.service.timeout").value("120000"));
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(http)));
        options.add(editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort())));
        options.add(editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(freePort())));
        options.add(editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(freePort())));
        String localRepo = System.getProperty("org.ops4j.pax.url.mvn.localRepository");
        if (localRepo != null) {
            options.add(editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepo));
        }
        return options;
    }

    /** Ports handed out by this JVM: two containers must never be given the same one. */
    private static final java.util.Set<Integer> GIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port nothing listens on, for a container to bind seconds later. Taken below the kernel's
     * ephemeral range (Linux 32768–60999), where the system's own picks (port 0) come from: an
     * outgoing connection made meanwhile took such a port once, and Karaf could not start
     * ("Failed to bind"). Above 22000, clear of Pax Exam's RMI ports (21000–21099).
     */
    static int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = random.nextInt(22000, 32000);
            if (!GIVEN.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port)) {
                return port;
            } catch (IOException busy) {
                // someone listens there: try another
            }
        }
        throw new IllegalStateException("no free port between 22000 and 32000");
    }
}
