package dev.chronos.http.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants as epoch microseconds, the way the API's tables keep times. */
public final class Micros {
  private Micros() {}

  /** Epoch microseconds of an instant. */
  public static long of(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  /** The instant of epoch microseconds. */
  public static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
