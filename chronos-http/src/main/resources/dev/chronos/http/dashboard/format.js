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

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/**
 * A schedule's cadence in words: "every weekday at 09:00, Europe/London", "every 15 minutes".
 * The server's own wording (cadence_description) wins when it sends one; cron expressions this
 * cannot put in words are shown as they are.
 */
export function cadence(schedule) {
  const zone = schedule.timezone ? `, ${schedule.timezone}` : '';
  if (schedule.cadence_description) return schedule.cadence_description;
  if (schedule.interval) {
    const { value, unit } = schedule.interval;
    const name = String(unit).replace(/s$/, '');
    return value === 1 ? `every ${name}` : `every ${value} ${name}s`;
  }
  if (schedule.cron) {
    const words = cronWords(schedule.cron);
    return words ? `${words}${zone}` : `cron ${schedule.cron}${zone}`;
  }
  return '—';
}

/** Words for the common five-field cron shapes, or null. Exported for the page tests. */
export function cronWords(cron) {
  const parts = String(cron).trim().split(/\s+/);
  if (parts.length === 6) parts.shift(); // a seconds field: words for the minute and above
  if (parts.length !== 5) return null;
  const [min, hour, dom, mon, dow] = parts;
  const num = (v) => /^\d+$/.test(v);
  const step = (v) => (v.match(/^\*\/(\d+)$/) || [])[1];
  if (min === '*' && hour === '*' && dom === '*' && mon === '*' && dow === '*') return 'every minute';
  if (step(min) && hour === '*' && dom === '*' && mon === '*' && dow === '*') return `every ${step(min)} minutes`;
  if (num(min) && hour === '*' && dom === '*' && mon === '*' && dow === '*') {
    return min === '0' ? 'every hour, on the hour' : `every hour at minute ${min}`;
  }
  if (num(min) && step(hour) && dom === '*' && mon === '*' && dow === '*') {
    return `every ${step(hour)} hours at minute ${min}`;
  }
  if (!num(min) || !num(hour)) return null;
  const at = `at ${hour.padStart(2, '0')}:${min.padStart(2, '0')}`;
  if (dom === '*' && mon === '*') {
    if (dow === '*') return `every day ${at}`;
    const days = dayWords(dow);
    return days ? `every ${days} ${at}` : null;
  }
  if (num(dom) && dow === '*') {
    if (mon === '*') return `on day ${dom} of every month ${at}`;
    if (num(mon) && +mon >= 1 && +mon <= 12) return `every ${MONTHS[+mon - 1]} ${dom} ${at}`;
  }
  return null;
}

function dayWords(dow) {
  const names = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 };
  const day = (v) => (v.toUpperCase() in names ? names[v.toUpperCase()] : /^[0-7]$/.test(v) ? +v % 7 : null);
  const range = dow.match(/^(\w+)-(\w+)$/);
  if (range && day(range[1]) === 1 && day(range[2]) === 5) return 'weekday';
  if (range && day(range[1]) === 6 && day(range[2]) === 0) return 'weekend day';
  const list = dow.split(',').map(day);
  if (list.some((d) => d === null)) return null;
  return list.map((d) => DAYS[d]).join(', ');
}
