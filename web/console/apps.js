// Apps (R1): create, list, choose, show sdkAppId / accountType / secret key, rotate the key, make a new key pair,
// require PrivateMapKeys, delete. A private key is shown (and offered for download) once: the server keeps only
// the public half (R1.3), and the console keeps it in memory only until it is dismissed.

import { busy, confirmButton, copyButton, download, field, fill, format, h, inlineError, note, table } from '/console/dom.js';

/** The private key of the last app created or re-keyed with a key pair, until the operator dismisses it. */
let pendingPrivateKey = null;

export async function render(ctx, view) {
  await ctx.refreshApps();
  const created = h('div', { id: 'privateKeyPanel' });
  const details = h('section', { id: 'appDetails', className: 'card-panel', 'aria-labelledby': 'appDetailsTitle' });

  const name = h('input', { id: 'newAppName', maxlength: '64', placeholder: 'Untitled app' });
  const accountType = h('input', { id: 'newAppAccountType', type: 'number', min: '1', max: '4294967295', step: '1', placeholder: 'automatic' });
  const withKeyPair = h('input', { id: 'newAppKeyPair', type: 'checkbox' });
  const requirePmk = h('input', { id: 'newAppRequirePmk', type: 'checkbox' });
  const createError = h('div', { className: 'form-error' });
  const createButton = h('button', { id: 'createApp', type: 'submit' }, 'Create app');
  const form = h('form', { id: 'createAppForm', className: 'panel-form', autocomplete: 'off' },
    field('Name', name), field('accountType', accountType, 'empty: the next free one'),
    h('label', { className: 'inline' }, withKeyPair, ' with an ECDSA key pair (asymmetric userSigs)'),
    h('label', { className: 'inline' }, requirePmk, ' require a PrivateMapKey to enter rooms'),
    createButton);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fill(createError);
    const body = { name: name.value.trim() || undefined, withKeyPair: withKeyPair.checked, requirePrivateMapKey: requirePmk.checked };
    if (accountType.value !== '') body.accountType = Number(accountType.value);
    const app = await busy(createButton, () => ctx.api.post('/api/apps', body), (error) => fill(createError, inlineError(error)));
    if (!app) return;
    if (app.privateKeyPem) pendingPrivateKey = { sdkAppId: app.sdkAppId, pem: app.privateKeyPem };
    form.reset();
    await ctx.refreshApps();
    ctx.selectApp(app.sdkAppId);
  });

  const rows = ctx.apps.map((app) => [
    h('code', {}, String(app.sdkAppId)), app.name, String(app.accountType), format.time(app.createdAt),
    app.requirePrivateMapKey ? 'required' : '—',
    app.sdkAppId === ctx.state.appId
      ? h('strong', { className: 'selected' }, 'selected')
      : h('button', { type: 'button', className: 'secondary', dataset: { select: String(app.sdkAppId) }, onclick: () => ctx.selectApp(app.sdkAppId) }, 'Select'),
  ]);

  fill(view,
    h('h1', { tabindex: '-1' }, 'Apps'),
    created,
    h('h2', {}, 'New app'), form, createError,
    h('h2', {}, 'All apps'),
    rows.length ? table(['sdkAppId', 'name', 'accountType', 'created', 'PrivateMapKey', ''], rows, { className: 'grid', caption: `${rows.length} app(s)` })
      : note('No apps yet.'),
    details);
  renderPrivateKey(created, ctx);
  renderDetails(ctx, details, created);
}

function renderPrivateKey(container, ctx) {
  if (!pendingPrivateKey) {
    fill(container);
    return;
  }

  const { sdkAppId, pem } = pendingPrivateKey;
  const fileName = `parley-${sdkAppId}-private-key.pem`;
  fill(container, h('section', { className: 'once', role: 'region', 'aria-labelledby': 'privateKeyTitle' },
    h('h2', { id: 'privateKeyTitle' }, `Private key of app ${sdkAppId}: shown once`),
    h('p', {}, 'The server keeps only the public key. Save this private key now: your backend signs asymmetric userSigs with it. ',
      'It is not shown again once you dismiss it or leave this page.'),
    h('textarea', { id: 'privateKeyPem', readonly: true, rows: '5', spellcheck: 'false', value: pem }),
    h('div', { className: 'actions' },
      h('button', { id: 'downloadPrivateKey', type: 'button', onclick: () => download(fileName, pem, 'application/x-pem-file') }, `Download ${fileName}`),
      copyButton(() => pem),
      h('button', { type: 'button', className: 'secondary', id: 'dismissPrivateKey', onclick: () => { pendingPrivateKey = null; renderPrivateKey(container, ctx); } },
        'I have saved it'))));
}

function renderDetails(ctx, container, privateKeyContainer) {
  const app = ctx.app;
  if (!app) {
    fill(container);
    return;
  }

  const error = h('div', { className: 'form-error' });
  const secret = h('code', { id: 'secretKey', className: 'secret', dataset: { hidden: 'true' } }, '•'.repeat(16));
  const toggle = h('button', { type: 'button', className: 'secondary', id: 'showSecretKey', 'aria-pressed': 'false' }, 'Show');
  toggle.addEventListener('click', () => {
    const hidden = secret.dataset.hidden === 'true';
    secret.textContent = hidden ? app.secretKey : '•'.repeat(16);
    secret.dataset.hidden = String(!hidden);
    toggle.textContent = hidden ? 'Hide' : 'Show';
    toggle.setAttribute('aria-pressed', String(hidden));
  });

  const afterKeys = async (updated) => {
    if (!updated) return;
    if (updated.privateKeyPem) pendingPrivateKey = { sdkAppId: updated.sdkAppId, pem: updated.privateKeyPem };
    await ctx.refreshApps();
    renderPrivateKey(privateKeyContainer, ctx);
    renderDetails(ctx, container, privateKeyContainer);
    ctx.state.lastRotation = { sdkAppId: updated.sdkAppId, at: Date.now() };
  };
  const onError = (e) => fill(error, inlineError(e));

  const rotate = confirmButton('Rotate secret key', 'Confirm: old userSigs stop working', (button) =>
    busy(button, () => ctx.api.post(ctx.appPath('/rotate-key'), { secretKey: true }), onError).then(afterKeys), { id: 'rotateKey' });
  const keyPair = confirmButton(app.publicKeyPem ? 'New key pair' : 'Add a key pair', 'Confirm new key pair', (button) =>
    busy(button, () => ctx.api.post(ctx.appPath('/rotate-key'), { secretKey: false, keyPair: true }), onError).then(afterKeys),
  { id: 'newKeyPair', className: 'secondary' });
  const pmk = h('input', { type: 'checkbox', id: 'requirePmk', checked: app.requirePrivateMapKey });
  pmk.addEventListener('change', async () => {
    pmk.disabled = true;
    try {
      await ctx.api.patch(ctx.appPath(), { requirePrivateMapKey: pmk.checked });
      await ctx.refreshApps();
    } catch (e) {
      pmk.checked = !pmk.checked;
      onError(e);
    } finally {
      pmk.disabled = false;
    }
  });
  const remove = confirmButton('Delete app', `Confirm: delete ${app.sdkAppId} with its roles and users`, async (button) => {
    const done = await busy(button, () => ctx.api.del(ctx.appPath()).then(() => true), onError);
    if (!done) return;
    await ctx.refreshApps();
    ctx.navigate('apps');
  }, { id: 'deleteApp' });

  fill(container,
    h('h2', { id: 'appDetailsTitle' }, `App ${app.sdkAppId}: ${app.name}`),
    h('dl', { className: 'facts' },
      h('dt', {}, 'sdkAppId'), h('dd', {}, h('code', { id: 'sdkAppId' }, String(app.sdkAppId)), ' ', copyButton(() => String(app.sdkAppId))),
      h('dt', {}, 'accountType'), h('dd', {}, h('code', { id: 'accountType' }, String(app.accountType))),
      h('dt', {}, 'secret key'), h('dd', {}, secret, ' ', toggle, ' ', copyButton(() => app.secretKey)),
      h('dt', {}, 'public key'), h('dd', {}, app.publicKeyPem
        ? h('details', {}, h('summary', {}, 'ECDSA P-256 (PEM)'), h('pre', { id: 'publicKeyPem' }, app.publicKeyPem))
        : 'none (HMAC userSigs only)'),
      h('dt', {}, 'created'), h('dd', {}, format.time(app.createdAt)),
      h('dt', {}, 'rooms'), h('dd', {}, h('label', { className: 'inline' }, pmk, ' entering a room needs a PrivateMapKey'))),
    h('p', { className: 'hint' }, 'Rotating the secret key makes every userSig signed with the old key fail at once; ',
      'sessions already logged in stay until they log out or their userSig expires.'),
    h('div', { className: 'actions' }, rotate, keyPair, remove),
    error);
}
