// One schedule: cadence in words, next fire times, runs so far, misfire and overlap policies, the
// jobs it spawned; pause, resume, trigger now, archive for keys that may write.

import { h, replace, badge, fields, table } from './dom.js';
import * as api from './api.js';
import * as fmt from './format.js';
import { actionBar, showError } from './ui.js';

export async function render(main, route) {
  const path = `v1/schedules/${encodeURIComponent(route.id)}`;
  const load = async () => {
    const [schedule, jobs] = await Promise.all([
      api.get(path),
      api.get(`v1/jobs${api.query({ schedule_id: route.id, size: 20 })}`),
    ]);
    replace(main, view(schedule.data, jobs, path, load));
  };
  try {
    await load();
  } catch (e) {
    showError(main, e);
  }
}

function view(sc, jobs, path, reload) {
  const live = sc.status === 'active' || sc.status === 'paused';
  const actions = actionBar([
    sc.status === 'active' && { name: 'pause', label: 'Pause', run: async () => { await api.post(`${path}/pause`); return 'The schedule is paused.'; } },
    sc.status === 'paused' && { name: 'resume', label: 'Resume', run: async () => { await api.post(`${path}/resume`); return 'The schedule is active again.'; } },
    live && { name: 'trigger', label: 'Trigger now', run: async () => {
      const job = (await api.post(`${path}/trigger`)).data;
      return `A job of this schedule runs now (${job.id.slice(0, 8)}).`;
    } },
    sc.status !== 'archived' && { name: 'archive', label: 'Archive', danger: true,
      confirm: { title: 'Archive this schedule?', body: `“${sc.name}” will never fire again. Archived schedules cannot be resumed.` },
      run: async () => { await api.post(`${path}/archive`); return 'The schedule is archived.'; } },
  ], reload);
  const next = sc.next_fires ?? (sc.next_run_at ? [sc.next_run_at] : []);
  const cadenceRaw = sc.cron ? `cron ${sc.cron}` : sc.interval ? `interval ${sc.interval.value} ${sc.interval.unit}` : '—';
  const rows = jobs.data.map((j) => [
    h('a', { href: `#/jobs/${encodeURIComponent(j.id)}` }, fmt.time(j.scheduled_for)),
    badge(j.status), j.attempts, h('span', { class: 'mono' }, j.id.slice(0, 8)),
  ]);
  const more = jobs.meta?.next_cursor
    ? h('p', {}, h('a', { href: `#/jobs${api.query({ schedule_id: sc.id })}` }, 'All jobs of this schedule →'))
    : null;
  return [
    h('p', { class: 'back' }, h('a', { href: '#/schedules' }, '← Schedules')),
    h('h1', {}, sc.name || sc.key || sc.id, ' ', h('span', { id: 'schedule-status-badge' }, badge(sc.status))),
    h('p', { class: 'muted', id: 'schedule-cadence' }, fmt.cadence(sc)),
    actions,
    h('div', { class: 'grid2' },
      h('section', { class: 'panel' }, h('h2', {}, 'Fields'), fields([
        ['Id', h('span', { class: 'mono' }, sc.id)],
        ['Key', sc.key ?? '—'],
        ['Handler', h('span', { class: 'mono' }, sc.handler)],
        ['Cadence', cadenceRaw],
        ['Time zone', sc.timezone],
        ['Description', sc.description ?? '—'],
        ['Fired', fmt.count(sc.run_count)],
        ['Jobs spawned', sc.jobs_spawned === undefined ? '—' : `${sc.jobs_spawned_is_exact === false ? 'at least ' : ''}${fmt.count(sc.jobs_spawned)}`],
        ['Run limit', typeof sc.runs === 'number' ? fmt.count(sc.runs) : 'none'],
        ['Stops at', fmt.time(sc.stop_at)],
        ['Misfire policy', sc.misfire_policy],
        ['Overlap policy', sc.overlap_policy],
        ['Timeout', fmt.duration((sc.timeout ?? 0) * 1000)],
        ['Max retries', sc.max_retries],
        ['Created', fmt.time(sc.created_at)],
        ['Updated', fmt.time(sc.updated_at)],
      ])),
      h('section', { class: 'panel' }, h('h2', {}, 'Next fires'),
        next.length === 0 ? h('p', { class: 'muted' }, 'None: the schedule will not fire again.')
          : h('ol', { id: 'next-fires' }, next.map((t) => h('li', {}, `${fmt.time(t)} (${fmt.relative(t)})`))))),
    h('h2', {}, 'Its jobs'),
    table([{ label: 'Scheduled for' }, { label: 'Status' }, { label: 'Attempts', class: 'num' }, { label: 'Id' }], rows, 'No job yet.'),
    more,
  ];
}
