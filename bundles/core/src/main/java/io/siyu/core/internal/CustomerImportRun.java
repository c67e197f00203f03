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
import io.siyu.api.customer.ChannelIdentity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One customer import: reads the CSV as a stream, validates every row, and hands valid rows to the
 * store in chunks of {@link CustomerImports#chunkRows()} (one transaction each). Progress is readable from other threads
 * at any time through {@link #snapshot()}.
 */
final class CustomerImportRun {
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
     * Reads and validates on this thread while earlier chunks are written on others, so the costs
     * overlap. A store with a database server writes several chunks at once in create mode
     * ({@link CustomerImports#parallelWriters()}); they still commit in file order, each after the
     * one before it, so a failed chunk stops the import with nothing after it stored. Chunks in
     * flight together never share an identity: a chunk naming one that an unfinished chunk names
     * waits for it, so rows decide against each other exactly as one after the other would.
     * Results are counted here, in file order. At most {@code writers} chunks wait, which bounds memory.
     */
    private void readAll(boolean write) throws IOException {
        CustomerImports imports = store.customerImports();
        int writers = write && options.mode() == ImportMode.CREATE ? Math.max(1, imports.parallelWriters()) : 1;
        int chunkRows = Math.max(1, imports.chunkRows());
        ExecutorService pool = Executors.newFixedThreadPool(writers, r -> new Thread(r, "siyu-import-writer-" + id));
        Deque<Pending> inFlight = new ArrayDeque<>();
        try (CsvReader csv = reader(new Counting(Files.newInputStream(file)))) {
            ImportRows rows = new ImportRows(ImportColumns.parse(csv.next(), schema), schema, tags, options.createTags());
            List<CustomerImports.Row> chunk = new ArrayList<>(chunkRows);
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
                if (chunk.size() == chunkRows) {
                    submit(pool, inFlight, writers, chunk, write);
                    chunk = new ArrayList<>(chunkRows);
                }
            }
            if (!chunk.isEmpty()) {
                submit(pool, inFlight, writers, chunk, write);
            }
            while (!inFlight.isEmpty()) {
                collect(inFlight.removeFirst());
            }
        } finally {
            // after a failure: the chunks still in flight find their predecessor failed and roll back
            inFlight.forEach(p -> {
                p.committed().complete(false);
                p.result().cancel(false);
            });
            pool.shutdown();
        }
    }

    /** A chunk handed to a writer: its result, and whether it committed (for the chunk after it). */
    private record Pending(List<CustomerImports.Row> rows, Set<ChannelIdentity> identities,
            Future<List<CustomerImports.Result>> result, CompletableFuture<Boolean> committed) {
    }

    private void submit(ExecutorService pool, Deque<Pending> inFlight, int writers, List<CustomerImports.Row> chunk,
            boolean write) throws IOException {
        Set<ChannelIdentity> identities = Set.of();
        if (writers > 1) {
            identities = new HashSet<>();
            for (CustomerImports.Row row : chunk) {
                identities.addAll(row.draft().identities());
            }
            // a chunk sharing an identity with one in flight waits until that one is done
            boolean overlaps = false;
            for (Pending p : inFlight) {
                overlaps |= !Collections.disjoint(p.identities(), identities);
            }
            while (!inFlight.isEmpty() && (overlaps || inFlight.size() >= writers)) {
                collect(inFlight.removeFirst());
                overlaps = false;
                for (Pending p : inFlight) {
                    overlaps |= !Collections.disjoint(p.identities(), identities);
                }
            }
        } else {
            while (!inFlight.isEmpty()) {
                collect(inFlight.removeFirst());
            }
        }
        CompletableFuture<Boolean> before = inFlight.isEmpty() ? CompletableFuture.completedFuture(true)
                : inFlight.getLast().committed();
        CompletableFuture<Boolean> committed = new CompletableFuture<>();
        Future<List<CustomerImports.Result>> result = pool.submit(() -> {
            try {
                List<CustomerImports.Result> r = store(chunk, write, before);
                committed.complete(!r.isEmpty() || chunk.isEmpty());
                return r;
            } catch (RuntimeException | Error e) {
                committed.complete(false);
                throw e;
            }
        });
        inFlight.addLast(new Pending(chunk, identities, result, committed));
    }

    /** Stores one chunk; with writers in parallel it commits only after the chunk before it did. */
    private List<CustomerImports.Result> store(List<CustomerImports.Row> chunk, boolean write,
            CompletableFuture<Boolean> before) {
        boolean upsert = options.mode() == ImportMode.UPSERT;
        if (!write) {
            return store.customerImports().importChunk(chunk, upsert, false, now());
        }
        if (before.isDone() && before.getNow(false)) {
            return store.customerImports().importChunk(chunk, upsert, true, now());
        }
        return store.customerImports().importChunk(chunk, upsert, now(), before);
    }

    /** Waits for a chunk and counts its rows; its failure is this run's failure. */
    private void collect(Pending pending) throws IOException {
        List<CustomerImports.Row> chunk = pending.rows();
        List<CustomerImports.Result> results;
        try {
            results = pending.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted (the node is stopping)", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SiyuException failed) {
                // nothing of the chunk was stored: its rows count as failed, and the job stops here
                conflicts += chunk.size();
                problem(new ImportProblem(chunk.get(0).row(), "", "rows " + chunk.get(0).row() + " to "
                        + chunk.get(chunk.size() - 1).row() + " were not stored: " + failed.getMessage()));
                throw failed;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
        if (results.isEmpty() && !chunk.isEmpty()) {
            // only when the chunk before failed, which collect has reported already
            throw new IllegalStateException("chunk from row " + chunk.get(0).row() + " was rolled back");
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
