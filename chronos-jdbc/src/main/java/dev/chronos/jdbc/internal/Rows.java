package dev.chronos.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chronos.Delivery;
import dev.chronos.Execution;
import dev.chronos.ExecutionStatus;
import dev.chronos.ExecutionTrigger;
import dev.chronos.Job;
import dev.chronos.JobStatus;
import dev.chronos.spi.DueJob;
import dev.chronos.spi.ExpiredLease;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;

/** Maps rows of the jobs and executions tables to the model. */
public final class Rows {
  private Rows() {}

  /**
   * A job row as lists read it: without its result, which lives on the completed execution (schema
   * V5) and is left out of lists so that a page does not carry every job's result.
   */
  public static final RowMapper<Job> JOB = (rs, ctx) -> job(rs, null);

  /** A job row read with its completed execution's result in a column {@code result}. */
  public static final RowMapper<Job> JOB_WITH_RESULT =
      (rs, ctx) -> job(rs, json(rs.getString("result")));

  private static Job job(ResultSet rs, JsonNode result) throws SQLException {
    return new Job(
        uuid(rs, "id"),
        rs.getString("account"),
        rs.getString("name"),
        rs.getString("handler"),
        json(rs.getString("payload")),
        JobStatus.fromJson(rs.getString("status")),
        instant(rs, "scheduled_for"),
        instant(rs, "run_at"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        rs.getInt("attempts"),
        rs.getInt("max_retries"),
        Duration.ofSeconds(rs.getLong("timeout_seconds")),
        delivery(rs.getString("delivery_type"), rs.getString("delivery")),
        rs.getString("idempotency_key"),
        uuid(rs, "schedule_id"),
        rs.getString("last_error"),
        result);
  }

  /** An execution row. */
  public static final RowMapper<Execution> EXECUTION = execution("");

  /**
   * An execution whose columns carry a prefix, for a row that also holds its job's columns (see
   * {@code finish_executions.sql}).
   */
  static RowMapper<Execution> execution(String p) {
    return (rs, ctx) -> {
      int http = rs.getInt(p + "http_status");
      Integer httpStatus = rs.wasNull() ? null : http;
      return new Execution(
          uuid(rs, p + "id"),
          uuid(rs, p + "job_id"),
          rs.getInt(p + "attempt"),
          ExecutionTrigger.fromJson(rs.getString(p + "trigger_type")),
          ExecutionStatus.valueOf(rs.getString(p + "status").toUpperCase(Locale.ROOT)),
          instant(rs, p + "started_at"),
          instant(rs, p + "finished_at"),
          instant(rs, p + "lease_expires_at"),
          rs.getString(p + "error"),
          json(rs.getString(p + "result")),
          rs.getString(p + "node"),
          httpStatus);
    };
  }

  /** A schedule row. */
  public static final RowMapper<dev.chronos.Schedule> SCHEDULE =
      (rs, ctx) -> {
        int runs = rs.getInt("runs");
        Integer runLimit = rs.wasNull() ? null : runs;
        String unit = rs.getString("interval_unit");
        return new dev.chronos.Schedule(
            uuid(rs, "id"),
            rs.getString("account"),
            rs.getString("schedule_key"),
            rs.getString("name"),
            rs.getString("description"),
            rs.getString("handler"),
            dev.chronos.ScheduleStatus.fromJson(rs.getString("status")),
            rs.getString("cron"),
            unit == null
                ? null
                : dev.chronos.Interval.of(
                    rs.getLong("interval_value"),
                    dev.chronos.DelayUnit.fromJson(unit).orElseThrow()),
            java.time.ZoneId.of(rs.getString("timezone")),
            instant(rs, "next_run_at"),
            runLimit,
            rs.getInt("run_count"),
            instant(rs, "stop_at"),
            delivery(rs.getString("delivery_type"), rs.getString("delivery")),
            json(rs.getString("payload")),
            Duration.ofSeconds(rs.getLong("timeout_seconds")),
            rs.getInt("max_retries"),
            dev.chronos.MisfirePolicy.valueOf(
                rs.getString("misfire_policy").toUpperCase(Locale.ROOT)),
            dev.chronos.OverlapPolicy.valueOf(
                rs.getString("overlap_policy").toUpperCase(Locale.ROOT)),
            instant(rs, "created_at"),
            instant(rs, "updated_at"),
            rs.getLong("version"));
      };

  /** A due job's id and time. */
  public static final RowMapper<DueJob> DUE =
      (rs, ctx) -> new DueJob(uuid(rs, "id"), instant(rs, "run_at"));

  /** A running execution whose lease ended. */
  public static final RowMapper<ExpiredLease> EXPIRED =
      (rs, ctx) ->
          new ExpiredLease(
              uuid(rs, "id"),
              uuid(rs, "job_id"),
              rs.getInt("attempt"),
              instant(rs, "lease_expires_at"));

  static UUID uuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    int i = rs.findColumn(column);
    if (rs.getMetaData().getColumnType(i) == Types.TIMESTAMP
        && "DATETIME".equalsIgnoreCase(rs.getMetaData().getColumnTypeName(i))) {
      // MariaDB's DATETIME(6) holds the UTC wall-clock time (see JdbcStatements.jdbi): read it as
      // such, not in the JVM's or the connection's time zone.
      LocalDateTime t = rs.getObject(i, LocalDateTime.class);
      return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
    OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static JsonNode json(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Json.read(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("stored JSON is not readable", e);
    }
  }

  /** The stored form of a delivery's details: null for pull, the {@code http} object for push. */
  public static String deliveryJson(Delivery delivery) {
    if (delivery instanceof Delivery.Push push) {
      var http = Json.object();
      http.put("url", push.url());
      http.put("method", push.method());
      var headers = http.putObject("headers");
      push.headers().forEach(headers::put);
      return Json.write(http);
    }
    return null;
  }

  static Delivery delivery(String type, String details) {
    if (!"push".equals(type)) {
      return Delivery.pull();
    }
    JsonNode http = json(details);
    Map<String, String> headers = new LinkedHashMap<>();
    http.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    return Delivery.push(http.get("url").asText(), http.get("method").asText(), headers);
  }

  /** JSON text to store, or null. */
  public static String text(JsonNode node) {
    return node == null ? null : Json.write(node);
  }
}
