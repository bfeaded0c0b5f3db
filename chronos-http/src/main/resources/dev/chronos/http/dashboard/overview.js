// Overview: jobs per status, attempts per minute over the last hour, the due backlog and its lag,
// lateness p50/p99, the live nodes and this node's lanes. Refreshes every 3 s while visible.

import { h, replace, table } from './dom.js';
import * as api from './api.js';
import * as fmt from './format.js';
import { throughputChart } from './chart.js';
import { errorText } from './ui.js';

const STATUSES = ['pending', 'running', 'retrying', 'completed', 'failed', 'cancelled'];
export const REFRESH_MS = 3000;
const NOT_SERVED = 'not served';

export async function render(main, route, live) {
  const body = h('div', { id: 'overview' });
  const updated = h('span', { class: 'muted', id: 'overview-updated', 'aria-live': 'off' });
  const error = h('p', { class: 'error', role: 'alert' });
  replace(main, h('h1', {}, 'Overview ', updated), error, body);
  const load = async () => {
    try {
      const stats = (await api.get('v1/stats')).data;
      replace(body, view(stats));
      error.textContent = '';
      updated.textContent = `· updated ${fmt.time(new Date().toISOString()).slice(11)}`;
    } catch (e) {
      error.textContent = `Could not refresh: ${errorText(e)}`;
      throw e;
    }
  };
  await load();
  live.every(REFRESH_MS, load);
}

function view(stats) {
  const jobs = stats.jobs ?? {};
  const approx = stats.jobs_exact === false ? '≥ ' : '';
  const counts = h('div', { class: 'cards', id: 'status-counts' }, STATUSES.map((status) =>
    h('a', { class: 'card', href: `#/jobs?status=${status}`, 'data-status': status },
      h('div', { class: 'label' }, status), h('div', { class: 'value' }, approx + fmt.count(jobs[status] ?? 0)))));
  // due, lateness and throughput are optional in the stats answer (a server may not serve them
  // yet, docs/dashboard-api.md): each card says "not served" rather than a made-up zero.
  // due_backlog is the store's (every account): runnable jobs due now, counted up to a bound.
  const due = stats.due_backlog;
  const lateness = stats.lateness;
  const lag = due?.oldest_due_lag_ms ?? stats.node?.oldest_due_lag_ms;
  const ms = (v) => (v === null || v === undefined ? '—' : fmt.duration(v));
  const health = h('div', { class: 'cards', id: 'health' },
    card('Due backlog', due ? (due.exact === false ? '≥ ' : '') + fmt.count(due.count) : NOT_SERVED, 'due-backlog'),
    card(due ? 'Oldest due lag' : 'Oldest due lag (this node)', ms(lag), 'oldest-lag'),
    card('Lateness p50', lateness ? ms(lateness.p50_ms) : NOT_SERVED, 'lateness-p50'),
    card('Lateness p99', lateness ? ms(lateness.p99_ms) : NOT_SERVED, 'lateness-p99'));
  const chart = h('section', { class: 'panel', 'aria-labelledby': 'chart-title' },
    h('h2', { id: 'chart-title' }, 'Attempts per minute, last hour'),
    stats.throughput
      ? [throughputChart(stats.throughput),
        h('div', { class: 'legend' }, h('span', {}, h('span', { class: 'sw completed' }), 'completed'),
          h('span', {}, h('span', { class: 'sw failed' }), 'failed'),
          lateness ? h('span', {}, `${lateness.attempts ?? 0} recent attempts measured for lateness`) : null)]
      : h('p', { class: 'muted', id: 'chart-not-served' },
        'This server does not report attempts per minute yet; the counts above and the nodes below are live.'));
  return [counts, h('h2', {}, 'Keeping up'), health, chart, nodes(stats)];
}

function card(label, value, id) {
  return h('div', { class: 'card', id }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value));
}

function nodes(stats) {
  const list = stats.nodes ?? (stats.node ? [{ id: stats.node.id }] : []);
  const here = stats.node;
  const rows = list.map((n) => [
    h('span', { class: 'mono' }, n.id),
    n.id === here?.id ? 'this node' : '',
    fmt.relative(n.heartbeat_at),
    (n.handlers ?? []).join(', ') || '—',
    (n.pulled_handlers ?? []).join(', ') || '—',
  ]);
  const lanes = (here?.lanes ?? []).map((l) => [l.name, fmt.count(l.queued), fmt.count(l.running), fmt.count(l.free_slots)]);
  const num = { class: 'num' };
  return [
    h('h2', {}, `Live nodes (${list.length})`),
    table([{ label: 'Node' }, { label: '' }, { label: 'Heartbeat' }, { label: 'Handlers' }, { label: 'Pulled' }], rows, 'No live node.'),
    h('h2', {}, `Lanes of ${here?.id ?? 'this node'}`),
    table([{ label: 'Lane' }, { label: 'Queued', ...num }, { label: 'Running', ...num }, { label: 'Free slots', ...num }], lanes, 'No lane.'),
  ];
}
