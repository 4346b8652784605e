// Parley's web console (docs/console.md): sign in with the admin token, then apps, roles, the userSig tool, live
// rooms, groups, callbacks, recordings and a live dashboard, each a view module rendered into <main>.
// Plain ES modules, no build step, no inline script (the page is served under a strict Content-Security-Policy).
// Tests read window.parleyConsole.state.

import { createApi, toConsoleError } from '/console/api.js';
import { fill, h, note } from '/console/dom.js';
import * as apps from '/console/apps.js';
import * as callbacks from '/console/callbacks.js';
import * as dashboard from '/console/dashboard.js';
import * as groups from '/console/groups.js';
import * as recordings from '/console/recordings.js';
import * as roles from '/console/roles.js';
import * as rooms from '/console/rooms.js';
import * as usersig from '/console/usersig.js';

const TokenKey = 'parley.console.token';
const AppKey = 'parley.console.app';
const $ = (id) => document.getElementById(id);

/** Views by the first part of the address's hash; `needsApp`: works on the selected app. */
const Views = {
  dashboard: { module: dashboard, title: 'Dashboard' },
  apps: { module: apps, title: 'Apps' },
  roles: { module: roles, title: 'Roles', needsApp: true },
  usersig: { module: usersig, title: 'userSig', needsApp: true },
  rooms: { module: rooms, title: 'Live rooms', needsApp: true },
  groups: { module: groups, title: 'Groups', needsApp: true },
  callbacks: { module: callbacks, title: 'Callbacks', needsApp: true },
  recordings: { module: recordings, title: 'Recordings', needsApp: true },
};

const state = {
  phase: 'signedOut', // signedOut | signingIn | signedIn
  route: null,
  appId: null,
  error: null,
  signInError: null,
  renders: 0,
};

let cleanup = null;
let renderSeq = 0;

const ctx = {
  api: null,
  state,
  /** Apps as GET /api/apps lists them. */
  apps: [],
  /** The selected app, or null. */
  get app() {
    return ctx.apps.find((a) => a.sdkAppId === state.appId) ?? null;
  },
  /** `/api/apps/{selected}` + suffix. */
  appPath(suffix = '') {
    return `/api/apps/${state.appId}${suffix}`;
  },
  async refreshApps() {
    ctx.apps = await ctx.api.get('/api/apps');
    if (!ctx.apps.some((a) => a.sdkAppId === state.appId)) selectApp(ctx.apps[0]?.sdkAppId ?? null, { render: false });
    renderAppPicker();
    return ctx.apps;
  },
  selectApp: (id) => selectApp(id),
  navigate(hash) {
    if (location.hash === `#${hash}`) render();
    else location.hash = hash;
  },
  showError,
  clearError,
};
window.parleyConsole = { state, ctx };

function showError(error) {
  const problem = toConsoleError(error);
  state.error = problem.text;
  $('error').textContent = problem.text;
  $('error').hidden = false;
}

function clearError() {
  state.error = null;
  $('error').textContent = '';
  $('error').hidden = true;
}

function setStatus(text) {
  $('status').textContent = text;
}

// ---- signing in ----------------------------------------------------------------------------------------------

function signedOutBecauseRefused() {
  signOut('The server no longer accepts this admin token (AdminUnauthorized 91001). Sign in again.');
}

async function signIn(token, { remembered = false } = {}) {
  state.phase = 'signingIn';
  state.signInError = null;
  $('signInError').textContent = '';
  $('signInButton').disabled = true;
  setStatus('signing in…');
  const api = createApi(token, { onUnauthorized: () => { if (state.phase === 'signedIn') signedOutBecauseRefused(); } });
  try {
    ctx.apps = await api.get('/api/apps');
  } catch (error) {
    const problem = toConsoleError(error);
    const message = problem.status === 401
      ? `The server refused ${remembered ? 'the remembered' : 'this'} admin token${problem.codeText ? ` (${problem.codeText})` : ''}. `
        + 'Use the token printed in the server\'s startup banner, or its Admin:Token setting.'
      : `Could not sign in: ${problem.text}`;
    signOut(message);
    return false;
  } finally {
    $('signInButton').disabled = false;
  }

  sessionStorage.setItem(TokenKey, token);
  ctx.api = api;
  state.phase = 'signedIn';
  $('token').value = '';
  $('signIn').hidden = true;
  $('shell').hidden = false;
  $('signOut').hidden = false;
  $('appPicker').hidden = false;
  const rememberedApp = Number(sessionStorage.getItem(AppKey));
  selectApp(ctx.apps.some((a) => a.sdkAppId === rememberedApp) ? rememberedApp : (ctx.apps[0]?.sdkAppId ?? null), { render: false });
  renderAppPicker();
  setStatus('signed in');
  if (!location.hash) location.hash = 'dashboard';
  await render({ focus: true });
  return true;
}

function signOut(message = '') {
  sessionStorage.removeItem(TokenKey);
  stopView();
  ctx.api = null;
  ctx.apps = [];
  state.phase = 'signedOut';
  state.route = null;
  state.signInError = message || null;
  clearError();
  fill($('view'));
  $('shell').hidden = true;
  $('signOut').hidden = true;
  $('appPicker').hidden = true;
  $('signIn').hidden = false;
  $('signInError').textContent = message;
  setStatus('signed out');
  $('token').focus();
}

// ---- the selected app ----------------------------------------------------------------------------------------

function selectApp(id, { render: rerender = true } = {}) {
  state.appId = id;
  if (id === null) sessionStorage.removeItem(AppKey);
  else sessionStorage.setItem(AppKey, String(id));
  $('appSelect').value = id === null ? '' : String(id);
  if (rerender && state.phase === 'signedIn') render();
}

function renderAppPicker() {
  const select = $('appSelect');
  fill(select, ctx.apps.length === 0
    ? h('option', { value: '' }, 'no apps yet')
    : ctx.apps.map((a) => h('option', { value: String(a.sdkAppId) }, `${a.sdkAppId} · ${a.name}`)));
  select.value = state.appId === null ? '' : String(state.appId);
}

// ---- views ---------------------------------------------------------------------------------------------------

function stopView() {
  renderSeq++;
  if (typeof cleanup === 'function') {
    try { cleanup(); } catch { /* a view's cleanup must not break navigation */ }
  }
  cleanup = null;
}

function parseRoute() {
  const [name, ...rest] = decodeURIComponent(location.hash.replace(/^#\/?/, '')).split('/');
  return { name: Views[name] ? name : 'dashboard', params: rest.filter(Boolean) };
}

async function render({ focus = false } = {}) {
  if (state.phase !== 'signedIn') return;
  stopView();
  const seq = renderSeq;
  clearError();
  const route = parseRoute();
  const spec = Views[route.name];
  state.route = [route.name, ...route.params].join('/');
  for (const link of document.querySelectorAll('#tabs a')) {
    if (link.getAttribute('href') === `#${route.name}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${spec.title} · Parley console`;

  const view = $('view');
  if (spec.needsApp && !ctx.app) {
    fill(view, h('h1', { tabindex: '-1' }, spec.title),
      note('No app is selected. '), h('p', {}, h('a', { href: '#apps' }, 'Create an app'), ' first, or choose one at the top.'));
    finishRender(view, focus);
    return;
  }

  fill(view, note('Loading…'));
  try {
    const stop = await spec.module.render(ctx, view, route.params);
    if (seq !== renderSeq) {
      // The user navigated away while this view was loading.
      if (typeof stop === 'function') stop();
      return;
    }
    cleanup = stop;
  } catch (error) {
    if (seq !== renderSeq) return;
    const problem = toConsoleError(error);
    fill(view, h('h1', { tabindex: '-1' }, spec.title), h('p', { className: 'error inline', role: 'alert' }, problem.text));
  }
  finishRender(view, focus);
}

function finishRender(view, focus) {
  state.renders++;
  // Keyboard and screen-reader users land on the view's heading after choosing a section.
  if (focus) view.querySelector('h1')?.focus();
}

// ---- wiring --------------------------------------------------------------------------------------------------

$('signInForm').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = $('token').value.trim();
  if (!token) {
    $('signInError').textContent = 'Enter the admin token.';
    return;
  }
  signIn(token);
});
$('signOut').addEventListener('click', () => signOut());
$('appSelect').addEventListener('change', (event) => selectApp(event.target.value === '' ? null : Number(event.target.value)));
window.addEventListener('hashchange', () => render({ focus: true }));

const remembered = sessionStorage.getItem(TokenKey);
if (remembered) signIn(remembered, { remembered: true });
else signOut();
