// Event callbacks (product-rules §8, docs/callbacks.md): where the app's events are POSTed and which ones, the
// before-send callback, and the dead letters (callbacks whose retries ran out), with Retry. Servers without
// callbacks answer 404 on these endpoints; the page says so.

import { busy, copyButton, field, fill, format, h, inlineError, note, table } from '/console/dom.js';

/** The event types of product-rules §8 and the chat events; a server may list others, which are shown too. */
export const EventTypes = [
  [101, 'room created'], [102, 'room dissolved'], [103, 'user entered'], [104, 'user exited'], [105, 'role changed'],
  [201, 'video started'], [202, 'video stopped'], [203, 'audio started'], [204, 'audio stopped'], [205, 'screen share started'], [206, 'screen share stopped'],
  [301, 'group created'], [302, 'group destroyed'], [303, 'group member joined'], [304, 'group member left'], [305, 'group message sent'], [306, 'C2C message sent'],
];

export async function render(ctx, view) {
  const settings = h('div', { id: 'callbackSettings' }, note('Loading callback settings…'));
  const letters = h('div', { id: 'deadLetters' }, note('Loading dead letters…'));
  fill(view,
    h('h1', { tabindex: '-1' }, 'Callbacks'),
    h('p', {}, 'The server POSTs the app\'s events to a URL of yours, signed with the app\'s callback key (header ',
      h('code', {}, 'Sign'), '), and retries; what still fails lands in the dead letters below.'),
    settings, h('h2', {}, 'Dead letters'), letters);

  let current;
  try {
    current = await ctx.api.get(ctx.appPath('/callbacks'));
  } catch (error) {
    fill(settings, inlineError(error));
    fill(letters);
    return;
  }

  renderForm(ctx, settings, current);
  await renderLetters(ctx, letters);
}

function renderForm(ctx, container, current) {
  const url = h('input', { id: 'callbackUrl', type: 'url', placeholder: 'https://backend.example.com/parley-events', value: current?.url ?? '' });
  const wanted = Array.isArray(current?.events) ? new Set(current.events) : null;
  const allEvents = h('input', { id: 'callbackAllEvents', type: 'checkbox', checked: wanted === null });
  const known = new Map(EventTypes);
  for (const type of wanted ?? []) if (!known.has(type)) known.set(type, `event ${type}`);
  const boxes = [...known].map(([type, label]) => ({
    type, input: h('input', { type: 'checkbox', value: String(type), dataset: { event: String(type) }, checked: wanted?.has(type) ?? true, disabled: wanted === null }), label,
  }));
  allEvents.addEventListener('change', () => boxes.forEach((b) => { b.input.disabled = allEvents.checked; if (allEvents.checked) b.input.checked = true; }));

  const before = current?.beforeSend ?? {};
  const beforeUrl = h('input', { id: 'beforeSendUrl', type: 'url', placeholder: 'none', value: before.url ?? '' });
  const beforeTimeout = h('input', { id: 'beforeSendTimeout', type: 'number', min: '100', max: '5000', step: '100', value: String(before.timeoutMs ?? 2000) });
  const failOpen = h('input', { id: 'beforeSendFailOpen', type: 'checkbox', checked: before.failOpen ?? true });
  const save = h('button', { id: 'saveCallbacks', type: 'submit' }, 'Save');
  const result = h('div', { className: 'form-error', id: 'callbackResult' });
  const key = h('div', { id: 'callbackKey' });
  renderKey(key, current);

  const form = h('form', { id: 'callbackForm', className: 'panel-form', autocomplete: 'off' },
    h('fieldset', {}, h('legend', {}, 'Event callbacks'), field('URL', url, 'empty: no events are sent'),
      h('label', { className: 'inline' }, allEvents, ' all events'),
      h('div', { className: 'checks', role: 'group', 'aria-label': 'Events' },
        boxes.map((b) => h('label', { className: 'inline' }, b.input, ` ${b.type} ${b.label}`)))),
    h('fieldset', {}, h('legend', {}, 'Before-send callback (can reject a message, vendor 10016)'),
      field('URL', beforeUrl, 'empty: off'), field('Timeout (ms)', beforeTimeout),
      h('label', { className: 'inline' }, failOpen, ' deliver the message when the callback fails or times out')),
    save);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fill(result);
    const body = {
      url: url.value.trim() || null,
      events: allEvents.checked ? null : boxes.filter((b) => b.input.checked).map((b) => b.type),
      beforeSend: { url: beforeUrl.value.trim() || null, timeoutMs: Number(beforeTimeout.value), failOpen: failOpen.checked },
    };
    const saved = await busy(save, () => ctx.api.put(ctx.appPath('/callbacks'), body), (error) => fill(result, inlineError(error)));
    if (saved === undefined) return;
    ctx.state.callbacks = saved;
    fill(result, h('p', { className: 'ok', role: 'status' }, 'Saved.'));
    renderKey(key, saved);
  });

  fill(container, form, key, result);
}

/** The signing key: the server shows it once, in the answer of the PUT that made, set or rotated it. */
function renderKey(container, settings) {
  const value = settings?.signingKey;
  if (!value) {
    fill(container);
    return;
  }
  fill(container, h('p', {}, 'Signing key: ', h('code', { className: 'secret' }, value), ' ', copyButton(() => value)));
}

async function renderLetters(ctx, container) {
  let letters;
  try {
    letters = await ctx.api.get(ctx.appPath('/callbacks/dead-letters'));
  } catch (error) {
    fill(container, inlineError(error));
    return;
  }

  ctx.state.deadLetters = letters.length;
  const error = h('div', { className: 'form-error' });
  fill(container, letters.length === 0 ? note('No dead letters: every callback was delivered.') : [
    table(['event', 'url', 'attempts', 'last error', 'created', 'body', ''], letters.map((letter) => [
      String(letter.eventType), h('code', {}, letter.url), String(letter.attempts), letter.lastError ?? '—',
      format.time(letter.createdAt),
      h('details', {}, h('summary', {}, 'body'), h('pre', {}, prettyJson(letter.body))),
      h('button', { type: 'button', className: 'secondary', dataset: { retry: String(letter.id) }, onclick: (event) => busy(event.currentTarget, async () => {
        await ctx.api.post(ctx.appPath(`/callbacks/dead-letters/${encodeURIComponent(letter.id)}/retry`));
        await renderLetters(ctx, container);
      }, (e) => fill(error, inlineError(e))) }, 'Retry'),
    ])), error]);
}

function prettyJson(text) {
  try {
    return JSON.stringify(typeof text === 'string' ? JSON.parse(text) : text, null, 2);
  } catch {
    return String(text);
  }
}
