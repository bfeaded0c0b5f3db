// Jobs: the table with filters (status, handler, one-off/scheduled, schedule, time range), search
// (id or idempotency key) and a payload field; keyset paging (next_cursor), so a page far into the
// list costs what the first one does; bulk retry/cancel of the current filter with a count preview.
// The filters live in the URL hash, so a filtered view can be bookmarked and Back works.

import { h, replace, badge, table } from './dom.js';
import * as api from './api.js';
import * as fmt from './format.js';
import { confirm, errorText, notify } from './ui.js';

const STATUSES = ['pending', 'running', 'retrying', 'completed', 'failed', 'cancelled'];
const FILTERS = ['status', 'handler', 'kind', 'schedule_id', 'created_after', 'created_before', 'q'];
const BULK_FILTERS = ['status', 'handler', 'kind', 'schedule_id'];
export const REFRESH_MS = 3000;
const PAGE_SIZE = 25;

/** Cursors of the pages before the current one, to go back without counting offsets. */
let history = [];

export async function render(main, route, live) {
  const filters = readFilters(route.params);
  const after = route.params.get('after');
  if (!after) history = [];
  const results = h('div', { id: 'jobs-results', 'aria-live': 'polite' });
  const pager = h('div', { class: 'pager' });
  replace(main, h('h1', {}, 'Jobs'), filterForm(filters), bulkBar(filters), results, pager);
  const load = async () => {
    const answer = await api.get(`v1/jobs${api.query({ ...apiFilters(filters), size: PAGE_SIZE, after })}`);
    replace(results, jobsTable(answer.data));
    replace(pager, pagerView(answer.meta ?? {}, filters, after, answer.data.length));
  };
  try {
    await load();
  } catch (e) {
    replace(results, h('p', { class: 'error', role: 'alert' }, errorText(e)));
    return;
  }
  // Live on the first page only: further pages stay put while they are read.
  if (!after) live.every(REFRESH_MS, load);
}

/** The filters of the hash: {status: [..], handler, kind, ..., payload: {field, value}}. */
function readFilters(params) {
  const f = { status: (params.get('status') ?? '').split(',').filter(Boolean) };
  for (const k of FILTERS.slice(1)) f[k] = params.get(k) ?? '';
  f.payloadField = params.get('payload_field') ?? '';
  f.payloadValue = params.get('payload_value') ?? '';
  return f;
}

/** The API's query parameters for the filters. */
function apiFilters(f) {
  const q = { status: f.status.join(',') };
  for (const k of FILTERS.slice(1)) q[k] = f[k];
  if (f.payloadField) q[`payload.${f.payloadField}`] = f.payloadValue;
  return q;
}

function hashFor(f, after) {
  const q = { status: f.status.join(',') };
  for (const k of FILTERS.slice(1)) q[k] = f[k];
  q.payload_field = f.payloadField;
  q.payload_value = f.payloadField ? f.payloadValue : '';
  q.after = after;
  return `#/jobs${api.query(q)}`;
}

function filterForm(f) {
  const input = (name, label, value, attrs = {}) =>
    h('label', { class: attrs.wide ? 'wide' : null }, label,
      h('input', { name, id: `f-${name}`, value, ...attrs, wide: null }));
  const local = (iso) => {
    if (!iso) return '';
    const d = new Date(iso);
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  };
  const kind = h('select', { name: 'kind', id: 'f-kind' },
    [['', 'any'], ['one_off', 'one-off only'], ['scheduled', 'from a schedule']].map(([v, t]) =>
      h('option', { value: v, selected: f.kind === v }, t)));
  const form = h('form', { class: 'filters', id: 'job-filters', role: 'search' },
    h('fieldset', {}, h('legend', {}, 'Status'), STATUSES.map((st) =>
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'status', value: st, checked: f.status.includes(st) }), st))),
    input('q', 'Search: job id or idempotency key', f.q, { type: 'search', wide: true }),
    input('handler', 'Handler', f.handler),
    h('label', {}, 'Kind', kind),
    input('schedule_id', 'Schedule id', f.schedule_id),
    input('created_after', 'Created after', local(f.created_after), { type: 'datetime-local' }),
    input('created_before', 'Created before', local(f.created_before), { type: 'datetime-local' }),
    input('payload_field', 'Payload field', f.payloadField, { placeholder: 'fileId' }),
    input('payload_value', 'equals', f.payloadValue),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'apply-filters' }, 'Apply'),
      h('a', { class: 'button', href: '#/jobs', id: 'clear-filters' }, 'Clear')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const iso = (v) => (v ? new Date(v).toISOString() : '');
    const next = {
      status: data.getAll('status'),
      handler: String(data.get('handler')).trim(),
      kind: String(data.get('kind')),
      schedule_id: String(data.get('schedule_id')).trim(),
      created_after: iso(data.get('created_after')),
      created_before: iso(data.get('created_before')),
      q: String(data.get('q')).trim(),
      payloadField: String(data.get('payload_field')).trim(),
      payloadValue: String(data.get('payload_value')),
    };
    location.hash = hashFor(next);
  });
  return form;
}

function jobsTable(jobs) {
  const rows = jobs.map((j) => [
    h('a', { href: `#/jobs/${encodeURIComponent(j.id)}`, class: 'job-link', 'data-job-id': j.id }, j.name || j.id),
    h('span', { class: 'mono' }, j.handler),
    badge(j.status),
    j.attempts,
    h('span', { title: fmt.time(j.run_at) }, fmt.relative(j.run_at)),
    h('span', { class: 'mono', title: j.id }, j.id.slice(0, 8)),
    j.schedule_id ? h('a', { href: `#/schedules/${encodeURIComponent(j.schedule_id)}` }, 'schedule') : 'one-off',
  ]);
  return table([{ label: 'Name' }, { label: 'Handler' }, { label: 'Status' }, { label: 'Attempts', class: 'num' },
    { label: 'Runs at' }, { label: 'Id', class: 'hide-phone' }, { label: 'Kind', class: 'hide-phone' }], rows, 'No job matches.');
}

function pagerView(meta, f, after, shown) {
  const total = meta.paging?.total;
  const exact = meta.total_is_exact !== false;
  const parts = [];
  if (after) {
    parts.push(h('a', { class: 'button', href: hashFor(f), id: 'first-page' }, 'First page'));
    const prev = history.at(-1);
    const back = h('button', { type: 'button', id: 'prev-page' }, 'Previous');
    back.addEventListener('click', () => { history.pop(); location.hash = hashFor(f, prev ?? ''); });
    parts.push(back);
  }
  let summary = `${shown} shown`;
  if (total !== undefined) summary += exact ? ` of ${fmt.count(total)}` : ` · at least ${fmt.count(total)} match`;
  if (meta.scan_capped) summary += ` · ${fmt.count(meta.scanned)} rows read; continue for more`;
  parts.push(h('span', { class: 'muted', id: 'jobs-summary' }, summary));
  if (meta.next_cursor) {
    const next = h('button', { type: 'button', id: 'next-page' }, 'Next page');
    next.addEventListener('click', () => { history.push(after ?? ''); location.hash = hashFor(f, meta.next_cursor); });
    parts.push(next);
  }
  return parts;
}

function bulkBar(f) {
  if (!api.canWrite()) return null;
  const body = {};
  for (const k of BULK_FILTERS) {
    const v = k === 'status' ? f.status.join(',') : f[k];
    if (v) body[k] = v;
  }
  const other = f.created_after || f.created_before || f.q || f.payloadField || f.kind === 'scheduled';
  const note = h('span', { class: 'muted' });
  const bar = h('div', { class: 'actions', role: 'group', 'aria-label': 'Bulk actions' });
  const usable = Object.keys(body).length > 0 && !other;
  if (!usable) {
    note.textContent = other
      ? 'Bulk actions take status, handler, schedule and one-off filters only.'
      : 'Filter by status, handler or schedule to act on many jobs.';
  }
  for (const [action, label, verb] of [['retry', 'Retry matching failed jobs…', 'retried'], ['cancel', 'Cancel matching waiting jobs…', 'cancelled']]) {
    const button = h('button', { type: 'button', id: `bulk-${action}`, disabled: !usable, class: action === 'cancel' ? 'danger' : '' }, label);
    button.addEventListener('click', () => bulk(action, verb, body, button));
    bar.append(button);
  }
  bar.append(note);
  return bar;
}

async function bulk(action, verb, body, button) {
  button.disabled = true;
  try {
    const preview = (await api.post(`v1/jobs/bulk/${action}`, { ...body, dry_run: true })).data;
    const filterText = Object.entries(body).map(([k, v]) => `${k} = ${v}`).join(', ');
    const what = action === 'retry' ? 'failed' : 'pending or retrying';
    const n = `${preview.count_is_exact === false ? 'at least ' : ''}${fmt.count(preview.count)}`;
    if (preview.count === 0) {
      notify(`No ${what} job matches ${filterText}.`);
      return;
    }
    const ok = await confirm(`${action === 'retry' ? 'Retry' : 'Cancel'} ${n} jobs?`,
      h('p', { id: 'bulk-preview', 'data-count': preview.count }, `${n} ${what} jobs match ${filterText}. Jobs claimed meanwhile are skipped.`),
      `${action === 'retry' ? 'Retry' : 'Cancel'} ${n}`, { danger: action === 'cancel' });
    if (!ok) return;
    const done = (await api.post(`v1/jobs/bulk/${action}`, body)).data;
    notify(`${fmt.count(done[verb])} jobs ${verb}.`);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } catch (e) {
    notify(`Bulk ${action} failed: ${errorText(e)}`, true);
  } finally {
    button.disabled = false;
  }
}
