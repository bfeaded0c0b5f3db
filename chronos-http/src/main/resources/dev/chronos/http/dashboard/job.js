// One job: its fields, payload and result as formatted JSON, its executions as a timeline, and
// the actions its status allows (cancel, retry, run now, reschedule). Refreshes while it may change.

import { h, replace, badge, fields } from './dom.js';
import * as api from './api.js';
import * as fmt from './format.js';
import { actionBar, confirm, showError } from './ui.js';

const FINAL = ['completed', 'failed', 'cancelled'];
export const REFRESH_MS = 2000;

export async function render(main, route, live) {
  const id = route.id;
  const path = `v1/jobs/${encodeURIComponent(id)}`;
  let shownFinal = false;
  const load = async () => {
    const [job, executions] = await Promise.all([api.get(path), api.get(`${path}/executions`)]);
    replace(main, view(job.data, executions.data, load));
    shownFinal = FINAL.includes(job.data.status);
  };
  try {
    await load();
  } catch (e) {
    showError(main, e);
    return;
  }
  // Never refresh under an open dialog; a finished job (which may still be retried from elsewhere)
  // is not refreshed while the keyboard focus is on it, so reading it with the keyboard works.
  live.every(REFRESH_MS, async () => {
    if (document.querySelector('dialog[open]')) return;
    if (shownFinal && main.contains(document.activeElement)) return;
    await load();
  });
}

function view(job, executions, reload) {
  const waiting = job.status === 'pending' || job.status === 'retrying';
  const path = `v1/jobs/${encodeURIComponent(job.id)}`;
  const actions = actionBar([
    waiting && { name: 'run', label: 'Run now', run: async () => { await api.post(`${path}/run`); return 'The job is due now.'; } },
    waiting && { name: 'reschedule', label: 'Reschedule…', run: () => reschedule(job, path) },
    job.status === 'failed' && { name: 'retry', label: 'Retry', run: async () => { await api.post(`${path}/retry`); return 'The job runs again.'; } },
    waiting && { name: 'cancel', label: 'Cancel job', danger: true,
      confirm: { title: 'Cancel this job?', body: `“${job.name}” will not run. This cannot be undone.` },
      run: async () => { await api.post(`${path}/cancel`); return 'The job was cancelled.'; } },
  ], reload);
  const delivery = job.delivery?.type === 'push' ? `push to ${job.delivery.http?.method ?? 'POST'} ${job.delivery.http?.url ?? ''}` : job.delivery?.type;
  return [
    h('p', { class: 'back' }, h('a', { href: '#/jobs' }, '← Jobs')),
    h('h1', {}, job.name || job.id, ' ', h('span', { id: 'job-status' }, badge(job.status))),
    actions,
    h('div', { class: 'grid2' },
      h('section', { class: 'panel' }, h('h2', {}, 'Fields'), fields([
        ['Id', h('span', { class: 'mono', id: 'job-id' }, job.id)],
        ['Handler', h('span', { class: 'mono' }, job.handler)],
        ['Status', job.status],
        ['Runs at', `${fmt.time(job.run_at)} (${fmt.relative(job.run_at)})`],
        ['Scheduled for', fmt.time(job.scheduled_for)],
        ['Attempts', `${job.attempts} (retries allowed: ${job.max_retries})`],
        ['Timeout', fmt.duration(job.timeout * 1000)],
        ['Delivery', delivery],
        ['Idempotency key', job.idempotency_key ?? '—'],
        ['Schedule', job.schedule_id ? h('a', { href: `#/schedules/${encodeURIComponent(job.schedule_id)}` }, job.schedule_id) : 'one-off'],
        ['Created', fmt.time(job.created_at)],
        ['Updated', fmt.time(job.updated_at)],
        ['Last error', job.last_error ? h('span', { class: 'error', id: 'job-last-error' }, firstLine(job.last_error)) : '—'],
      ])),
      h('section', { class: 'panel' },
        h('h2', {}, 'Payload'), h('pre', { class: 'json', id: 'job-payload' }, fmt.json(job.payload)),
        h('h2', {}, 'Result'), h('pre', { class: 'json', id: 'job-result' }, fmt.json(job.result)))),
    h('h2', {}, `Executions (${executions.length})`),
    timeline(executions),
  ];
}

function timeline(executions) {
  if (executions.length === 0) return h('p', { class: 'muted', id: 'executions' }, 'No attempt yet.');
  return h('ol', { class: 'timeline', id: 'executions' }, executions.map((e) =>
    h('li', { class: `t-${e.status}`, 'data-attempt': e.attempt, 'data-status': e.status },
      h('div', { class: 'head' },
        h('strong', {}, `Attempt ${e.attempt}`), badge(e.status),
        h('span', {}, `trigger: ${e.trigger}`),
        h('span', { title: 'started' }, fmt.time(e.started_at)),
        h('span', { title: 'duration' }, e.finished_at ? fmt.between(e.started_at, e.finished_at) : 'running'),
        e.http_status !== undefined && e.http_status !== null ? h('span', {}, `HTTP ${e.http_status}`) : null,
        e.node ? h('span', { class: 'muted mono' }, `node ${e.node}`) : null),
      e.error ? errorBlock(e.error) : null,
      e.result !== null && e.result !== undefined ? h('details', {}, h('summary', {}, 'Result'), h('pre', { class: 'json' }, fmt.json(e.result))) : null)));
}

function errorBlock(error) {
  const first = firstLine(error);
  const nodes = [h('div', { class: 'error exec-error' }, first)];
  if (first !== error) {
    nodes.push(h('details', {}, h('summary', {}, 'Full error and stack trace'), h('pre', { class: 'stack' }, error)));
  }
  return nodes;
}

function firstLine(text) {
  const line = String(text).split('\n')[0];
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

async function reschedule(job, path) {
  const input = h('label', {}, 'Run at (your local time)',
    h('input', { type: 'datetime-local', id: 'reschedule-at', required: true, step: 1 }));
  const value = await confirm('Reschedule this job', `“${job.name}” will run at the time you choose.`, 'Reschedule', { input });
  if (!value) return false;
  await api.post(`${path}/reschedule`, { run_at: new Date(value).toISOString() });
  return `The job runs at ${fmt.time(new Date(value).toISOString())}.`;
}
