package todo.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Todos as one JSON file per user under {@code <dir>/todos/}, standing in for the course's table store.
 *
 * <p>Every write is read-modify-write under two locks: a lock per user inside this JVM (requests of one instance) and
 * an exclusive {@code fcntl} lock on {@code <dir>/locks/<user>.lock} (other instances on the same mount). The new
 * content goes to a temporary file in the same directory, which is fsynced, renamed over the old file (atomic on
 * POSIX), and the directory is fsynced: a crash or kill at any point leaves either the old or the new file, whole.
 */
public final class FileStore {
    private static final TypeReference<List<Todo>> LIST = new TypeReference<>() { };
    private final ObjectMapper json = new ObjectMapper();
    private final Path todos;
    private final Path locks;
    private final Map<String, ReentrantLock> userLocks = new ConcurrentHashMap<>();

    /** Opens (creating) the store under {@code dir}. */
    public FileStore(Path dir) throws IOException {
        this.todos = Files.createDirectories(dir.resolve("todos"));
        this.locks = Files.createDirectories(dir.resolve("locks"));
    }

    public record Todo(String id, String title, boolean done, long createdAt) { }

    /** A user name usable as a file name: 1-64 of [A-Za-z0-9_-]. */
    public static boolean validUser(String user) {
        return user != null && user.matches("[A-Za-z0-9_-]{1,64}");
    }

    public List<Todo> list(String user) throws IOException {
        return read(file(user));
    }

    /** Every user's todos, for a full sync. */
    public Map<String, List<Todo>> all() throws IOException {
        Map<String, List<Todo>> out = new LinkedHashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(todos, "*.json")) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(null);
            for (Path p : sorted) {
                String name = p.getFileName().toString();
                out.put(name.substring(0, name.length() - ".json".length()), read(p));
            }
        }
        return out;
    }

    public Todo create(String user, String title, long now) throws IOException {
        Todo t = new Todo(UUID.randomUUID().toString(), title, false, now);
        update(user, list -> {
            List<Todo> next = new ArrayList<>(list);
            next.add(t);
            return next;
        });
        return t;
    }

    /** Sets {@code done} (and the title when not null); null when the user has no such todo. */
    public Todo change(String user, String id, Boolean done, String title) throws IOException {
        Todo[] changed = new Todo[1];
        update(user, list -> {
            List<Todo> next = new ArrayList<>();
            for (Todo t : list) {
                if (t.id().equals(id)) {
                    t = new Todo(t.id(), title != null ? title : t.title(), done != null ? done : t.done(), t.createdAt());
                    changed[0] = t;
                }
                next.add(t);
            }
            return changed[0] == null ? null : next;
        });
        return changed[0];
    }

    /** Whether the user had such a todo. */
    public boolean delete(String user, String id) throws IOException {
        boolean[] found = new boolean[1];
        update(user, list -> {
            List<Todo> next = new ArrayList<>(list);
            found[0] = next.removeIf(t -> t.id().equals(id));
            return found[0] ? next : null;
        });
        return found[0];
    }

    /** Read-modify-write under both locks; {@code change} returning null writes nothing. */
    private void update(String user, UnaryOperator<List<Todo>> change) throws IOException {
        Path file = file(user);
        ReentrantLock lock = userLocks.computeIfAbsent(user, u -> new ReentrantLock());
        lock.lock();
        try (FileChannel lockFile = FileChannel.open(locks.resolve(user + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            removeLeftovers(user);
            List<Todo> next = change.apply(read(file));
            if (next != null) {
                writeAtomically(file, json.writeValueAsBytes(next));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes the user's temporary files that a killed writer left behind (never renamed: their writes were not
     * acknowledged). Only under the user's lock: a writer holds it for the whole life of its temporary file, so any
     * found then is garbage, never another instance's write in progress.
     */
    private void removeLeftovers(String user) throws IOException {
        try (DirectoryStream<Path> tmp = Files.newDirectoryStream(todos, "." + user + ".json.*.tmp")) {
            for (Path p : tmp) {
                Files.deleteIfExists(p);
            }
        }
    }

    private List<Todo> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return json.readValue(Files.readAllBytes(file), LIST);
    }

    private void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the data directory cannot rename atomically: " + e.getMessage(), e);
            }
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true); // the rename itself reaches the disk
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Path file(String user) {
        if (!validUser(user)) {
            throw new IllegalArgumentException("invalid user name");
        }
        return todos.resolve(user + ".json");
    }
}
