// The one way the pages talk to the server: the /v1 API and ui/session, by relative URLs (so the
// dashboard works at any mount path), with the session cookie, and the CSRF token on every write.

let session = null;
const unauthorizedListeners = [];

/** An API error: the HTTP status, the API's code and message, and its field errors. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.code ?? null;
    this.errors = body?.errors ?? [];
  }
}

/** The logged-in session ({account, key_name, read_only, csrf_token, expires_at}) or null. */
export function current() {
  return session;
}

/** Whether this session may act (write); read-only keys see no action controls. */
export function canWrite() {
  return session !== null && !session.read_only;
}

/** Called when any request answers 401 (the session ended or expired). */
export function onUnauthorized(listener) {
  unauthorizedListeners.push(listener);
}

/** A request; resolves to the envelope ({success, message, data, meta}) or throws ApiError. */
export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session?.csrf_token) headers['X-CSRF-Token'] = session.csrf_token;
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { message: 'The server cannot be reached', code: 'network' });
  }
  let json = null;
  try { json = await response.json(); } catch { json = null; }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('ui/session')) {
      session = null;
      unauthorizedListeners.forEach(l => l());
    }
    throw new ApiError(response.status, json);
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body = {}) => call('POST', path, body);

/** The session the cookie carries, or null. */
export async function restore() {
  try {
    session = (await get('ui/session')).data;
  } catch (e) {
    if (e.status !== 401) throw e;
    session = null;
  }
  return session;
}

/** Logs in with an API key; throws ApiError (401) for a wrong key. */
export async function login(key) {
  session = (await call('POST', 'ui/session', { key })).data;
  return session;
}

/** Logs out (the server forgets the session and clears the cookie). */
export async function logout() {
  try { await call('DELETE', 'ui/session'); } finally { session = null; }
}

/** A query string from an object, leaving out empty values: {a: 1, b: ''} → "a=1". */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}
