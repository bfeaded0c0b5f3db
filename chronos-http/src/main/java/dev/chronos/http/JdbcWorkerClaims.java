package dev.chronos.http;

import dev.chronos.http.internal.ApiSchema;
import dev.chronos.http.internal.Micros;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Claims in a table of the job store's database ({@code <prefix>worker_claims}), so a worker may
 * claim on one server and report on another. One insert per claim batch. Thread-safe.
 */
public final class JdbcWorkerClaims implements WorkerClaims {
  private final DataSource dataSource;
  private final String table;

  /**
   * Claims in a database, creating the API's tables when they are missing.
   *
   * @param dataSource the database, usually the job store's
   * @param tablePrefix the prefix of the table names, as the job store's ({@code chronos_})
   */
  public JdbcWorkerClaims(DataSource dataSource, String tablePrefix) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    ApiSchema.migrate(dataSource, tablePrefix);
    this.table = tablePrefix + "worker_claims";
  }

  @Override
  public void record(List<WorkerClaim> claims) {
    if (claims.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + table
                    + " (execution_id, job_id, account, attempt, deadline) VALUES (?, ?, ?, ?, ?)")) {
      for (WorkerClaim claim : claims) {
        s.setString(1, claim.executionId().toString());
        s.setString(2, claim.jobId().toString());
        s.setString(3, claim.account());
        s.setInt(4, claim.attempt());
        s.setLong(5, Micros.of(claim.deadline()));
        s.addBatch();
      }
      s.executeBatch();
    } catch (SQLException e) {
      throw JdbcApiKeyStore.unavailable(e);
    }
  }

  @Override
  public Optional<WorkerClaim> find(UUID executionId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT * FROM " + table + " WHERE execution_id = ?")) {
      s.setString(1, executionId.toString());
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new WorkerClaim(
                executionId,
                UUID.fromString(rs.getString("job_id")),
                rs.getString("account"),
                rs.getInt("attempt"),
                Micros.instant(rs.getLong("deadline"))));
      }
    } catch (SQLException e) {
      throw JdbcApiKeyStore.unavailable(e);
    }
  }

  @Override
  public void extend(UUID executionId, Instant deadline) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("UPDATE " + table + " SET deadline = ? WHERE execution_id = ?")) {
      s.setLong(1, Micros.of(deadline));
      s.setString(2, executionId.toString());
      s.executeUpdate();
    } catch (SQLException e) {
      throw JdbcApiKeyStore.unavailable(e);
    }
  }

  @Override
  public int prune(Instant before) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE deadline < ?")) {
      s.setLong(1, Micros.of(before));
      return s.executeUpdate();
    } catch (SQLException e) {
      throw JdbcApiKeyStore.unavailable(e);
    }
  }
}
