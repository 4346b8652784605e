// The console's only way to the server: fetch with the admin token in the Authorization header (never in a URL),
// a timeout, and errors turned into ConsoleError with the ApiError body's code and message. A body that is not the
// API's JSON (an HTML error page, a stack trace in dev mode) is never shown: only its HTTP status is.

import { ErrorCodes } from '/sdk/errors.js';

const TimeoutMs = 15000;
const CodeNames = new Map(Object.entries(ErrorCodes).map(([name, code]) => [code, name]));

/** An error to show in the page: `message` is for people, `code` the catalog code (docs/errors.md) when the server gave one. */
export class ConsoleError extends Error {
  constructor(message, { status = 0, code = null, notSupported = false } = {}) {
    super(message);
    this.name = 'ConsoleError';
    this.status = status;
    this.code = code;
    /** The server has no such endpoint (404/405 without an API body): a feature of a newer server. */
    this.notSupported = notSupported;
  }

  /** "CodeName 91004", or "" without a code. */
  get codeText() {
    if (this.code === null || this.code === undefined) return '';
    const name = CodeNames.get(this.code);
    return `${name ? `${name} ` : ''}${this.code}`;
  }

  /** "message (CodeName 91004)", or the message alone. */
  get text() {
    return this.codeText ? `${this.message} (${this.codeText})` : this.message;
  }
}

/** Any thrown value as a ConsoleError (a TypeError from fetch is a network failure). */
export function toConsoleError(error) {
  if (error instanceof ConsoleError) return error;
  if (error?.name === 'TimeoutError' || error?.name === 'AbortError') return new ConsoleError('The server did not answer in time.');
  if (error instanceof TypeError) return new ConsoleError('The server could not be reached.');
  return new ConsoleError(String(error?.message ?? error));
}

async function errorOf(response, method, path) {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = await response.json();
      // The admin API's ApiError: {code, message}.
      if (typeof body?.message === 'string' && Number.isInteger(body?.code)) {
        return new ConsoleError(body.message, { status: response.status, code: body.code });
      }
      // ASP.NET problem details: the title only (detail may carry internals).
      if (typeof body?.title === 'string') {
        return new ConsoleError(`${body.title} (HTTP ${response.status})`, { status: response.status });
      }
    } catch {
      // fall through to the status line
    }
  }

  if (response.status === 404 || response.status === 405) {
    return new ConsoleError(`This server does not offer ${method} ${path} (HTTP ${response.status}): it may be an older version.`,
      { status: response.status, notSupported: true });
  }

  return new ConsoleError(`The server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`, { status: response.status });
}

/**
 * A client of the admin API for one token. `onUnauthorized` runs when the server refuses the token (401), e.g. to
 * sign out. Methods resolve to the parsed JSON body (null for 204) or reject with ConsoleError.
 */
export function createApi(token, { onUnauthorized = () => {} } = {}) {
  async function send(method, path, body, { accept = 'json', auth = true, signOutOn401 = true } = {}) {
    const headers = { Accept: accept === 'json' ? 'application/json' : '*/*' };
    if (auth) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
        signal: AbortSignal.timeout(TimeoutMs),
      });
    } catch (error) {
      throw toConsoleError(error);
    }

    if (!response.ok) {
      const error = await errorOf(response, method, path);
      if (response.status === 401 && auth && signOutOn401) onUnauthorized(error);
      throw error;
    }

    if (accept === 'text') return response.text();
    if (accept === 'blob') return response.blob();
    if (response.status === 204) return null;
    const type = response.headers.get('content-type') ?? '';
    return type.includes('json') ? response.json() : null;
  }

  return {
    get: (path) => send('GET', path),
    post: (path, body) => send('POST', path, body),
    put: (path, body) => send('PUT', path, body),
    patch: (path, body) => send('PATCH', path, body),
    del: (path) => send('DELETE', path),
    /**
     * Plain text (e.g. /metrics), sent with the token so a server that guards /metrics with it answers too; a 401
     * here means another credential guards it and does not sign the console out.
     */
    text: (path) => send('GET', path, undefined, { accept: 'text', signOutOn401: false }),
    blob: (path) => send('GET', path, undefined, { accept: 'blob' }),
    /** The vendor REST API (POST /v4/…): its own credentials in the query string, no admin token. */
    vendor: (path, body) => send('POST', path, body, { auth: false }),
  };
}
