// The dashboard's entry module: the session, the hash routes, and the header. Each page is a
// module exporting render(main, route, live) that builds its content from the /v1 API.

import * as api from './api.js';
import { Live } from './live.js';
import { showError } from './ui.js';

const pages = {
  login: () => import('./login.js'),
  overview: () => import('./overview.js'),
  jobs: () => import('./jobs.js'),
  job: () => import('./job.js'),
  schedules: () => import('./schedules.js'),
  schedule: () => import('./schedule.js'),
  audit: () => import('./audit.js'),
};

let live = null;
let generation = 0;
let shownHash = null;

/** The route of a hash: "#/jobs/abc?x=1" → {page: 'job', id: 'abc', params}. */
export function parse(hash) {
  const [path, search = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(search);
  if (parts.length === 0) return { page: 'overview', params };
  if (parts[0] === 'jobs' && parts[1]) return { page: 'job', id: parts[1], params };
  if (parts[0] === 'schedules' && parts[1]) return { page: 'schedule', id: parts[1], params };
  return { page: parts[0] in pages ? parts[0] : 'overview', params };
}

async function show() {
  const mine = ++generation;
  live?.stop();
  live = new Live();
  const route = parse(location.hash);
  const main = document.getElementById('main');
  if (!api.current() && route.page !== 'login') {
    location.replace(`#/login?next=${encodeURIComponent(location.hash || '#/overview')}`);
    return;
  }
  header(route.page);
  const newPage = location.hash !== shownHash;
  if (newPage) {
    // A new page: the last action's message belonged to the one before.
    document.getElementById('notice').hidden = true;
    shownHash = location.hash;
  }
  try {
    const module = await pages[route.page]();
    if (mine !== generation) return;
    await module.render(main, route, live);
    main.dataset.page = route.page;
    // Keyboard and screen-reader users land on the new content (unless the page focused a field).
    if (newPage && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
    // For the measurements in docs/benchmarks.md: when the page first showed its data.
    performance.mark(`chronos:rendered:${route.page}`);
  } catch (e) {
    if (mine === generation) showError(main, e);
  }
}

function header(page) {
  const session = api.current();
  document.getElementById('nav').hidden = !session;
  document.getElementById('who').hidden = !session;
  const group = { job: 'jobs', schedule: 'schedules' }[page] ?? page;
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.route === group) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (session) {
    document.getElementById('who-name').textContent = `${session.account} · ${session.key_name}`;
    document.getElementById('who-mode').textContent = session.read_only ? 'read-only' : 'read-write';
  }
  document.title = `Chronos · ${group[0].toUpperCase()}${group.slice(1)}`;
}

async function start() {
  document.getElementById('logout').addEventListener('click', async () => {
    await api.logout().catch(() => {});
    location.hash = '#/login';
    show();
  });
  api.onUnauthorized(() => {
    if (!location.hash.startsWith('#/login')) location.hash = '#/login';
  });
  window.addEventListener('hashchange', show);
  try {
    await api.restore();
  } catch (e) {
    showError(document.getElementById('main'), e);
    return;
  }
  show();
}

start();
