// The console's only door to the system: the public /api/v1 API of this gateway, with the pasted token.
const TOKEN_KEY = 'resellhub.token';
const BASE = '/api/v1';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function signIn(value) {
  sessionStorage.setItem(TOKEN_KEY, value.trim());
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The token's claims (not verified here: the gateway verifies every call). */
export function claims() {
  const value = token();
  if (!value) return null;
  try {
    const payload = value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(payload),
        c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    return JSON.parse(json);
  } catch (e) {
    return null;
  }
}

export function isAdmin() {
  const c = claims();
  return Array.isArray(c?.groups) && c.groups.includes('admin');
}

/** A failed call: {@code problem} is the RFC 9457 body (or one made up for a network failure). */
export class ApiError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title);
    this.problem = problem;
  }
}

/**
 * Calls the API and returns {status, body, location}; throws ApiError for a 4xx/5xx or no answer.
 * The catalog is public: {@code anonymous} leaves the token out, as a customer's browser would.
 */
export async function call(method, path, body, {anonymous = false} = {}) {
  const headers = {Accept: 'application/json, application/problem+json'};
  if (!anonymous && token()) headers.Authorization = 'Bearer ' + token();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path.startsWith('/') ? path : BASE + '/' + path,
        {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (e) {
    throw new ApiError({title: 'No answer', status: 0, detail: 'The gateway did not answer: ' + e.message});
  }
  const text = await response.text();
  let parsed = null;
  if (text) {
    try { parsed = JSON.parse(text); } catch (e) { parsed = {detail: text}; }
  }
  if (!response.ok) {
    throw new ApiError(Object.assign({title: response.statusText, status: response.status}, parsed || {}));
  }
  return {status: response.status, body: parsed, location: response.headers.get('Location')};
}

export const get = (path, options) => call('GET', path, undefined, options).then(r => r.body);

/** A query string from the non-empty values of {@code params}. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? '?' + s : '';
}
