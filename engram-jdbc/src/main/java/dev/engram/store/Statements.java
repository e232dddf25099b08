package dev.engram.store;


import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs one parameterized statement. Parameters are {@code String}, {@code Long}, {@code Integer},
 * {@code Double}, {@code Boolean}, {@code byte[]}, {@link Json} or null; times are passed as epoch
 * milliseconds.
 */
final class Statements {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** A parameter holding JSON text, bound so that PostgreSQL casts it to the column's {@code jsonb}. */
    record Json(String text) {}

    private Statements() {}

    /** {@code text} as a JSON parameter. */
    static Json json(String text) {
        return new Json(text);
    }

    static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                if (params[i] == null) {
                    statement.setNull(i + 1, Types.NULL);
                } else if (params[i] instanceof Json json) {
                    statement.setObject(i + 1, json.text(), Types.OTHER);
                } else {
                    statement.setObject(i + 1, params[i]);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    static int update(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        }
    }

    /** Runs an {@code INSERT ... RETURNING id} and returns the id. */
    static long insert(Connection connection, String sql, Object... params) throws SQLException {
        return queryLong(connection, sql, params);
    }

    static <T> List<T> list(Connection connection, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params);
             ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        }
    }

    static <T> Optional<T> one(Connection connection, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        List<T> rows = list(connection, sql, mapper, params);
        if (rows.size() > 1) {
            throw new IllegalStateException("expected at most one row, got " + rows.size() + " from: " + sql);
        }
        return rows.stream().findFirst();
    }

    static OptionalLong queryOptionalLong(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params);
             ResultSet rows = statement.executeQuery()) {
            return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
        }
    }

    static long queryLong(Connection connection, String sql, Object... params) throws SQLException {
        return queryOptionalLong(connection, sql, params)
                .orElseThrow(() -> new IllegalStateException("no row from: " + sql));
    }

    /** The column as a Long, or null when it is SQL NULL. */
    static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }
}
