// Shared page pieces: the notice line, the confirmation dialog, action buttons, error display.

import { h, replace } from './dom.js';
import { canWrite } from './api.js';

/** Shows a short message under the header (role=status, announced by screen readers). */
export function notify(message, isError = false) {
  const el = document.getElementById('notice');
  el.textContent = message;
  el.classList.toggle('error', isError);
  el.hidden = false;
  clearTimeout(notify.timer);
  notify.timer = setTimeout(() => { el.hidden = true; }, isError ? 10000 : 5000);
}

/** An error's text for the user: the API's message and each field error. */
export function errorText(e) {
  const fields = (e.errors ?? []).map((f) => `${f.field}: ${f.message}`).join('; ');
  return fields ? `${e.message} (${fields})` : e.message;
}

/** A page-level error in place of the page's content. */
export function showError(main, e) {
  replace(main, h('h1', {}, e.status === 404 ? 'Not found' : 'Something went wrong'),
    h('p', { class: 'error', role: 'alert' }, errorText(e)));
}

/**
 * A modal confirmation (a native <dialog>: focus moves into it, Escape cancels). body is a node or
 * text; extra, when given, is an input node whose value the promise resolves to.
 * Resolves to true (or the input's value) on confirm, false on cancel.
 */
export function confirm(title, body, confirmLabel, { danger = false, input = null } = {}) {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', 'data-action': 'dialog-cancel' }, 'Cancel');
    const ok = h('button', { type: 'submit', class: danger ? 'danger' : 'primary', 'data-action': 'dialog-confirm' }, confirmLabel);
    const form = h('form', { method: 'dialog' }, h('h2', {}, title), h('div', {}, body), input,
      h('div', { class: 'actions' }, cancel, ok));
    const dialog = h('dialog', { 'aria-label': title }, form);
    let answered = false;
    const finish = (value) => {
      if (answered) return;
      answered = true;
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    cancel.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', () => finish(false));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      finish(input ? input.querySelector('input')?.value ?? true : true);
    });
    document.body.append(dialog);
    dialog.showModal();
    (input?.querySelector('input') ?? ok).focus();
  });
}

/**
 * Action buttons, only for a session that may write (read-only keys see none). Each action is
 * {label, name, run, danger, confirm}: run() returns a promise; the message goes to the notice.
 */
export function actionBar(actions, after) {
  if (!canWrite()) return null;
  const bar = h('div', { class: 'actions', role: 'group', 'aria-label': 'Actions' });
  for (const a of actions.filter(Boolean)) {
    const button = h('button', { type: 'button', class: a.danger ? 'danger' : '', 'data-action': a.name }, a.label);
    button.addEventListener('click', async () => {
      if (a.confirm && !(await confirm(a.confirm.title, a.confirm.body, a.label, { danger: a.danger }))) return;
      button.disabled = true;
      try {
        const message = await a.run();
        if (message !== false) notify(message ?? `${a.label}: done`);
        await after?.();
      } catch (e) {
        notify(`${a.label} failed: ${errorText(e)}`, true);
      } finally {
        button.disabled = false;
      }
    });
    bar.append(button);
  }
  return bar;
}
