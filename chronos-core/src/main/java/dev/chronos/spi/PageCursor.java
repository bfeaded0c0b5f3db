package dev.chronos.spi;

import dev.chronos.Job;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A position in a job list, for keyset paging ({@link dev.chronos.JobQuery.Builder#after(String)},
 * {@link dev.chronos.Page#nextCursor()}): the {@code createdAt} and id of the last job of a page.
 * Lists are ordered newest first ({@code createdAt} descending, then id descending), so the next
 * page holds the jobs that come strictly after this position in that order. A store reads the page
 * straight from its list index from this position, however far into the list it is, instead of
 * skipping an offset.
 *
 * <p>Its text form ({@link #encode()}) is opaque to callers: URL-safe Base64 without padding.
 *
 * @param createdAt when the last job of the page was created
 * @param id that job's id
 */
public record PageCursor(Instant createdAt, UUID id) {
  private static final String VERSION = "1:";

  /** Checks the parts. */
  public PageCursor {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(id, "id");
  }

  /**
   * The position of a job in the list.
   *
   * @param job the last job of a page
   * @return its position
   */
  public static PageCursor of(Job job) {
    return new PageCursor(job.createdAt(), job.id());
  }

  /**
   * The text form of this position.
   *
   * @return URL-safe Base64 text
   */
  public String encode() {
    String plain = VERSION + createdAt + "/" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a cursor's text form.
   *
   * @param text what {@link #encode()} gave
   * @return the position, or empty if the text is not a cursor
   */
  public static Optional<PageCursor> decode(String text) {
    if (text == null || text.isEmpty() || text.length() > 200) {
      return Optional.empty();
    }
    try {
      String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int slash = plain.indexOf('/');
      if (!plain.startsWith(VERSION) || slash < 0) {
        return Optional.empty();
      }
      Instant createdAt = Instant.parse(plain.substring(VERSION.length(), slash));
      UUID id = UUID.fromString(plain.substring(slash + 1));
      if (!id.toString().equals(plain.substring(slash + 1))) {
        return Optional.empty();
      }
      return Optional.of(new PageCursor(createdAt, id));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether a job comes strictly after this position in the list order (newest first, then id
   * descending as unsigned numbers, the order of a UUID's bytes).
   *
   * @param job a job
   * @return true if it belongs to a page after this position
   */
  public boolean precedes(Job job) {
    int c = job.createdAt().compareTo(createdAt);
    if (c != 0) {
      return c < 0;
    }
    return compareUnsigned(job.id(), id) < 0;
  }

  private static int compareUnsigned(UUID a, UUID b) {
    int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return c != 0
        ? c
        : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }
}
