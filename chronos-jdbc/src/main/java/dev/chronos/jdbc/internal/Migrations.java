package dev.chronos.jdbc.internal;

import dev.chronos.jdbc.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned SQL files shipped in the jar ({@code
 * dev/chronos/jdbc/migrations/<dialect>/V<n>__<description>.sql}) that the database has not seen,
 * recording each in {@code <prefix>schema_version}. Nodes starting together serialize on a lock: on
 * PostgreSQL a transaction-scoped advisory lock (DDL is transactional there, so a migration applies
 * whole or not at all); on H2, which only one process can open, a lock in this JVM; on MariaDB a
 * named lock ({@code GET_LOCK}).
 */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger("dev.chronos.jdbc");

  /**
   * The migrations, in order. Add new files here. Versions need not be contiguous: each file is
   * applied when its own version is missing from {@code schema_version}, whatever else is there.
   */
  static final List<String> FILES =
      List.of(
          "V1__jobs_and_executions.sql",
          "V2__schedules.sql",
          "V3__due_indexes_by_delivery.sql",
          "V4__node_registry.sql",
          "V5__results_on_executions.sql",
          "V6__indexes_for_big_tables.sql",
          "V7__operations.sql");

  private static final ConcurrentHashMap<String, Object> JVM_LOCKS = new ConcurrentHashMap<>();

  private Migrations() {}

  /** How many migrations this version ships. */
  public static int count() {
    return FILES.size();
  }

  /** Applies what is missing. */
  public static void apply(Jdbi jdbi, Sql sql, String databaseKey) {
    String versions = sql.prefix + "schema_version";
    Object jvmLock = JVM_LOCKS.computeIfAbsent(databaseKey + "|" + sql.prefix, k -> new Object());
    synchronized (jvmLock) {
      if (sql.dialect == Dialect.MARIADB) {
        applyOnMariaDb(jdbi, sql);
        return;
      }
      jdbi.useTransaction(
          h -> {
            if (sql.dialect == Dialect.POSTGRESQL) {
              h.createQuery("SELECT pg_advisory_xact_lock(hashtext(:key))")
                  .bind("key", "chronos-migrations:" + sql.prefix)
                  .mapTo(String.class)
                  .findOne();
            }
            h.execute(
                "CREATE TABLE IF NOT EXISTS "
                    + versions
                    + " (version INTEGER PRIMARY KEY, description VARCHAR(255) NOT NULL,"
                    + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            Set<Integer> applied =
                new HashSet<>(
                    h.createQuery("SELECT version FROM " + versions).mapTo(Integer.class).list());
            for (String file : FILES) {
              int version = Integer.parseInt(file.substring(1, file.indexOf("__")));
              if (applied.contains(version)) {
                continue;
              }
              for (String statement : statements(read(sql.dialect, file), sql.prefix)) {
                h.execute(statement);
              }
              h.createUpdate(
                      "INSERT INTO "
                          + versions
                          + " (version, description, applied_at) VALUES (:v, :d, :t)")
                  .bind("v", version)
                  .bind("d", file.substring(file.indexOf("__") + 2, file.length() - 4))
                  .bind("t", Instant.now().atOffset(ZoneOffset.UTC))
                  .execute();
              log.info(
                  "Applied Chronos schema migration {} ({} tables prefix '{}')",
                  file,
                  sql.dialect,
                  sql.prefix);
            }
          });
    }
  }

  /**
   * MariaDB commits each DDL statement on its own, so a migration cannot apply whole or not at all:
   * nodes starting together serialize on a named lock ({@code GET_LOCK}, held by the connection
   * until released), and each file is recorded once all its statements ran. A node that fails half
   * way leaves the file unrecorded; its statements are then applied again by the next start, and an
   * operator may have to finish or undo the half-applied file by hand (the log names it).
   */
  private static void applyOnMariaDb(Jdbi jdbi, Sql sql) {
    String versions = sql.prefix + "schema_version";
    String lock = "chronos-migrations:" + sql.prefix;
    jdbi.useHandle(
        h -> {
          Integer got =
              h.createQuery("SELECT GET_LOCK(:name, 300)")
                  .bind("name", lock)
                  .mapTo(Integer.class)
                  .one();
          if (got == null || got != 1) {
            throw new IllegalStateException(
                "timed out after 300 s waiting for the migration lock " + lock);
          }
          try {
            h.execute(
                "CREATE TABLE IF NOT EXISTS "
                    + versions
                    + " (version INTEGER PRIMARY KEY, description VARCHAR(255) NOT NULL,"
                    + " applied_at DATETIME(6) NOT NULL) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4");
            Set<Integer> applied =
                new HashSet<>(
                    h.createQuery("SELECT version FROM " + versions).mapTo(Integer.class).list());
            for (String file : FILES) {
              int version = Integer.parseInt(file.substring(1, file.indexOf("__")));
              if (applied.contains(version)) {
                continue;
              }
              for (String statement : statements(read(sql.dialect, file), sql.prefix)) {
                h.execute(statement);
              }
              h.createUpdate(
                      "INSERT INTO "
                          + versions
                          + " (version, description, applied_at) VALUES (:v, :d, :t)")
                  .bind("v", version)
                  .bind("d", file.substring(file.indexOf("__") + 2, file.length() - 4))
                  .bind("t", Instant.now())
                  .execute();
              log.info(
                  "Applied Chronos schema migration {} ({} tables prefix '{}')",
                  file,
                  sql.dialect,
                  sql.prefix);
            }
          } finally {
            h.createQuery("SELECT RELEASE_LOCK(:name)")
                .bind("name", lock)
                .mapTo(Integer.class)
                .findOne();
          }
        });
  }

  /** The SQL of a migration file, as shipped (with the {@code ${prefix}} placeholder). */
  public static String read(Dialect dialect, String file) {
    String path = "/dev/chronos/jdbc/migrations/" + dialect.folder() + "/" + file;
    try (InputStream in = Migrations.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("migration " + path + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits a file into statements (on {@code ;} at line ends) and fills in the prefix. */
  public static List<String> statements(String script, String prefix) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        out.add(statement.substring(0, statement.length() - 1).replace("${prefix}", prefix));
        current.setLength(0);
      }
    }
    return out;
  }

  /** Removes this prefix's tables (tests). */
  public static void drop(Handle h, Sql sql) {
    h.execute("DROP TABLE IF EXISTS " + sql.prefix + "leases");
    h.execute("DROP TABLE IF EXISTS " + sql.prefix + "nodes");
    h.execute("DROP TABLE IF EXISTS " + sql.prefix + "schedules");
    h.execute("DROP TABLE IF EXISTS " + sql.executions);
    h.execute("DROP TABLE IF EXISTS " + sql.jobs);
    h.execute("DROP TABLE IF EXISTS " + sql.prefix + "schema_version");
  }
}
