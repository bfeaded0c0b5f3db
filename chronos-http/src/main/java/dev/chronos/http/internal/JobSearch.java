package dev.chronos.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.Chronos;
import dev.chronos.Job;
import dev.chronos.JobQuery;
import dev.chronos.Page;
import dev.chronos.ValidationException;
import dev.chronos.ValidationException.FieldError;
import dev.chronos.spi.JobStore;
import dev.chronos.spi.PageCursor;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /v1/jobs} with the dashboard's filters on top of the store's. The store filters by
 * status, handler and schedule and pages by keyset; {@code created_before} starts that keyset scan
 * at a time and {@code created_after} ends it there (the list is newest first), so a time range
 * costs what its rows cost. The filters the store does not know ({@code kind=scheduled}, {@code
 * payload.<field>}) are applied to the rows as they are read in order, reading at most {@value
 * #SCAN_CAP} rows per request: when the cap ends a scan, the answer says so ({@code
 * meta.scan_capped}) and its {@code next_cursor} continues from the last row read. A {@code q} that
 * is a job id is one lookup by id; {@code idempotency_key}, or a {@code q} that is not a job id, is
 * one lookup in the key's unique index. Immutable; thread-safe.
 */
final class JobSearch {
  /** The most rows one request reads for the filters the store does not apply. */
  static final int SCAN_CAP = 5_000;

  private static final int MAX_PAYLOAD_FILTERS = 5;
  private static final UUID LOWEST = new UUID(0, 0);

  private final Map<String, String> store;
  private final Instant createdAfter;
  private final Instant createdBefore;
  private final boolean scheduledOnly;
  private final String idempotencyKey;
  private final UUID jobId;
  private final Map<String, String> payload;
  private final JobQuery query;

  private JobSearch(
      Map<String, String> store,
      Instant createdAfter,
      Instant createdBefore,
      boolean scheduledOnly,
      String idempotencyKey,
      UUID jobId,
      Map<String, String> payload) {
    this.store = store;
    this.createdAfter = createdAfter;
    this.createdBefore = createdBefore;
    this.scheduledOnly = scheduledOnly;
    this.idempotencyKey = idempotencyKey;
    this.jobId = jobId;
    this.payload = payload;
    this.query = JobQuery.fromQueryParameters(store);
  }

  /**
   * Reads the query parameters (already scoped to the key's account).
   *
   * @throws ValidationException naming every bad parameter, the store's and these together
   */
  static JobSearch parse(Map<String, String> parameters) {
    List<FieldError> errors = new ArrayList<>();
    Map<String, String> store = new LinkedHashMap<>();
    Map<String, String> payload = new LinkedHashMap<>();
    Instant after = null;
    Instant before = null;
    boolean scheduledOnly = false;
    String key = null;
    UUID id = null;
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      String name = p.getKey();
      String value = p.getValue() == null ? "" : p.getValue().strip();
      switch (name) {
        case "created_after" -> after = instant(name, value, errors);
        case "created_before" -> before = instant(name, value, errors);
        case "kind" -> {
          if (value.equals("one_off")) {
            if (parameters.containsKey("schedule_id")) {
              errors.add(new FieldError("kind", "cannot be combined with schedule_id"));
            }
            store.put("schedule_id", "null");
          } else if (value.equals("scheduled")) {
            scheduledOnly = true;
          } else {
            errors.add(new FieldError("kind", "must be one_off or scheduled"));
          }
        }
        case "idempotency_key" -> key = text(name, value, errors);
        case "q" -> {
          String q = text(name, value, errors);
          if (q != null) {
            id = uuid(q);
            key = id == null ? q : key;
          }
        }
        default -> {
          if (name.startsWith("payload.")) {
            String field = name.substring("payload.".length());
            if (field.isEmpty() || field.length() > 100) {
              errors.add(new FieldError(name, "needs a payload field name of 1-100 characters"));
            } else if (payload.size() == MAX_PAYLOAD_FILTERS) {
              errors.add(new FieldError(name, "at most 5 payload fields may be filtered on"));
            } else {
              payload.put(field, p.getValue() == null ? "" : p.getValue());
            }
          } else {
            store.put(name, p.getValue());
          }
        }
      }
    }
    if (after != null && before != null && !after.isBefore(before)) {
      errors.add(new FieldError("created_after", "must be before created_before"));
    }
    try {
      JobQuery.fromQueryParameters(store);
    } catch (ValidationException e) {
      errors.addAll(e.errors());
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new JobSearch(store, after, before, scheduledOnly, key, id, payload);
  }

  /**
   * The page, in the API's envelope with {@code meta}. A job id, or an idempotency key (its unique
   * index: {@link JobStore#findByIdempotencyKey}), is one lookup, the other filters then applied to
   * the job found.
   */
  ObjectNode run(Chronos chronos, JobStore store) {
    if (jobId != null) {
      return lookup(chronos.job(query.account(), jobId));
    }
    if (idempotencyKey != null) {
      return lookup(store.findByIdempotencyKey(query.account(), idempotencyKey));
    }
    if (!scans()) {
      return envelope(chronos.jobs(query), -1, false);
    }
    return scan(chronos);
  }

  private ObjectNode lookup(Optional<Job> found) {
    Optional<Job> job = found.filter(this::matches);
    Page<Job> page =
        new Page<>(job.map(List::of).orElse(List.of()), 1, query.size(), job.isPresent() ? 1 : 0);
    return envelope(page, 1, false);
  }

  private boolean scans() {
    return createdAfter != null || createdBefore != null || scheduledOnly || !payload.isEmpty();
  }

  private ObjectNode scan(Chronos chronos) {
    String cursor =
        query
            .after()
            .orElse(createdBefore == null ? null : new PageCursor(createdBefore, LOWEST).encode());
    long skip = query.after().isPresent() ? 0 : query.offset();
    long skipped = 0;
    List<Job> found = new ArrayList<>();
    int scanned = 0;
    Job last = null;
    boolean end = false;
    scan:
    while (found.size() < query.size()) {
      int batch = Math.min(JobQuery.MAX_SIZE, SCAN_CAP - scanned);
      if (batch <= 0) {
        break;
      }
      Map<String, String> params = new LinkedHashMap<>(store);
      params.remove("page");
      params.put("size", Integer.toString(batch));
      if (cursor != null) {
        params.put("after", cursor);
      }
      Page<Job> page = chronos.jobs(JobQuery.fromQueryParameters(params));
      for (Job job : page.items()) {
        if (createdAfter != null && !job.createdAt().isAfter(createdAfter)) {
          end = true;
          break scan;
        }
        scanned++;
        last = job;
        if (!matches(job)) {
          continue;
        }
        if (skipped < skip) {
          skipped++;
        } else {
          found.add(job);
          if (found.size() == query.size()) {
            break scan;
          }
        }
      }
      if (page.nextCursor().isEmpty()) {
        end = true;
        break;
      }
      cursor = page.nextCursor().get();
    }
    boolean capped = !end && found.size() < query.size();
    boolean exact = end && query.after().isEmpty();
    long total = skipped + found.size();
    Page<Job> page =
        new Page<>(
            found,
            query.page(),
            query.size(),
            total,
            exact,
            end || last == null ? Optional.empty() : Optional.of(PageCursor.of(last).encode()));
    return envelope(page, scanned, capped);
  }

  private ObjectNode envelope(Page<Job> page, int scanned, boolean capped) {
    ObjectNode root = ApiJson.page("Jobs", page, Job::toJson);
    ObjectNode meta = (ObjectNode) root.get("meta");
    if (scanned >= 0) {
      meta.put("scanned", scanned);
      meta.put("scan_capped", capped);
    }
    return root;
  }

  /** Whether a job matches the filters (the store's are applied again: a lookup by id skips it). */
  boolean matches(Job job) {
    return query.matches(job)
        && (createdAfter == null || job.createdAt().isAfter(createdAfter))
        && (createdBefore == null || job.createdAt().isBefore(createdBefore))
        && (!scheduledOnly || job.scheduleId() != null)
        && (idempotencyKey == null || idempotencyKey.equals(job.idempotencyKey()))
        && payloadMatches(job.payload());
  }

  private boolean payloadMatches(JsonNode body) {
    for (Map.Entry<String, String> f : payload.entrySet()) {
      JsonNode v = body == null ? null : body.get(f.getKey());
      if (v == null || !same(v, f.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** A string equals the text; a number, boolean or null equals its JSON spelling. */
  static boolean same(JsonNode node, String value) {
    if (node.isTextual()) {
      return node.textValue().equals(value);
    }
    if (node.isNumber()) {
      try {
        return node.decimalValue().compareTo(new BigDecimal(value.strip())) == 0;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    if (node.isBoolean() || node.isNull()) {
      return node.asText().equals(value.strip());
    }
    return false;
  }

  private static Instant instant(String name, String value, List<FieldError> errors) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(name, "must be an ISO-8601 instant such as 2026-12-01T09:00:00Z"));
      return null;
    }
  }

  private static String text(String name, String value, List<FieldError> errors) {
    if (value.isEmpty() || value.length() > 255) {
      errors.add(new FieldError(name, "must be 1 to 255 characters"));
      return null;
    }
    return value;
  }

  private static UUID uuid(String text) {
    try {
      UUID id = UUID.fromString(text);
      return id.toString().equalsIgnoreCase(text) ? id : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
