package io.siyu.core.internal;

import io.siyu.api.UnavailableException;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeSchemaService;
import io.siyu.api.customer.ImportJob;
import io.siyu.api.customer.ImportOptions;
import io.siyu.api.customer.ImportService;
import io.siyu.api.customer.TagService;
import io.siyu.api.org.Caller;
import io.siyu.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Customer CSV imports. Jobs run on two background threads (the machine's other work goes on) and
 * live in this node's memory: their status is asked of the node that runs them.
 */
@Component(service = ImportService.class)
public final class ImportServiceImpl implements ImportService {
    /** Finished jobs kept for status queries; the oldest go first. */
    static final int KEEP_FINISHED = 100;

    private final Store store;
    private final AttributeSchemaService attributes;
    private final TagService tags;
    private final Clock clock;
    private final ExecutorService workers;
    private final Map<String, CustomerImportRun> jobs = new ConcurrentHashMap<>();

    @Activate
    public ImportServiceImpl(@Reference Store store, @Reference AttributeSchemaService attributes, @Reference TagService tags) {
        this(store, attributes, tags, Clock.systemUTC());
    }

    ImportServiceImpl(Store store, AttributeSchemaService attributes, TagService tags, Clock clock) {
        this.store = store;
        this.attributes = attributes;
        this.tags = tags;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "siyu-import-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void close() {
        workers.shutdownNow();
    }

    private Map<String, AttributeDefinition> schema() {
        return attributes.list().stream().collect(Collectors.toMap(AttributeDefinition::name, d -> d));
    }

    private CustomerImportRun prepare(Caller caller, Path csv, ImportOptions options) {
        Scopes.requireAll(caller);
        ImportOptions o = options == null ? ImportOptions.defaults() : options;
        Map<String, AttributeDefinition> schema = schema();
        try {
            CustomerImportRun.check(csv, schema);
            CustomerImportRun run = new CustomerImportRun(UUID.randomUUID().toString(), o, store, schema,
                    new ImportTags(tags), clock, csv);
            forgetOldJobs();
            jobs.put(run.snapshot().id(), run);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + csv + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public ImportJob start(Caller caller, Path csv, ImportOptions options, boolean deleteWhenDone) {
        CustomerImportRun run;
        try {
            run = prepare(caller, csv, options);
        } catch (RuntimeException refused) {
            if (deleteWhenDone) {
                deleteQuietly(csv);
            }
            throw refused;
        }
        try {
            workers.submit(() -> {
                try {
                    run.run();
                    saveReport(run);
                } finally {
                    if (deleteWhenDone) {
                        deleteQuietly(csv);
                    }
                }
            });
        } catch (RejectedExecutionException stopping) {
            throw new UnavailableException("the import service is stopping");
        }
        return run.snapshot();
    }

    @Override
    public ImportJob run(Caller caller, Path csv, ImportOptions options) {
        CustomerImportRun run = prepare(caller, csv, options);
        run.run();
        saveReport(run);
        return run.snapshot();
    }

    /** Keeps the final report where every node can read it; a failure here must not hide the import's own outcome. */
    private void saveReport(CustomerImportRun run) {
        try {
            ImportReports.save(store.settings(), run.snapshot());
        } catch (RuntimeException e) {
            java.util.logging.Logger.getLogger(ImportServiceImpl.class.getName())
                    .warning(() -> "Siyu import report " + run.snapshot().id() + " not kept: " + e);
        }
    }

    @Override
    public Optional<ImportJob> job(String id) {
        if (id == null) {
            return Optional.empty();
        }
        CustomerImportRun run = jobs.get(id);
        if (run != null) {
            return Optional.of(run.snapshot());
        }
        // run by another node, or by this one before a restart: its final report, if it finished
        return id.matches("[0-9a-f-]{36}") ? ImportReports.load(store.settings(), id) : Optional.empty();
    }

    @Override
    public List<ImportJob> jobs() {
        return jobs.values().stream().map(CustomerImportRun::snapshot)
                .sorted(Comparator.comparing(ImportJob::startedAt).reversed()).toList();
    }

    private void forgetOldJobs() {
        List<ImportJob> finished = jobs().stream().filter(ImportJob::finished).toList();
        for (int i = KEEP_FINISHED - 1; i < finished.size(); i++) {
            jobs.remove(finished.get(i).id());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary upload left behind is harmless; the OS cleans its temp dir
        }
    }
}
