package io.siyu.core.internal.segment;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.roaringbitmap.RoaringBitmap;

/**
 * The index written to a local file, so a restart loads it in seconds and replays only the
 * change and event logs since, instead of scanning every customer and event. A snapshot belongs
 * to one database (its store id) and is ignored when the change log it would replay from has
 * been pruned, when the database is behind it, or when it cannot be read.
 */
final class IndexSnapshot {
    private static final Logger LOG = Logger.getLogger(IndexSnapshot.class.getName());
    private static final int MAGIC = 0x53495958; // "SIYX"
    /** 2: customers' identity scopes are kept as {@code @reach:} facts; 3: events awaiting their customer. */
    private static final int FORMAT = 3;

    record Loaded(CustomerIndex index, SeqTracker changes, SeqTracker events, long takenAtMillis) {
    }

    private IndexSnapshot() {
    }

    /** Written to a temporary file and moved into place, so a crash never leaves half a snapshot. */
    static void write(Path file, String storeId, long takenAtMillis, CustomerIndex index, SeqTracker changes,
            SeqTracker events) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(storeId);
            out.writeLong(takenAtMillis);
            changes.write(out);
            events.write(out);
            index.all.serialize(out);
            index.eventsAwaitingCustomer.serialize(out);
            out.writeInt(index.tags.size());
            for (Map.Entry<Long, RoaringBitmap> t : index.tags.entrySet()) {
                out.writeLong(t.getKey());
                t.getValue().serialize(out);
            }
            out.writeInt(index.attributes.size());
            for (Map.Entry<String, AttributeColumn> a : index.attributes.entrySet()) {
                out.writeUTF(a.getKey());
                AttributeColumn col = a.getValue();
                col.has.serialize(out);
                col.trues.serialize(out);
                col.falses.serialize(out);
                out.writeInt(col.numbers.size());
                for (Map.Entry<BigDecimal, RoaringBitmap> e : col.numbers.entrySet()) {
                    out.writeUTF(e.getKey().toString());
                    e.getValue().serialize(out);
                }
                out.writeInt(col.texts.size());
                for (Map.Entry<String, RoaringBitmap> e : col.texts.entrySet()) {
                    writeLongUtf(out, e.getKey());
                    e.getValue().serialize(out);
                }
            }
            out.writeInt(index.events.size());
            for (Map.Entry<String, EventColumn> e : index.events.entrySet()) {
                EventColumn col = e.getValue();
                out.writeUTF(e.getKey());
                out.writeBoolean(col.withAmounts());
                out.writeInt(col.has.getCardinality());
                for (int c : col.has.toArray()) {
                    int[] t = col.times(c);
                    out.writeInt(c);
                    out.writeInt(t.length);
                    for (int v : t) {
                        out.writeInt(v);
                    }
                    if (col.withAmounts()) {
                        for (long v : col.amounts(c)) {
                            out.writeLong(v);
                        }
                    }
                }
            }
            out.writeInt(MAGIC);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Text values may exceed writeUTF's 64 KB limit. */
    private static void writeLongUtf(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readLongUtf(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    static Optional<Loaded> read(Path file, String storeId) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                return Optional.empty();
            }
            if (!in.readUTF().equals(storeId)) {
                LOG.info("The segment index snapshot belongs to another database; rebuilding from the store");
                return Optional.empty();
            }
            long takenAt = in.readLong();
            SeqTracker changes = SeqTracker.read(in);
            SeqTracker events = SeqTracker.read(in);
            CustomerIndex index = new CustomerIndex();
            index.all.deserialize(in);
            index.eventsAwaitingCustomer.deserialize(in);
            for (int n = in.readInt(); n > 0; n--) {
                RoaringBitmap b = new RoaringBitmap();
                long tag = in.readLong();
                b.deserialize(in);
                index.tags.put(tag, b);
            }
            for (int n = in.readInt(); n > 0; n--) {
                AttributeColumn col = new AttributeColumn();
                index.attributes.put(in.readUTF(), col);
                col.has.deserialize(in);
                col.trues.deserialize(in);
                col.falses.deserialize(in);
                for (int k = in.readInt(); k > 0; k--) {
                    BigDecimal key = new BigDecimal(in.readUTF());
                    RoaringBitmap b = new RoaringBitmap();
                    b.deserialize(in);
                    col.numbers.put(key, b);
                }
                for (int k = in.readInt(); k > 0; k--) {
                    String key = readLongUtf(in);
                    RoaringBitmap b = new RoaringBitmap();
                    b.deserialize(in);
                    col.texts.put(key, b);
                }
            }
            for (int n = in.readInt(); n > 0; n--) {
                String type = in.readUTF();
                boolean withAmounts = in.readBoolean();
                EventColumn col = new EventColumn(withAmounts);
                index.events.put(type, col);
                for (int k = in.readInt(); k > 0; k--) {
                    int c = in.readInt();
                    int[] t = new int[in.readInt()];
                    for (int i = 0; i < t.length; i++) {
                        t[i] = in.readInt();
                    }
                    long[] a = null;
                    if (withAmounts) {
                        a = new long[t.length];
                        for (int i = 0; i < a.length; i++) {
                            a[i] = in.readLong();
                        }
                    }
                    col.put(c, t, a);
                }
            }
            if (in.readInt() != MAGIC) {
                return Optional.empty();
            }
            return Optional.of(new Loaded(index, changes, events, takenAt));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "The segment index snapshot " + file + " is unreadable; rebuilding from the store", e);
            return Optional.empty();
        }
    }
}
