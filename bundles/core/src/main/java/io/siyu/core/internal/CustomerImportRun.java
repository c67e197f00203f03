package io.siyu.core.internal;

import io.siyu.api.FieldError;
import io.siyu.api.SiyuException;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.ImportJob;
import io.siyu.api.customer.ImportMode;
import io.siyu.api.customer.ImportOptions;
import io.siyu.api.customer.ImportProblem;
import io.siyu.api.customer.ImportState;
import io.siyu.store.CustomerImports;
import io.siyu.store.Store;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One customer import: reads the CSV as a stream, validates every row, and hands valid rows to the
 * store in chunks of {@link #CHUNK} (one transaction each). Progress is readable from other threads
 * at any time through {@link #snapshot()}.
 */
final class CustomerImportRun {
    static final int CHUNK = 1000;
    private static final Logger LOG = Logger.getLogger(CustomerImportRun.class.getName());

    private final String id;
    private final ImportOptions options;
    private final Store store;
    private final Map<String, AttributeDefinition> schema;
    private final ImportTags tags;
    private final Clock clock;
    private final Path file;
    private final long size;
    private final Instant startedAt;

    private volatile ImportState state = ImportState.RUNNING;
    private volatile long rowsRead;
    private volatile long written;
    /** Rows refused by validation (reading thread) and by the store (writing thread); failed = both. */
    private volatile long invalid;
    private volatile long conflicts;
    private volatile long created;
    private volatile long updated;
    private volatile long problemCount;
    private final List<ImportProblem> problems = new ArrayList<>();
    private volatile String message = "";
    private volatile long bytesRead;
    private volatile int pass;
    private volatile int passes = 1;
    private volatile Instant finishedAt;

    CustomerImportRun(String id, ImportOptions options, Store store, Map<String, AttributeDefinition> schema,
            ImportTags tags, Clock clock, Path file) throws IOException {
        this.id = id;
        this.options = options;
        this.store = store;
        this.schema = schema;
        this.tags = tags;
        this.clock = clock;
        this.file = file;
        this.size = Files.size(file);
        this.startedAt = now();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Refuses a file whose header the importer cannot use or whose quoting is broken, naming the row
     * and column, before any job starts: such a file would fail late or lose data silently.
     */
    static void check(Path file, Map<String, AttributeDefinition> schema) throws IOException {
        try (CsvReader csv = reader(Files.newInputStream(file))) {
            List<String> header = csv.next();
            if (header == null) {
                throw new ValidationException(FieldError.of("row 1", "the file is empty; the first row must be the header ("
                        + ImportColumns.HINT + ")"));
            }
            ImportColumns.parse(header, schema);
            while (csv.next() != null) {
                // reading is the check
            }
        } catch (CsvReader.FormatException e) {
            throw new ValidationException(FieldError.of("row " + e.record() + ", column " + e.column(), e.problem()));
        } catch (CharacterCodingException e) {
            throw new ValidationException(FieldError.of("body", "the file is not UTF-8 text"));
        }
    }

    private static CsvReader reader(InputStream in) {
        // A reporting decoder: bytes that are not UTF-8 fail the import rather than become U+FFFD.
        return new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()));
    }

    ImportJob snapshot() {
        List<ImportProblem> firstProblems;
        synchronized (problems) {
            firstProblems = List.copyOf(problems);
        }
        int percent;
        if (state != ImportState.RUNNING) {
            percent = state == ImportState.DONE ? 100 : percentRead();
        } else {
            percent = Math.min(99, percentRead());
        }
        return new ImportJob(id, options, state, rowsRead, written, failed(), created, updated, percent, firstProblems,
                problemCount, message, startedAt, finishedAt);
    }

    private long failed() {
        return invalid + conflicts;
    }

    private int percentRead() {
        if (size <= 0) {
            return -1;
        }
        return (int) ((pass * size + Math.min(bytesRead, size)) * 100 / (passes * size));
    }

    /** Runs the import to its end; never throws, the outcome is in the state and message. */
    void run() {
        try {
            boolean write = !options.dryRun();
            if (write && options.abortOnError()) {
                // every row is checked before the first is written, so a refusal stores nothing
                passes = 2;
                readAll(false);
                if (failed() > 0) {
                    finish(ImportState.FAILED, "refused: " + failed() + " of " + rowsRead
                            + " rows have problems and onError=abort; nothing was stored");
                    return;
                }
                resetCounts();
                pass = 1;
            }
            readAll(write);
            finish(ImportState.DONE, "");
        } catch (CsvReader.FormatException e) {
            finish(ImportState.FAILED, "malformed CSV at " + e.getMessage() + "; rows before it were imported");
        } catch (CharacterCodingException e) {
            finish(ImportState.FAILED, "the file is not UTF-8 text (near row " + (rowsRead + 2) + ")");
        } catch (SiyuException e) {
            finish(ImportState.FAILED, "stopped: " + e.getMessage() + "; " + written + " rows stored before");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Siyu customer import " + id + " failed", e);
            finish(ImportState.FAILED, "stopped: " + e + "; " + written + " rows stored before");
        }
    }

    private void finish(ImportState end, String why) {
        message = why;
        finishedAt = now();
        state = end;
    }

    private void resetCounts() {
        rowsRead = 0;
        written = 0;
        invalid = 0;
        conflicts = 0;
        created = 0;
        updated = 0;
        bytesRead = 0;
        synchronized (problems) {
            problemCount = 0;
            problems.clear();
        }
    }

    /**
     * Reads and validates on this thread while the previous chunk is written on another, so the two
     * costs overlap; at most one chunk waits, which bounds memory.
     */
    private void readAll(boolean write) throws IOException {
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "siyu-import-writer-" + id));
        Future<?> pending = null;
        try (CsvReader csv = reader(new Counting(Files.newInputStream(file)))) {
            ImportRows rows = new ImportRows(ImportColumns.parse(csv.next(), schema), schema, tags, options.createTags());
            List<CustomerImports.Row> chunk = new ArrayList<>(CHUNK);
            List<ImportProblem> rowProblems = new ArrayList<>();
            for (List<String> record = csv.next(); record != null; record = csv.next()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IOException("interrupted (the node is stopping)");
                }
                rowsRead++;
                rowProblems.clear();
                CustomerDraft draft = rows.convert(csv.record(), record, rowProblems);
                if (draft == null) {
                    invalid++;
                    rowProblems.forEach(this::problem);
                    continue;
                }
                chunk.add(new CustomerImports.Row(csv.record(), write ? withCreatedTags(draft) : draft));
                if (chunk.size() == CHUNK) {
                    await(pending);
                    List<CustomerImports.Row> full = chunk;
                    pending = writer.submit(() -> flush(full, write));
                    chunk = new ArrayList<>(CHUNK);
                }
            }
            await(pending);
            pending = null;
            flush(chunk, write);
        } finally {
            if (pending != null) {
                pending.cancel(false);
            }
            writer.shutdown();
        }
    }

    /** Waits for the chunk being written; its failure is this run's failure. */
    private static void await(Future<?> pending) throws IOException {
        if (pending == null) {
            return;
        }
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted (the node is stopping)", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Creates the tags a valid row names that are new (createTags=true) and puts their real ids in. */
    private CustomerDraft withCreatedTags(CustomerDraft draft) {
        if (draft.tagIds().stream().noneMatch(ImportTags::placeholder)) {
            return draft;
        }
        Set<Long> ids = new HashSet<>();
        for (long t : draft.tagIds()) {
            ids.add(ImportTags.placeholder(t) ? tags.created(t) : t);
        }
        return new CustomerDraft(draft.displayName(), draft.identities(), ids, draft.attributes());
    }

    private void flush(List<CustomerImports.Row> chunk, boolean write) {
        if (chunk.isEmpty()) {
            return;
        }
        List<CustomerImports.Result> results;
        try {
            results = store.customerImports().importChunk(chunk, options.mode() == ImportMode.UPSERT, write, now());
        } catch (SiyuException e) {
            // nothing of the chunk was stored: its rows count as failed, and the job stops here
            conflicts += chunk.size();
            problem(new ImportProblem(chunk.get(0).row(), "", "rows " + chunk.get(0).row() + " to "
                    + chunk.get(chunk.size() - 1).row() + " were not stored: " + e.getMessage()));
            chunk.clear();
            throw e;
        }
        for (CustomerImports.Result r : results) {
            switch (r.outcome()) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case CONFLICT -> {
                    conflicts++;
                    problem(new ImportProblem(r.row(), "", r.message()));
                }
                default -> throw new IllegalStateException(r.outcome().name());
            }
        }
        written = created + updated;
        chunk.clear();
    }

    private void problem(ImportProblem p) {
        synchronized (problems) {
            problemCount++;
            if (problems.size() < ImportJob.MAX_PROBLEMS) {
                problems.add(p);
            }
        }
    }

    /** Counts the bytes read, for the percentage of a file of known size. */
    private final class Counting extends FilterInputStream {
        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytesRead++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                bytesRead += n;
            }
            return n;
        }
    }
}
