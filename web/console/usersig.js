// The userSig tool (R2.2): the server signs a userSig for an identifier of the selected app with the app's secret
// key (POST /api/apps/{id}/usersig). For development and support; an app's backend signs its users' userSigs itself.

import { busy, copyButton, field, fill, format, h, inlineError } from '/console/dom.js';

const Validities = [
  [3600, '1 hour'], [86400, '1 day'], [7 * 86400, '7 days'], [30 * 86400, '30 days'], [180 * 86400, '180 days (the vendor default)'],
];

export async function render(ctx, view) {
  const identifier = h('input', { id: 'sigIdentifier', required: true, maxlength: '32', pattern: '(?=.*[A-Za-z_])[A-Za-z0-9_]{1,32}',
    title: '1–32 letters, digits or underscores, not all digits (R2.1)', autocomplete: 'off', spellcheck: 'false', placeholder: 'alice' });
  const validity = h('select', { id: 'sigValidity', value: '86400' },
    Validities.map(([seconds, label]) => h('option', { value: String(seconds) }, label)), h('option', { value: 'custom' }, 'custom…'));
  const custom = h('input', { id: 'sigSeconds', type: 'number', min: '1', max: '315360000', step: '1', value: '600', hidden: true });
  const customField = field('Seconds', custom);
  customField.hidden = true;
  validity.addEventListener('change', () => {
    customField.hidden = validity.value !== 'custom';
    custom.hidden = customField.hidden;
  });
  const generate = h('button', { id: 'generateSig', type: 'submit' }, 'Generate userSig');
  const result = h('div', { id: 'sigResult', 'aria-live': 'polite' });

  const form = h('form', { id: 'sigForm', className: 'panel-form', autocomplete: 'off' },
    field('Identifier', identifier, '1–32 letters, digits or _ (R2.1)'), field('Valid for', validity), customField, generate);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fill(result);
    const expireSeconds = validity.value === 'custom' ? Number(custom.value) : Number(validity.value);
    const issued = await busy(generate, () => ctx.api.post(ctx.appPath('/usersig'), { identifier: identifier.value.trim(), expireSeconds }),
      (error) => fill(result, inlineError(error)));
    if (!issued) return;
    ctx.state.userSig = issued;
    fill(result, h('section', { className: 'card-panel' },
      h('h2', {}, `userSig of ${issued.identifier}`),
      h('textarea', { id: 'userSig', readonly: true, rows: '4', spellcheck: 'false', value: issued.userSig, 'aria-label': 'userSig' }),
      h('div', { className: 'actions' }, copyButton(() => issued.userSig)),
      h('dl', { className: 'facts' },
        h('dt', {}, 'sdkAppId'), h('dd', {}, h('code', {}, String(issued.sdkAppId))),
        h('dt', {}, 'identifier'), h('dd', {}, h('code', {}, issued.identifier)),
        h('dt', {}, 'valid for'), h('dd', {}, format.seconds(issued.expireSeconds)),
        h('dt', {}, 'expires'), h('dd', { id: 'sigExpires' }, format.time(issued.expiresAt))),
      h('p', { className: 'hint' }, 'Log in with it from an SDK: ', h('code', {}, `Parley.connect({ sdkAppId: ${issued.sdkAppId}, identifier: '${issued.identifier}', userSig })`))));
  });

  fill(view,
    h('h1', { tabindex: '-1' }, 'userSig tool'),
    h('p', {}, `Signs a userSig for an identifier of app ${ctx.state.appId} with its secret key (HMAC, the vendor's v2 format). `,
      'Anyone holding it can act as that user until it expires: hand it only to that user.'),
    form, result);
}
