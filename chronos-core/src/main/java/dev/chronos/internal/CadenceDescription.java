package dev.chronos.internal;

import dev.chronos.Interval;
import java.time.DayOfWeek;
import java.time.Month;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A schedule's cadence in words, for people reading a dashboard: {@code "every 15 minutes"}, {@code
 * "every weekday at 09:00, Europe/London"}, {@code "on day 1 of every month at 06:30, UTC"}. It
 * says the common cron forms (every minute or N minutes, at a minute of every hour or of every N
 * hours, at one or a few times a day, on weekdays, weekend days, listed days of the week, days of
 * the month, a day of a year) and every interval; anything else, ranges of hours or steps mixed
 * with times say, is given back as the raw expression rather than said wrongly. Times of day name
 * the schedule's zone. Stateless; thread-safe.
 */
public final class CadenceDescription {
  private static final Map<String, Integer> DAY_NAMES =
      Map.of("SUN", 0, "MON", 1, "TUE", 2, "WED", 3, "THU", 4, "FRI", 5, "SAT", 6);
  private static final Map<String, Integer> MONTH_NAMES =
      Map.ofEntries(
          Map.entry("JAN", 1),
          Map.entry("FEB", 2),
          Map.entry("MAR", 3),
          Map.entry("APR", 4),
          Map.entry("MAY", 5),
          Map.entry("JUN", 6),
          Map.entry("JUL", 7),
          Map.entry("AUG", 8),
          Map.entry("SEP", 9),
          Map.entry("OCT", 10),
          Map.entry("NOV", 11),
          Map.entry("DEC", 12));

  private CadenceDescription() {}

  /** An interval in words: {@code every minute}, {@code every 15 minutes}, {@code every 2 days}. */
  public static String of(Interval interval) {
    String unit = interval.unit().json().toLowerCase(Locale.ROOT);
    if (unit.endsWith("s")) {
      unit = unit.substring(0, unit.length() - 1);
    }
    return interval.value() == 1 ? "every " + unit : "every " + interval.value() + " " + unit + "s";
  }

  /**
   * A 5-field cron expression in words, or the expression itself when it is not one of the forms
   * said here.
   */
  public static String of(String cron, ZoneId zone) {
    String[] f = cron.strip().split("\\s+");
    if (f.length != 5) {
      return cron.strip();
    }
    try {
      String said = say(f[0], f[1], f[2], f[3], f[4], zone);
      return said == null ? String.join(" ", f) : said;
    } catch (IllegalArgumentException e) {
      return String.join(" ", f);
    }
  }

  private static String say(
      String minute, String hour, String dom, String month, String dow, ZoneId zone) {
    boolean everyDay = dom.equals("*") && month.equals("*") && dow.equals("*");
    // Sub-daily cadences: the zone does not change them (but for odd offsets), so it is left out.
    if (hour.equals("*") && everyDay) {
      if (minute.equals("*")) {
        return "every minute";
      }
      Integer step = step(minute);
      if (step != null) {
        return step == 1 ? "every minute" : "every " + step + " minutes";
      }
      Integer m = number(minute, 0, 59, null);
      return m == null ? null : "every hour at :" + two(m);
    }
    Integer hourStep = step(hour);
    if (hourStep != null && everyDay) {
      Integer m = number(minute, 0, 59, null);
      if (m == null) {
        return null;
      }
      String every = hourStep == 1 ? "every hour" : "every " + hourStep + " hours";
      return every + " at :" + two(m) + ", " + zone.getId();
    }
    String times = times(minute, hour);
    if (times == null) {
      return null;
    }
    String days = days(dom, month, dow);
    return days == null ? null : days + " at " + times + ", " + zone.getId();
  }

  /** One minute with one or a few listed hours: {@code 09:00}, {@code 09:00 and 17:00}. */
  private static String times(String minute, String hour) {
    Integer m = number(minute, 0, 59, null);
    List<Integer> hours = list(hour, 0, 23, null);
    if (m == null || hours == null || hours.size() > 6) {
      return null;
    }
    List<String> each = new ArrayList<>();
    for (int h : hours) {
      each.add(two(h) + ":" + two(m));
    }
    return join(each);
  }

  private static String days(String dom, String month, String dow) {
    if (!dom.equals("*") && !dow.equals("*")) {
      return null; // cron's OR of the two reads badly in words
    }
    if (!dow.equals("*")) {
      if (!month.equals("*")) {
        return null;
      }
      List<Integer> d = weekdays(dow);
      if (d == null) {
        return null;
      }
      if (d.equals(List.of(1, 2, 3, 4, 5))) {
        return "every weekday";
      }
      if (d.equals(List.of(0, 6))) {
        return "every weekend day";
      }
      if (d.size() == 7) {
        return "every day";
      }
      List<String> names = new ArrayList<>();
      for (int day : d) {
        names.add(DayOfWeek.of(day == 0 ? 7 : day).getDisplayName(TextStyle.FULL, Locale.ENGLISH));
      }
      return "every " + join(names);
    }
    if (dom.equals("*")) {
      if (month.equals("*")) {
        return "every day";
      }
      List<String> months = months(month);
      return months == null ? null : "every day in " + join(months);
    }
    List<Integer> d = list(dom, 1, 31, null);
    if (d == null || d.size() > 4) {
      return null;
    }
    List<String> ordinals = new ArrayList<>();
    d.forEach(n -> ordinals.add(Integer.toString(n)));
    String daysOf = (d.size() == 1 ? "on day " : "on days ") + join(ordinals);
    if (month.equals("*")) {
      return daysOf + " of every month";
    }
    List<String> months = months(month);
    if (months == null) {
      return null;
    }
    if (d.size() == 1 && months.size() == 1) {
      return "every year on " + d.get(0) + " " + months.get(0);
    }
    return daysOf + " of " + join(months);
  }

  private static List<Integer> weekdays(String field) {
    List<Integer> raw = list(field, 0, 7, DAY_NAMES);
    if (raw == null) {
      return null;
    }
    TreeSet<Integer> days = new TreeSet<>();
    raw.forEach(d -> days.add(d == 7 ? 0 : d));
    return new ArrayList<>(days);
  }

  private static List<String> months(String field) {
    List<Integer> m = list(field, 1, 12, MONTH_NAMES);
    if (m == null) {
      return null;
    }
    List<String> names = new ArrayList<>();
    m.forEach(n -> names.add(Month.of(n).getDisplayName(TextStyle.FULL, Locale.ENGLISH)));
    return names;
  }

  /** {@code *}{@code /N} or {@code 0/N}: the step N, or null. */
  private static Integer step(String field) {
    int slash = field.indexOf('/');
    if (slash < 0) {
      return null;
    }
    String base = field.substring(0, slash);
    if (!base.equals("*") && !base.equals("0")) {
      return null;
    }
    Integer n = number(field.substring(slash + 1), 1, 59, null);
    return n;
  }

  /** A comma list of numbers or names and ranges {@code a-b}, sorted, or null. */
  private static List<Integer> list(String field, int min, int max, Map<String, Integer> names) {
    TreeSet<Integer> values = new TreeSet<>();
    for (String part : field.split(",", -1)) {
      int dash = part.indexOf('-');
      if (dash > 0) {
        Integer from = number(part.substring(0, dash), min, max, names);
        Integer to = number(part.substring(dash + 1), min, max, names);
        if (from == null || to == null || to < from) {
          return null;
        }
        for (int v = from; v <= to; v++) {
          values.add(v);
        }
      } else {
        Integer v = number(part, min, max, names);
        if (v == null) {
          return null;
        }
        values.add(v);
      }
    }
    return new ArrayList<>(values);
  }

  private static Integer number(String text, int min, int max, Map<String, Integer> names) {
    if (names != null) {
      Integer named = names.get(text.toUpperCase(Locale.ROOT));
      if (named != null) {
        return named;
      }
    }
    if (text.isEmpty() || text.length() > 2 || !text.chars().allMatch(Character::isDigit)) {
      return null;
    }
    int n = Integer.parseInt(text);
    return n < min || n > max ? null : n;
  }

  private static String two(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }

  /** {@code a}, {@code a and b}, {@code a, b and c}. */
  private static String join(List<String> items) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }
}
