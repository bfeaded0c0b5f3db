// Formatting of times, durations, JSON and cadences for display. Pure functions of their input.

/** "2026-12-01 15:04:05" in the browser's zone, or "—". */
export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "3 s ago", "in 2 min" relative to now. */
export function relative(iso, now = Date.now()) {
  if (!iso) return '';
  const diff = new Date(iso).getTime() - now;
  const text = duration(Math.abs(diff));
  return diff < 0 ? `${text} ago` : `in ${text}`;
}

/** A duration in milliseconds as "850 ms", "12.3 s", "4 min 10 s", "2 h 5 min", "3 d 4 h". */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const sec = ms / 1000;
  if (sec < 60) return `${sec < 10 ? sec.toFixed(1) : Math.round(sec)} s`;
  const min = Math.floor(sec / 60);
  if (min < 60) return `${min} min ${Math.round(sec % 60)} s`;
  const hours = Math.floor(min / 60);
  if (hours < 48) return `${hours} h ${min % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** The time between two instants, or "—" when one is missing. */
export function between(startIso, endIso) {
  if (!startIso || !endIso) return '—';
  return duration(new Date(endIso).getTime() - new Date(startIso).getTime());
}

/** JSON indented by two spaces; null as "null". */
export function json(value) {
  return JSON.stringify(value ?? null, null, 2);
}

/** 1234567 → "1,234,567". */
export function count(n) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US');
}

/**
 * A schedule's cadence in words: the server's cadence_description ("every weekday at 09:00,
 * Europe/London"), else the raw cadence.
 */
export function cadence(schedule) {
  if (schedule.cadence_description) return schedule.cadence_description;
  const zone = schedule.timezone ? `, ${schedule.timezone}` : '';
  if (schedule.interval) return `every ${schedule.interval.value} ${schedule.interval.unit}(s)`;
  if (schedule.cron) return `cron ${schedule.cron}${zone}`;
  return '—';
}
