// Audit log: every action taken through the API (and this dashboard) with the key that took it.

import { h, replace, table } from './dom.js';
import * as api from './api.js';
import * as fmt from './format.js';
import { errorText } from './ui.js';

const PAGE_SIZE = 50;

export async function render(main, route) {
  const page = Math.max(1, Number(route.params.get('page') ?? 1) || 1);
  const results = h('div', { id: 'audit-results' });
  replace(main, h('h1', {}, 'Audit log'), results);
  try {
    const answer = await api.get(`v1/audit${api.query({ page, size: PAGE_SIZE })}`);
    const rows = answer.data.map((a) => [
      h('span', { title: a.at, class: 'nowrap' }, fmt.time(a.at)),
      h('span', { class: 'mono' }, a.action),
      target(a.target),
      a.key_name ?? a.key_id ?? '—',
      a.via,
      detail(a.detail),
    ]);
    const paging = answer.meta?.paging ?? {};
    replace(results,
      table([{ label: 'When' }, { label: 'Action' }, { label: 'Target' }, { label: 'Key' }, { label: 'Via', class: 'hide-phone' },
        { label: 'Detail', class: 'hide-phone' }], rows, 'Nothing recorded yet.'),
      h('div', { class: 'pager' },
        page > 1 ? h('a', { class: 'button', href: `#/audit?page=${page - 1}` }, 'Newer') : null,
        h('span', { class: 'muted' }, `Page ${page}${paging.pages ? ` of ${paging.pages}` : ''}`),
        page < (paging.pages ?? 1) ? h('a', { class: 'button', href: `#/audit?page=${page + 1}` }, 'Older') : null));
  } catch (e) {
    replace(results, h('p', { class: 'error', role: 'alert' }, errorText(e)));
  }
}

function target(text) {
  const [kind, id] = String(text ?? '').split(':');
  const label = id ? `${kind} ${id.slice(0, 8)}` : text || '—';
  if (kind === 'job' && id) return h('a', { href: `#/jobs/${encodeURIComponent(id)}`, class: 'mono nowrap', title: text }, label);
  if (kind === 'schedule' && id) return h('a', { href: `#/schedules/${encodeURIComponent(id)}`, class: 'mono nowrap', title: text }, label);
  return h('span', { class: 'mono', title: text }, label);
}

/** The entry's detail as compact JSON, cut at 160 characters (all of it in the tooltip). */
function detail(value) {
  if (!value || Object.keys(value).length === 0) return '';
  const text = JSON.stringify(value);
  return h('code', { class: 'detail', title: text }, text.length > 160 ? `${text.slice(0, 160)}…` : text);
}
