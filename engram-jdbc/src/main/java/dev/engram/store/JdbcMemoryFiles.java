package dev.engram.store;

import static java.util.Objects.requireNonNull;

import dev.engram.memory.MemoryFile;
import dev.engram.memory.MemoryFilePath;
import dev.engram.memory.MemoryFileStore;
import dev.engram.memory.UserId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@link MemoryFileStore} of a {@link JdbcMemoryStore}: the {@code memory_files} table, in the
 * store's transactions. A directory is matched by prefix ({@code substr}, not {@code LIKE}, so that
 * no character of a path is a wildcard). Thread safe.
 */
final class JdbcMemoryFiles implements MemoryFileStore {
    private static final String TABLE = "memory_files";
    /** Matches a path and every path under it; bound with {@link #atOrUnder}. */
    private static final String AT_OR_UNDER = "(path = ? OR substr(path, 1, ?) = ?)";

    private final TransactionRunner transactions;
    private final UserRevisions users;
    private final Scrubber scrubber;
    private final Clock clock;

    JdbcMemoryFiles(TransactionRunner transactions, UserRevisions users, Scrubber scrubber, Clock clock) {
        this.transactions = transactions;
        this.users = users;
        this.scrubber = scrubber;
        this.clock = clock;
    }

    @Override
    public List<MemoryFile> files(UserId user) {
        requireNonNull(user, "user must not be null");
        return transactions.read("read the memory files of user " + user, connection -> files(connection, user));
    }

    @Override
    public Optional<MemoryFile> file(UserId user, MemoryFilePath path) {
        requireNonNull(user, "user must not be null");
        requireNonNull(path, "path must not be null");
        return transactions.read("read memory file " + path + " of user " + user, connection -> file(connection, user, path));
    }

    @Override
    public Optional<MemoryFile> create(UserId user, MemoryFilePath path, String content, float[] embedding) {
        requireNonNull(user, "user must not be null");
        requireNonNull(path, "path must not be null");
        requireNonNull(content, "content must not be null");
        return transactions.write("create memory file " + path + " of user " + user, connection -> {
            long now = clock.millis();
            users.bump(connection, user, now);
            if (file(connection, user, path).isPresent()) {
                return Optional.<MemoryFile>empty();
            }
            long id = insert(connection, user, path, content, embedding, now, now);
            return Optional.of(byId(connection, user, id));
        });
    }

    @Override
    public Optional<MemoryFile> replace(UserId user, MemoryFilePath path, long expectedVersion, String content,
                                        float[] embedding) {
        requireNonNull(user, "user must not be null");
        requireNonNull(path, "path must not be null");
        requireNonNull(content, "content must not be null");
        return transactions.write("change memory file " + path + " of user " + user, connection -> {
            if (!users.bumpExisting(connection, user) || Statements.update(connection, "UPDATE memory_files SET content = ?,"
                            + " embedding = ?, version = version + 1, updated_at = ? WHERE user_id = ? AND path = ? AND version = ?",
                    content, EmbeddingCodec.encode(embedding), clock.millis(), user.value(), path.value(), expectedVersion) == 0) {
                return Optional.<MemoryFile>empty();
            }
            return file(connection, user, path);
        });
    }

    @Override
    public int delete(UserId user, MemoryFilePath path) {
        requireNonNull(user, "user must not be null");
        requireNonNull(path, "path must not be null");
        if (path.isRoot()) {
            throw new IllegalArgumentException("Cannot delete the /memories directory itself");
        }
        int deleted = transactions.write("delete memory file " + path + " of user " + user, connection -> {
            if (!users.bumpExisting(connection, user)) {
                return 0;
            }
            int n = Statements.update(connection, "DELETE FROM memory_files WHERE user_id = ? AND " + AT_OR_UNDER,
                    atOrUnder(user, path));
            if (n > 0) {
                scrubber.request(connection, List.of(TABLE));
            }
            return n;
        });
        if (deleted > 0) {
            scrubber.afterDelete();
        }
        return deleted;
    }

    @Override
    public int rename(UserId user, MemoryFilePath from, MemoryFilePath to) {
        requireNonNull(user, "user must not be null");
        requireNonNull(from, "from must not be null");
        requireNonNull(to, "to must not be null");
        if (from.isRoot() || to.isRoot()) {
            throw new IllegalArgumentException("the /memories directory itself cannot be renamed or replaced");
        }
        if (from.contains(to)) {
            throw new IllegalArgumentException("Cannot move " + from + " into itself (" + to + ")");
        }
        return transactions.write("rename memory file " + from + " of user " + user, connection -> {
            if (!users.bumpExisting(connection, user)) {
                return 0;
            }
            if (exists(connection, user, to)) {
                throw new IllegalArgumentException("The destination " + to + " already exists");
            }
            requireNoFileAbove(connection, user, to);
            String dir = from.value() + "/";
            return Statements.update(connection, "UPDATE memory_files SET path = ? || substr(path, ?), updated_at = ?"
                            + " WHERE user_id = ? AND " + AT_OR_UNDER, to.value(), from.value().length() + 1, clock.millis(),
                    user.value(), from.value(), dir.length(), dir);
        });
    }

    /**
     * Inserts a file inside the caller's transaction, checking that the path is neither the memory
     * directory nor a directory and has no file above it; returns the new id. Import uses it too.
     */
    static long insert(Connection connection, UserId user, MemoryFilePath path, String content, float[] embedding,
                       long createdAt, long updatedAt) throws SQLException {
        if (path.isRoot()) {
            throw new IllegalArgumentException("/memories is the memory directory; name a file inside it, e.g. /memories/notes.md");
        }
        if (file(connection, user, path).isPresent()) {
            throw new IllegalArgumentException("File " + path + " already exists");
        }
        if (exists(connection, user, path)) {
            throw new IllegalArgumentException("The path " + path + " is a directory; name a file inside it");
        }
        requireNoFileAbove(connection, user, path);
        return Statements.insert(connection, "INSERT INTO memory_files (user_id, path, content, version, created_at,"
                        + " updated_at, embedding) VALUES (?, ?, ?, 1, ?, ?, ?) RETURNING id", user.value(), path.value(), content,
                createdAt, updatedAt, EmbeddingCodec.encode(embedding));
    }

    /** The user's file at {@code path}, inside the caller's transaction. */
    static Optional<MemoryFile> file(Connection connection, UserId user, MemoryFilePath path) throws SQLException {
        return Statements.one(connection, "SELECT " + Rows.FILE + " FROM memory_files WHERE user_id = ? AND path = ?",
                Rows::file, user.value(), path.value());
    }

    /** The user's files ordered by path (in Java, so that both databases agree on the order). */
    static List<MemoryFile> files(Connection connection, UserId user) throws SQLException {
        return Statements.list(connection, "SELECT " + Rows.FILE + " FROM memory_files WHERE user_id = ?", Rows::file,
                user.value()).stream().sorted(Comparator.comparing(f -> f.path().value())).toList();
    }

    private static Object[] atOrUnder(UserId user, MemoryFilePath path) {
        String dir = path.value() + "/";
        // An Integer, not a Long: PostgreSQL has substr(text, int, int) only.
        return new Object[] {user.value(), path.value(), dir.length(), dir};
    }

    private static boolean exists(Connection connection, UserId user, MemoryFilePath path) throws SQLException {
        return Statements.one(connection, "SELECT 1 FROM memory_files WHERE user_id = ? AND " + AT_OR_UNDER + " LIMIT 1",
                row -> true, atOrUnder(user, path)).isPresent();
    }

    private static void requireNoFileAbove(Connection connection, UserId user, MemoryFilePath path) throws SQLException {
        for (MemoryFilePath dir : path.ancestors()) {
            if (file(connection, user, dir).isPresent()) {
                throw new IllegalArgumentException(dir + " is a file, so nothing can be put under it at " + path);
            }
        }
    }

    private static MemoryFile byId(Connection connection, UserId user, long id) throws SQLException {
        return Statements.one(connection, "SELECT " + Rows.FILE + " FROM memory_files WHERE user_id = ? AND id = ?",
                Rows::file, user.value(), id).orElseThrow();
    }
}
