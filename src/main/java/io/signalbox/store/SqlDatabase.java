package io.signalbox.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.signalbox.config.ResourceDeclarations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profile local's state: one SQLite file (WAL), every declared table in it, written by ONE connection on one
 * thread and read by a few more.
 *
 * <p><b>Writes</b> ({@link #write}) are queued to the writer thread, which takes every write waiting when it gets
 * to them, up to {@code maxBatch}, and runs them in one transaction, each inside a savepoint of its own: a write
 * that fails is rolled back alone and fails alone, the others commit together. So concurrent writers share one
 * commit (group commit), and each write is atomic. Because one connection writes, a write's reads and writes are
 * never interleaved with another's: a read-modify-write (a conditional update, a reservation over several items)
 * needs no locking of its own. A write's future completes once its transaction has committed.
 *
 * <p><b>Reads</b> ({@link #read}) run on the caller's thread on one of the reader connections (WAL lets them read
 * while the writer writes) and see every committed write. With no file ({@code in-memory}) the one connection serves
 * reads too, between the writer's transactions.
 *
 * <p><b>Durability</b>: {@code synchronous=NORMAL} (the default) makes a commit survive the process dying
 * ({@code kill -9}): the OS has it; an OS crash or power loss may lose the last commits, never corrupt the file.
 * {@code synchronous=FULL} flushes every commit to disk, at several times the cost per commit.
 *
 * <p>The file belongs to one process: a lock file beside it keeps a second Signalbox out ({@code sqlite3} may
 * still read it). Tables are those of {@code resources.yaml}, created at open ({@link SqlSchema}); a TTL column's
 * expired rows are deleted every {@code sweepInterval} ({@link #sweep}).
 */
public final class SqlDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqlDatabase.class);
    /** Rows one sweep transaction deletes at most, so a backlog never holds the writer for long. */
    static final int SWEEP_CHUNK = 500;
    /** How often the WAL is checkpointed into the file, off the writer's thread. */
    static final long CHECKPOINT_MILLIS = 250;
    /**
     * The WAL length (pages of 4 KB: 256 MB) at which the writer checkpoints itself. The maintenance thread's
     * checkpoints copy the log into the file without waiting, but only a checkpoint the writer makes between its own
     * transactions lets the next one start the log afresh: without it, a writer that never pauses would grow the log
     * (and the time every read spends searching it) without end. Each such checkpoint stalls the writer for its
     * flushes (tens of ms here), so it comes rarely: StoreBenchmark measured 16 MB, 64 MB and 256 MB; 256 MB made
     * claims 40 % faster than 64 MB. A log that long only builds up under writes that never pause.
     */
    static final int WAL_AUTOCHECKPOINT_PAGES = 65536;

    /**
     * @param file          the database file; null keeps everything in memory
     * @param synchronous   SQLite's {@code synchronous} setting: {@code NORMAL} or {@code FULL}
     * @param maxBatch      writes one transaction takes at most
     * @param readers       reader connections (file only)
     * @param sweepInterval how often expired rows are deleted; zero: never
     */
    public record Options(Path file, String synchronous, int maxBatch, int readers, Duration sweepInterval) {
        public Options {
            synchronous = synchronous == null ? "NORMAL" : synchronous.trim().toUpperCase(Locale.ROOT);
            if (!synchronous.equals("NORMAL") && !synchronous.equals("FULL")) {
                throw new IllegalArgumentException("signalbox.store.synchronous must be NORMAL or FULL, not " + synchronous);
            }
            if (maxBatch < 1) {
                throw new IllegalArgumentException("signalbox.store.max-batch must be at least 1, not " + maxBatch);
            }
            if (readers < 1) {
                throw new IllegalArgumentException("signalbox.store.readers must be at least 1, not " + readers);
            }
        }

        /**
         * From the {@code signalbox.store.*} properties ({@code property} answers a key's value, null when unset);
         * {@code file} null keeps the database in memory.
         */
        public static Options from(Path file, java.util.function.Function<String, String> property) {
            return new Options(file, property.apply("signalbox.store.synchronous"),
                    whole(property, "signalbox.store.max-batch"), whole(property, "signalbox.store.readers"),
                    Duration.ofSeconds(whole(property, "signalbox.store.sweep-interval-seconds")));
        }

        private static int whole(java.util.function.Function<String, String> property, String key) {
            String v = property.apply(key);
            if (v == null || v.isBlank()) {
                throw new IllegalStateException("Property " + key + " is not set");
            }
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number, not '" + v + "'");
            }
        }

        public static Options inMemory() {
            return new Options(null, "NORMAL", 256, 1, Duration.ZERO);
        }

        public static Options file(Path file) {
            return new Options(file, "NORMAL", 256, 4, Duration.ofMinutes(1));
        }
    }

    private final Options options;
    private final String url;
    /** The declared tables and those an adapter declared beside them ({@link #declare}); copied on write. */
    private volatile Map<String, SqlTable> tables;
    private final SqlSession writer;
    private final Thread writerThread;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    /** Completes the futures of {@link #write}, so that what callers chain on them never runs on the writer. */
    private final ExecutorService callbacks;
    private final BlockingQueue<SqlSession> readers;
    private final List<SqlSession> allReaders = new ArrayList<>();
    /** In memory: the one connection, between the writer's transactions and the readers. */
    private final ReentrantLock memory;
    /** The expiry sweeps and (with a file) the checkpoints. */
    private final ScheduledExecutorService maintenance;
    private final SqlSession checkpointer;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Clock clock;
    private final AtomicLong transactions = new AtomicLong();
    private final java.util.concurrent.ConcurrentHashMap<String, Object> shared = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean closing;

    private record Pending<T>(SqlWork<T> work, CompletableFuture<T> result, boolean direct) {
    }

    private SqlDatabase(Options options, Collection<ResourceDeclarations.Table> declared, Clock clock) throws SQLException {
        this.options = options;
        this.clock = clock;
        Map<String, SqlTable> byName = new LinkedHashMap<>();
        for (ResourceDeclarations.Table t : declared) {
            byName.put(t.name(), new SqlTable(t));
        }
        this.tables = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        FileChannel channel = null;
        FileLock held = null;
        if (options.file() != null) {
            try {
                Files.createDirectories(options.file().toAbsolutePath().getParent());
                Path lockFile = options.file().resolveSibling(options.file().getFileName() + ".lock");
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                try {
                    held = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    held = null;
                }
                if (held == null) {
                    channel.close();
                    throw new IllegalStateException("Another Signalbox is using " + options.file().toAbsolutePath()
                            + " (it holds " + lockFile.getFileName() + "): stop it, or give this one another "
                            + "signalbox.data.dir");
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot open the database's lock file beside " + options.file(), e);
            }
            this.url = "jdbc:sqlite:" + options.file().toAbsolutePath();
        } else {
            this.url = "jdbc:sqlite::memory:";
        }
        this.lockChannel = channel;
        this.lock = held;
        try {
            this.writer = new SqlSession(connect(url));
            for (String pragma : writerPragmas(options)) {
                writer.execute("PRAGMA " + pragma);
            }
            new SqlSchema(writer).migrate(byName.values(), clock);
            // the driver's transactions from here on: each commit opens the next (deferred) transaction, and no
            // statement is followed by the driver's check that it ran outside one
            writer.connection().setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            releaseLock();
            throw e;
        }
        if (options.file() != null) {
            this.memory = null;
            this.readers = new ArrayBlockingQueue<>(options.readers());
            for (int i = 0; i < options.readers(); i++) {
                SqlSession reader = new SqlSession(connect(url));
                reader.execute("PRAGMA busy_timeout=5000");
                reader.execute("PRAGMA query_only=1");
                reader.execute("PRAGMA cache_size=-16384");
                readers.add(reader);
                allReaders.add(reader);
            }
        } else {
            this.memory = new ReentrantLock();
            this.readers = null;
        }
        this.callbacks = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "signalbox-store-callback");
            t.setDaemon(true);
            return t;
        });
        this.writerThread = new Thread(this::writeLoop, "signalbox-store-writer");
        writerThread.setDaemon(true);
        writerThread.start();
        boolean sweeps = !options.sweepInterval().isZero();
        if (sweeps || options.file() != null) {
            maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "signalbox-store-maintenance");
                t.setDaemon(true);
                return t;
            });
            if (sweeps) {
                long every = options.sweepInterval().toMillis();
                maintenance.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
            }
        } else {
            maintenance = null;
        }
        if (options.file() != null) {
            // checkpoints (the WAL copied into the file, and its only fsync with synchronous=NORMAL) run here, on a
            // connection of their own, so that no commit of the writer ever waits for one
            checkpointer = new SqlSession(connect(url));
            checkpointer.execute("PRAGMA busy_timeout=5000");
            maintenance.scheduleWithFixedDelay(this::checkpointQuietly, CHECKPOINT_MILLIS, CHECKPOINT_MILLIS,
                    TimeUnit.MILLISECONDS);
        } else {
            checkpointer = null;
        }
    }

    /** Copies what the WAL holds into the file without waiting for readers or the writer (PASSIVE). */
    private void checkpointQuietly() {
        try {
            checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            LOG.debug("Checkpoint failed: {}", e.getMessage());
        }
    }

    /** Opens (creating when missing) the database with the declared tables. */
    public static SqlDatabase open(Options options, Collection<ResourceDeclarations.Table> tables) {
        return open(options, tables, Clock.systemUTC());
    }

    public static SqlDatabase open(Options options, Collection<ResourceDeclarations.Table> tables, Clock clock) {
        try {
            SqlDatabase db = new SqlDatabase(options, tables, clock);
            LOG.info("State in SQLite {} ({} tables, synchronous={})", options.file() == null ? "in memory"
                    : options.file().toAbsolutePath(), tables.size(), options.synchronous());
            return db;
        } catch (SQLException e) {
            throw new StoreException("Cannot open the SQLite database "
                    + (options.file() == null ? "in memory" : options.file().toAbsolutePath()) + ": " + e.getMessage(), e);
        }
    }

    /**
     * A connection to {@code url}. The driver's generated keys are off: with them on, every INSERT runs a second
     * query (compiled anew each time) for a rowid no store asks for.
     */
    private static Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("jdbc.get_generated_keys", "false");
        return DriverManager.getConnection(url, properties);
    }

    static List<String> writerPragmas(Options options) {
        List<String> pragmas = new ArrayList<>();
        pragmas.add("busy_timeout=5000");
        if (options.file() != null) {
            pragmas.add("journal_mode=WAL");
            // the maintenance thread checkpoints (see the constructor); the writer only when the log has grown
            // this long, which it can only if the maintenance thread cannot keep up
            pragmas.add("wal_autocheckpoint=" + WAL_AUTOCHECKPOINT_PAGES);
        }
        pragmas.add("synchronous=" + options.synchronous());
        // statement journals and sorts in memory, not in temporary files
        pragmas.add("temp_store=MEMORY");
        // 64 MB of page cache instead of 2 MB: the tables' index pages stay in memory
        pragmas.add("cache_size=-65536");
        return pragmas;
    }

    public Options options() {
        return options;
    }

    /** The declared table {@code name}. */
    public SqlTable table(String name) {
        SqlTable table = tables.get(name);
        if (table == null) {
            throw new UnknownTableException(name, tables.keySet());
        }
        return table;
    }

    public Collection<SqlTable> tables() {
        return tables.values();
    }

    /**
     * A table an SQL adapter keeps beside the declared ones, for what DynamoDB holds inside an item (the inventory's
     * applied-event markers: a string set there, a row each here): created when missing, recorded in the catalogue,
     * swept by its TTL, listed with the others. Declaring it again with the same keys answers the same table.
     */
    public synchronized SqlTable declare(ResourceDeclarations.Table declaration) {
        SqlTable existing = tables.get(declaration.name());
        if (existing != null) {
            if (!existing.declaration().equals(declaration)) {
                throw new IllegalStateException("Table " + declaration.name() + " is declared twice with other keys: "
                        + existing.declaration() + " and " + declaration);
            }
            return existing;
        }
        SqlTable table = new SqlTable(declaration);
        writeAndWait(s -> {
            new SqlSchema(s).declare(table, clock);
            return null;
        });
        Map<String, SqlTable> next = new LinkedHashMap<>(tables);
        next.put(declaration.name(), table);
        tables = Collections.unmodifiableMap(next);
        return table;
    }

    /**
     * Runs {@code work} in the writer's next transaction; the future completes (off the writer thread) once that
     * transaction committed, with the work's result, or fails with what the work threw (its changes rolled back).
     */
    public <T> CompletableFuture<T> write(SqlWork<T> work) {
        return enqueue(work, false);
    }

    /** {@link #write}, waiting for the commit on the caller's thread. */
    public <T> T writeAndWait(SqlWork<T> work) {
        try {
            return enqueue(work, true).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private <T> CompletableFuture<T> enqueue(SqlWork<T> work, boolean direct) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closing) {
            result.completeExceptionally(new StoreException("The database is closed", null));
            return result;
        }
        queue.add(new Pending<>(work, result, direct));
        return result;
    }

    /** Runs {@code work} on a reader (on the caller's thread); it sees every committed write. */
    public <T> T read(SqlWork<T> work) {
        if (memory != null) {
            memory.lock();
            try {
                return run(writer, work);
            } finally {
                memory.unlock();
            }
        }
        SqlSession reader;
        try {
            reader = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted waiting for a reader", e);
        }
        try {
            return run(reader, work);
        } finally {
            readers.add(reader);
        }
    }

    private static <T> T run(SqlSession session, SqlWork<T> work) {
        try {
            return work.run(session);
        } catch (SQLException e) {
            throw new StoreException("SQLite: " + e.getMessage(), e);
        }
    }

    private void writeLoop() {
        List<Pending<?>> batch = new ArrayList<>(options.maxBatch());
        while (true) {
            try {
                Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        break;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, options.maxBatch() - 1);
                runBatch(batch);
            } catch (InterruptedException e) {
                if (!closing) {
                    continue;
                }
                break;
            } catch (RuntimeException | Error e) {
                LOG.error("The store's writer failed: {}", e.toString(), e);
                batch.forEach(p -> p.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Runs a batch in one transaction. First optimistically, every write straight after the other: the common case,
     * where none fails, costs no savepoints. When one fails, the transaction is rolled back, that write keeps its
     * failure (it ran after the writes before it and had no effect: as if it ran there alone), and the others run
     * again in a new transaction, each in a savepoint of its own so that any further failure is rolled back alone.
     * So a write may run twice before it commits; it touches nothing but its session (see {@link #write}).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void runBatch(List<Pending<?>> batch) {
        int n = batch.size();
        Object[] results = new Object[n];
        Throwable[] errors = new Throwable[n];
        if (memory != null) {
            memory.lock();
        }
        try {
            int failed = runOptimistically(batch, results, errors);
            if (failed >= 0 && n > 1) {
                runIsolated(batch, failed, results, errors);
            }
            transactions.incrementAndGet();
            writes.addAndGet(n);
        } catch (SQLException e) {
            // the commit itself failed: nothing of the batch took effect
            rollbackQuietly();
            StoreException failure = new StoreException("SQLite transaction failed: " + e.getMessage(), e);
            for (int i = 0; i < n; i++) {
                errors[i] = errors[i] == null ? failure : errors[i];
            }
        } finally {
            if (memory != null) {
                memory.unlock();
            }
        }
        for (int i = 0; i < n; i++) {
            Pending p = batch.get(i);
            Throwable error = errors[i];
            Object value = results[i];
            if (p.direct()) {
                complete(p.result(), value, error);
            } else {
                callbacks.execute(() -> complete(p.result(), value, error));
            }
        }
    }

    /**
     * Every write of the batch in one transaction, committed; answers -1, or the index of the first write that
     * failed (its failure recorded, the transaction rolled back, nothing committed).
     */
    private int runOptimistically(List<Pending<?>> batch, Object[] results, Throwable[] errors) throws SQLException {
        for (int i = 0; i < batch.size(); i++) {
            try {
                results[i] = batch.get(i).work().run(writer);
            } catch (Throwable t) {
                errors[i] = failure(t);
                rollbackQuietly();
                java.util.Arrays.fill(results, null);
                return i;
            }
        }
        writer.connection().commit();
        return -1;
    }

    /** The batch but {@code failed} again, each write in a savepoint, committed together. */
    private void runIsolated(List<Pending<?>> batch, int failed, Object[] results, Throwable[] errors)
            throws SQLException {
        for (int i = 0; i < batch.size(); i++) {
            if (i == failed) {
                continue;
            }
            writer.run("SAVEPOINT w");
            try {
                results[i] = batch.get(i).work().run(writer);
                writer.run("RELEASE w");
            } catch (Throwable t) {
                errors[i] = failure(t);
                writer.run("ROLLBACK TO w");
                writer.run("RELEASE w");
            }
        }
        writer.connection().commit();
    }

    private static Throwable failure(Throwable t) {
        return t instanceof SQLException ? new StoreException("SQLite: " + t.getMessage(), t) : t;
    }

    private void rollbackQuietly() {
        try {
            writer.connection().rollback();
        } catch (SQLException e) {
            LOG.debug("Rollback failed: {}", e.getMessage());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void complete(CompletableFuture result, Object value, Throwable error) {
        if (error != null) {
            result.completeExceptionally(error);
        } else {
            result.complete(value);
        }
    }

    /** Deletes every row whose TTL has passed, a chunk per transaction; answers how many. */
    public long sweep() {
        long now = clock.instant().getEpochSecond();
        long deleted = 0;
        for (SqlTable table : tables.values()) {
            if (table.declaration().ttlAttribute() == null) {
                continue;
            }
            int n;
            do {
                n = writeAndWait(s -> table.sweep(s, now, SWEEP_CHUNK));
                deleted += n;
            } while (n == SWEEP_CHUNK && !closing);
        }
        return deleted;
    }

    private void sweepQuietly() {
        try {
            long n = sweep();
            if (n > 0) {
                LOG.debug("Deleted {} expired rows", n);
            }
        } catch (RuntimeException e) {
            LOG.warn("Deleting expired rows failed: {}", e.getMessage());
        }
    }

    /**
     * State that belongs to this database rather than to one adapter instance (the claims in progress of a table,
     * shared by every claim store on it): made by {@code create} on first use, then the same object.
     */
    @SuppressWarnings("unchecked")
    public <T> T shared(String name, java.util.function.Supplier<T> create) {
        return (T) shared.computeIfAbsent(name, n -> create.get());
    }

    /** Transactions committed so far (a group commit counts once). */
    public long transactions() {
        return transactions.get();
    }

    /** Writes run so far. */
    public long writes() {
        return writes.get();
    }

    /** Stops taking writes, finishes the queued ones, and closes every connection. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (maintenance != null) {
            maintenance.shutdownNow();
            try {
                maintenance.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            writerThread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending<?> left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new StoreException("The database closed before this write ran", null));
        }
        callbacks.shutdown();
        allReaders.forEach(SqlSession::close);
        if (checkpointer != null) {
            checkpointer.close();
        }
        if (options.file() != null) {
            try {
                // fold the WAL back into the file, so that the file alone holds everything
                writer.connection().setAutoCommit(true);
                writer.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (SQLException e) {
                LOG.debug("Checkpoint at close failed: {}", e.getMessage());
            }
        }
        writer.close();
        releaseLock();
        LOG.info("State in SQLite closed ({} writes in {} transactions)", writes.get(), transactions.get());
    }

    private void releaseLock() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.debug("Releasing the lock file failed: {}", e.getMessage());
        }
    }
}
