// Schedules: every schedule of the account with its cadence in words, next fire, runs and status.

import { h, replace, badge, table } from './dom.js';
import * as api from './api.js';
import * as fmt from './format.js';
import { errorText } from './ui.js';

const PAGE_SIZE = 50;

export async function render(main, route) {
  const status = route.params.get('status') ?? '';
  const page = Number(route.params.get('page') ?? 1);
  const select = h('select', { id: 'schedule-status', name: 'status' },
    [['', 'any'], ['active', 'active'], ['paused', 'paused'], ['completed', 'completed'], ['archived', 'archived']]
      .map(([v, t]) => h('option', { value: v, selected: status === v }, t)));
  select.addEventListener('change', () => { location.hash = `#/schedules${api.query({ status: select.value })}`; });
  const results = h('div', { id: 'schedules-results' });
  replace(main, h('h1', {}, 'Schedules'), h('div', { class: 'actions' }, h('label', {}, 'Status', select)), results);
  try {
    const answer = await api.get(`v1/schedules${api.query({ status, page, size: PAGE_SIZE })}`);
    const rows = answer.data.map((sc) => [
      h('a', { href: `#/schedules/${encodeURIComponent(sc.id)}`, class: 'schedule-link', 'data-schedule-id': sc.id }, sc.name || sc.key || sc.id),
      fmt.cadence(sc),
      h('span', { class: 'mono' }, sc.handler),
      badge(sc.status),
      sc.next_run_at ? h('span', { title: fmt.time(sc.next_run_at) }, fmt.relative(sc.next_run_at)) : '—',
      fmt.count(sc.run_count),
    ]);
    const paging = answer.meta?.paging ?? {};
    const pager = h('div', { class: 'pager' },
      page > 1 ? h('a', { class: 'button', href: `#/schedules${api.query({ status, page: page - 1 })}` }, 'Previous') : null,
      h('span', { class: 'muted' }, `Page ${paging.page ?? page} of ${paging.pages ?? 1} · ${fmt.count(paging.total)} schedules`),
      page < (paging.pages ?? 1) ? h('a', { class: 'button', href: `#/schedules${api.query({ status, page: page + 1 })}` }, 'Next') : null);
    replace(results, table([{ label: 'Name' }, { label: 'Cadence' }, { label: 'Handler', class: 'hide-phone' },
      { label: 'Status' }, { label: 'Next fire' }, { label: 'Fired', class: 'num' }], rows, 'No schedule.'), pager);
  } catch (e) {
    replace(results, h('p', { class: 'error', role: 'alert' }, errorText(e)));
  }
}
