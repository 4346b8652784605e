// Roles per platform (R4): a table of the app's roles and an editor. The form carries each field's own range (the
// same limits as the server's RoleValidation, so most mistakes are caught before sending); the server checks the
// rest (e.g. min ≤ max bitrate) and its message is shown inline, at the field it names.

import { busy, confirmButton, field, fill, h, inlineError, note, table } from '/console/dom.js';

export const Platforms = ['web', 'android', 'ios', 'windows', 'mac', 'linux'];
const SampleRates = [8000, 12000, 16000, 24000, 32000, 44100, 48000];
const Defaults = { width: 1280, height: 720, fps: 30, minBitrateKbps: 600, maxBitrateKbps: 1500, sampleRate: 48000, channels: 2, bitrateKbps: 64 };

/** Which inputs a server message is about: the message starts with the JSON path of the field. */
const FieldsOfMessage = [
  [/^platform/, ['rolePlatform']],
  [/^name/, ['roleName']],
  [/^video\.width/, ['roleWidth']],
  [/^video\.height/, ['roleHeight']],
  [/^video\.fps/, ['roleFps']],
  [/^video(\.minBitrateKbps| bitrates)/, ['roleMinBitrate', 'roleMaxBitrate']],
  [/^audio\.sampleRate/, ['roleSampleRate']],
  [/^audio\.channels/, ['roleChannels']],
  [/^audio\.bitrateKbps/, ['roleAudioBitrate']],
];

function numberInput(id, min, max, value) {
  return h('input', { id, type: 'number', min: String(min), max: String(max), step: '1', required: true, value: String(value), inputmode: 'numeric' });
}

export async function render(ctx, view) {
  const filter = h('select', { id: 'rolePlatformFilter', value: '' },
    h('option', { value: '' }, 'all platforms'), Platforms.map((p) => h('option', { value: p }, p)));
  const list = h('div', { id: 'roleList' }, note('Loading roles…'));
  const editor = buildEditor(ctx, () => load());

  async function load() {
    const query = filter.value ? `?platform=${encodeURIComponent(filter.value)}` : '';
    try {
      const roles = await ctx.api.get(ctx.appPath(`/roles${query}`));
      ctx.state.roles = roles;
      fill(list, roles.length === 0
        ? note('No roles configured: every platform uses the built-in default role (640×360, 15 fps, 200–900 kbps, Opus 48 kHz mono 32 kbps; R4.4).')
        : table(['platform', 'name', 'video', 'bitrate (kbps)', 'audio', 'default', ''], roles.map((role) => [
          role.platform, h('code', {}, role.name),
          `${role.video.width}×${role.video.height} @ ${role.video.fps} fps`,
          `${role.video.minBitrateKbps}–${role.video.maxBitrateKbps}`,
          `${role.audio.sampleRate / 1000} kHz · ${role.audio.channels === 2 ? 'stereo' : 'mono'} · ${role.audio.bitrateKbps} kbps`,
          role.isDefault ? 'default' : '',
          h('span', { className: 'actions' },
            h('button', { type: 'button', className: 'secondary', dataset: { edit: `${role.platform}/${role.name}` }, onclick: () => editor.edit(role) }, 'Edit'),
            confirmButton('Delete', 'Confirm delete', (button) => busy(button, async () => {
              await ctx.api.del(ctx.appPath(`/roles/${encodeURIComponent(role.platform)}/${encodeURIComponent(role.name)}`));
              await load();
            }, ctx.showError)))]), { caption: `Roles of app ${ctx.state.appId}` }));
    } catch (error) {
      fill(list, inlineError(error));
    }
  }

  filter.addEventListener('change', load);
  fill(view,
    h('h1', { tabindex: '-1' }, 'Roles'),
    h('p', {}, 'A role is a named set of uplink parameters per platform (R4.1). Clients get the role set at login, so a change reaches ',
      'a client at its next login (R4.6).'),
    h('div', { className: 'toolbar' }, field('Show', filter)),
    list,
    editor.element);
  await load();
}

function buildEditor(ctx, onSaved) {
  const platform = h('select', { id: 'rolePlatform', required: true, value: 'web' }, Platforms.map((p) => h('option', { value: p }, p)));
  const name = h('input', { id: 'roleName', required: true, maxlength: '32', pattern: '[!-~]{1,32}', placeholder: 'anchor',
    title: '1–32 printable ASCII characters without spaces', autocomplete: 'off', spellcheck: 'false' });
  const width = numberInput('roleWidth', 16, 7680, Defaults.width);
  const height = numberInput('roleHeight', 16, 4320, Defaults.height);
  const fps = numberInput('roleFps', 1, 120, Defaults.fps);
  const minBitrate = numberInput('roleMinBitrate', 1, 100000, Defaults.minBitrateKbps);
  const maxBitrate = numberInput('roleMaxBitrate', 1, 100000, Defaults.maxBitrateKbps);
  const sampleRate = h('select', { id: 'roleSampleRate', value: String(Defaults.sampleRate) }, SampleRates.map((r) => h('option', { value: String(r) }, `${r} Hz`)));
  const channels = h('select', { id: 'roleChannels', value: String(Defaults.channels) }, h('option', { value: '1' }, 'mono'), h('option', { value: '2' }, 'stereo'));
  const audioBitrate = numberInput('roleAudioBitrate', 6, 510, Defaults.bitrateKbps);
  const isDefault = h('input', { id: 'roleIsDefault', type: 'checkbox' });
  const save = h('button', { id: 'saveRole', type: 'submit' }, 'Save role');
  const errors = h('div', { id: 'roleErrors', className: 'form-error' });
  const title = h('h2', { id: 'roleEditorTitle' }, 'Add a role');

  const inputs = [platform, name, width, height, fps, minBitrate, maxBitrate, sampleRate, channels, audioBitrate];
  const clearMarks = () => inputs.forEach((input) => { input.removeAttribute('aria-invalid'); input.classList.remove('invalid'); });

  const form = h('form', { id: 'roleForm', className: 'panel-form', autocomplete: 'off', novalidate: true },
    h('fieldset', {}, h('legend', {}, 'Role'), field('Platform', platform), field('Name', name, '1–32 printable ASCII, no spaces')),
    h('fieldset', {}, h('legend', {}, 'Video'),
      field('Width', width, '16–7680'), field('Height', height, '16–4320'), field('fps', fps, '1–120'),
      field('Min kbps', minBitrate, '1–100000'), field('Max kbps', maxBitrate, '1–100000')),
    h('fieldset', {}, h('legend', {}, 'Audio'), field('Sample rate', sampleRate), field('Channels', channels), field('kbps', audioBitrate, '6–510')),
    h('label', { className: 'inline' }, isDefault, ' default role of this platform'),
    h('div', { className: 'actions' }, save,
      h('button', { type: 'button', className: 'secondary', id: 'newRole', onclick: () => edit(null) }, 'New role')));

  function edit(role) {
    clearMarks();
    fill(errors);
    title.textContent = role ? `Edit role ${role.platform}/${role.name}` : 'Add a role';
    platform.value = role?.platform ?? 'web';
    name.value = role?.name ?? '';
    width.value = role?.video.width ?? Defaults.width;
    height.value = role?.video.height ?? Defaults.height;
    fps.value = role?.video.fps ?? Defaults.fps;
    minBitrate.value = role?.video.minBitrateKbps ?? Defaults.minBitrateKbps;
    maxBitrate.value = role?.video.maxBitrateKbps ?? Defaults.maxBitrateKbps;
    sampleRate.value = String(role?.audio.sampleRate ?? Defaults.sampleRate);
    channels.value = String(role?.audio.channels ?? Defaults.channels);
    audioBitrate.value = role?.audio.bitrateKbps ?? Defaults.bitrateKbps;
    isDefault.checked = role?.isDefault ?? false;
    name.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearMarks();
    fill(errors);
    // The form's own checks first (ranges, required fields), listed in the page rather than only as bubbles.
    const invalid = inputs.filter((input) => !input.checkValidity());
    if (invalid.length > 0) {
      invalid.forEach((input) => { input.setAttribute('aria-invalid', 'true'); input.classList.add('invalid'); });
      fill(errors, h('ul', { className: 'error inline', role: 'alert', dataset: { source: 'form' } },
        invalid.map((input) => h('li', {}, `${labelOf(input)}: ${input.validationMessage}`))));
      invalid[0].focus();
      return;
    }

    const body = {
      video: { width: Number(width.value), height: Number(height.value), fps: Number(fps.value), minBitrateKbps: Number(minBitrate.value), maxBitrateKbps: Number(maxBitrate.value) },
      audio: { sampleRate: Number(sampleRate.value), channels: Number(channels.value), bitrateKbps: Number(audioBitrate.value) },
      isDefault: isDefault.checked,
    };
    const path = ctx.appPath(`/roles/${encodeURIComponent(platform.value)}/${encodeURIComponent(name.value)}`);
    const saved = await busy(save, () => ctx.api.put(path, body), (error) => {
      // The server's message, inline, with the fields it names marked.
      const marked = FieldsOfMessage.find(([pattern]) => pattern.test(error.message))?.[1] ?? [];
      marked.forEach((id) => { const input = form.querySelector(`#${id}`); input?.setAttribute('aria-invalid', 'true'); input?.classList.add('invalid'); });
      fill(errors, h('p', { className: 'error inline', role: 'alert', dataset: { source: 'server' } }, `The server refused the role: ${error.text}`));
      ctx.state.roleError = error.text;
    });
    if (!saved) return;
    ctx.state.roleError = null;
    fill(errors, h('p', { className: 'ok', role: 'status' }, `Saved ${saved.platform}/${saved.name}.`));
    await onSaved();
  });

  return { element: h('section', { className: 'card-panel', 'aria-labelledby': 'roleEditorTitle' }, title, form, errors), edit };
}

function labelOf(input) {
  return input.closest('label')?.querySelector('span')?.textContent ?? input.id;
}
