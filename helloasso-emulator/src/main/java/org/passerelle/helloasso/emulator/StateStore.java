package org.passerelle.helloasso.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where an emulator keeps its state between runs: a snapshot ({@code helloasso-emulator.json}) and a journal of
 * changes appended since ({@code helloasso-emulator.journal}, one JSON object a line). Each change is appended and
 * forced to disk before the call that made it answers, so nothing acknowledged is lost. A crash can only tear the
 * journal's last line, which was never acknowledged: it is dropped on load. The snapshot is replaced atomically (write
 * a temporary file, force it, rename over), then the journal is emptied; a crash between the two replays changes the
 * snapshot already holds, which is harmless because every line is a whole new version of what it names.
 */
final class StateStore implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StateStore.class.getName());
    static final String SNAPSHOT = "helloasso-emulator.json";
    static final String JOURNAL = "helloasso-emulator.journal";
    /** The journal is folded into the snapshot at start and whenever it grows past this. */
    private static final long COMPACT_AFTER_BYTES = 8L * 1024 * 1024;

    /** What was found on disk: the snapshot (or null) and the journal lines after it, oldest first. */
    record Loaded(ObjectNode snapshot, List<ObjectNode> changes) {
    }

    private final Path dir;
    private FileChannel journal;

    StateStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the emulator's data directory " + dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Reads the snapshot and every whole journal line; a torn last line (a crash mid-write) is left out. */
    synchronized Loaded load() {
        try {
            ObjectNode snapshot = null;
            Path file = dir.resolve(SNAPSHOT);
            if (Files.exists(file)) {
                snapshot = (ObjectNode) Views.JSON.readTree(file.toFile());
            }
            List<ObjectNode> changes = new ArrayList<>();
            Path log = dir.resolve(JOURNAL);
            if (Files.exists(log)) {
                try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
                    String line;
                    int number = 0;
                    while ((line = in.readLine()) != null) {
                        number++;
                        if (line.isBlank()) {
                            continue;
                        }
                        try {
                            changes.add((ObjectNode) Views.JSON.readTree(line));
                        } catch (JacksonException | ClassCastException e) {
                            // only the last line can be torn by a crash; anything after it is ignored too
                            int at = number;
                            LOG.log(Level.WARNING, () -> "HelloAsso emulator: journal line " + at + " in " + log
                                    + " is incomplete (the emulator stopped while writing it); it is ignored");
                            break;
                        }
                    }
                }
            }
            return new Loaded(snapshot, changes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the emulator's state in " + dir, e);
        }
    }

    /** Replaces the snapshot atomically with {@code state}, then starts an empty journal. */
    synchronized void compact(ObjectNode state) {
        try {
            Path tmp = dir.resolve(SNAPSHOT + ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(Views.JSON.writeValueAsBytes(state));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(tmp, dir.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
            if (journal != null) {
                journal.close();
            }
            journal = FileChannel.open(dir.resolve(JOURNAL), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            journal.force(true);
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the emulator's state in " + dir, e);
        }
    }

    /** Appends changes and forces them to disk; true when the journal has grown enough to be compacted. */
    synchronized boolean append(List<ObjectNode> changes) {
        if (changes.isEmpty()) {
            return false;
        }
        try {
            StringBuilder lines = new StringBuilder();
            for (ObjectNode change : changes) {
                lines.append(Views.JSON.writeValueAsString(change)).append('\n');
            }
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            journal.position(journal.size());
            while (bytes.hasRemaining()) {
                journal.write(bytes);
            }
            journal.force(false);
            return journal.size() > COMPACT_AFTER_BYTES;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the emulator's journal in " + dir, e);
        }
    }

    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every file system lets a directory be forced; the rename itself is still atomic
        }
    }

    @Override
    public synchronized void close() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "closing the emulator journal: " + e);
            }
            journal = null;
        }
    }

    static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? null : v;
    }
}
