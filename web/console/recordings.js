// Recordings (docs/recording.md): the app's recordings with their files, downloads (fetched with the admin token,
// then saved from memory), and Stop for those still running. Start a recording from a room's page.

import { busy, download, fill, format, h, inlineError, note, table } from '/console/dom.js';
import { isActive } from '/console/rooms.js';

export async function render(ctx, view) {
  const list = h('div', { id: 'recordingList' }, note('Loading recordings…'));
  const error = h('div', { className: 'form-error' });
  const refresh = h('button', { type: 'button', className: 'secondary', id: 'refreshRecordings' }, 'Refresh');
  fill(view,
    h('h1', { tabindex: '-1' }, 'Recordings'),
    h('p', {}, 'Start a recording from a ', h('a', { href: '#rooms' }, 'live room'), '\'s page. Files are downloaded with the admin token.'),
    h('div', { className: 'toolbar' }, refresh), error, list);

  async function load() {
    let recordings;
    try {
      recordings = await ctx.api.get(ctx.appPath('/recordings'));
    } catch (e) {
      fill(list, inlineError(e));
      return;
    }

    ctx.state.recordings = recordings.length;
    fill(list, recordings.length === 0 ? note('No recordings yet.') : table(['recording', 'room', 'started', 'stopped', 'files', ''],
      recordings.map((recording) => [
        h('code', {}, recording.recordingId), h('a', { href: `#rooms/${recording.roomId}` }, String(recording.roomId)),
        format.time(recording.startedAt), isActive(recording) ? h('span', { className: 'tag warn' }, 'recording') : format.time(recording.stoppedAt),
        filesOf(recording),
        isActive(recording)
          ? h('button', { type: 'button', className: 'danger', dataset: { stop: String(recording.roomId) }, onclick: (event) => busy(event.currentTarget, async () => {
            await ctx.api.del(ctx.appPath(`/rooms/${recording.roomId}/recording`));
            await load();
          }, (e) => fill(error, inlineError(e))) }, 'Stop')
          : '',
      ])));
  }

  function filesOf(recording) {
    if (recording.files.length === 0) return '—';
    return h('ul', { className: 'files' }, recording.files.map((file) => {
      const name = file.fileName;
      const facts = [format.bytes(file.sizeBytes), format.seconds(file.durationMs / 1000), file.identifier, file.source].join(' · ');
      const button = h('button', { type: 'button', className: 'link', dataset: { file: name } }, name);
      button.addEventListener('click', () => busy(button, async () => {
        const blob = await ctx.api.blob(ctx.appPath(`/recordings/${encodeURIComponent(recording.recordingId)}/files/${encodeURIComponent(name)}`));
        download(name, blob);
      }, (e) => fill(error, inlineError(e))));
      return h('li', {}, button, facts ? ` ${facts}` : '');
    }));
  }

  refresh.addEventListener('click', () => busy(refresh, load));
  await load();
}
