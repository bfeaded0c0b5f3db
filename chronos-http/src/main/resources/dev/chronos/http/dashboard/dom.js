// Building the page from data without ever parsing it as HTML: every text goes through
// textContent (createTextNode), every attribute through setAttribute, so a payload or an error
// holding "<script>" or "<img onerror>" shows as those characters and never runs.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An element: h('td', {class: 'num'}, 'text', child, ...). Event handlers as on<event> props. */
export function h(tag, props, ...children) {
  return fill(document.createElement(tag), props, children);
}

/** An SVG element, with the same props as h. */
export function s(tag, props, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), props, children);
}

function fill(el, props, children) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'style') {
      throw new Error('inline styles are refused by the CSP; use a class');
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends children: nodes as they are, strings and numbers as text, arrays flattened. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces everything inside el with the children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A status badge: <span class="badge s-failed">failed</span>. */
export function badge(status) {
  return h('span', { class: `badge s-${String(status).replace(/[^a-z_]/g, '')}` }, status);
}

/** A definition list from [label, value] pairs; values may be nodes. */
export function fields(pairs) {
  return h('dl', { class: 'fields' },
    pairs.filter(([, v]) => v !== undefined).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
}

/** A table: columns [{label, class}] and rows of cells (each a value or node). */
export function table(columns, rows, empty = 'Nothing here.') {
  const body = h('tbody', {});
  if (rows.length === 0) {
    body.append(h('tr', {}, h('td', { colspan: columns.length, class: 'muted' }, empty)));
  }
  for (const row of rows) {
    body.append(h('tr', {}, row.map((cell, i) => h('td', { class: columns[i].class }, cell))));
  }
  return h('div', { class: 'table-wrap' },
    h('table', {}, h('thead', {}, h('tr', {}, columns.map(c => h('th', { class: c.class, scope: 'col' }, c.label)))), body));
}
