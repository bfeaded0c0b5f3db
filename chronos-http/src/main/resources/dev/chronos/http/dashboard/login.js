// Log in with an API key. The key goes to ui/session once; the server answers with an HttpOnly
// cookie and the CSRF token, so the key itself is never stored by the page.

import { h, replace } from './dom.js';
import * as api from './api.js';

export async function render(main, route) {
  const input = h('input', { id: 'key', name: 'key', type: 'password', autocomplete: 'off', required: true,
    spellcheck: 'false', placeholder: 'chrns_…', 'aria-describedby': 'key-help' });
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'login-submit' }, 'Log in');
  const form = h('form', { id: 'login-form' },
    h('label', { for: 'key' }, 'API key'), input,
    h('p', { id: 'key-help', class: 'muted' },
      'Any key of your account. A read-only key shows everything and offers no actions.'),
    submit, error);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      await api.login(input.value.trim());
      input.value = '';
      const next = route.params.get('next');
      location.hash = next && next.startsWith('#/') && !next.startsWith('#/login') ? next : '#/overview';
    } catch (e) {
      error.textContent = e.status === 401 ? 'That key was not accepted.' : e.message;
      input.select();
    } finally {
      submit.disabled = false;
    }
  });
  replace(main, h('section', { class: 'login panel' }, h('h1', {}, 'Log in to Chronos'), form));
  input.focus();
}
