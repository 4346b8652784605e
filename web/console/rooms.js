// Live rooms (R3): the app's rooms and one room's members, roles, platforms and published tracks, refreshed every
// two seconds; Dismiss, per-member Remove and Mute, and recording (docs/admin-api.md gives the shapes read here).

import { busy, confirmButton, field, fill, format, h, inlineError, note, table } from '/console/dom.js';
import { Sources } from '/sdk/publisher.js';

const RefreshMs = 2000;

export async function render(ctx, view, params) {
  return params[0] ? renderRoom(ctx, view, Number(params[0])) : renderList(ctx, view);
}

/** Calls `refresh` now and then every RefreshMs while `auto` is checked; returns the stop function. */
function poll(refresh, auto) {
  let timer = null;
  let stopped = false;
  // Turning refresh back on starts a new loop; one still waiting for its answer then ends (never two loops).
  let generation = 0;
  const tick = async (loop = generation) => {
    if (stopped || loop !== generation) return;
    if (auto.checked && document.visibilityState !== 'hidden') await refresh();
    if (!stopped && loop === generation) timer = setTimeout(() => tick(loop), RefreshMs);
  };
  auto.addEventListener('change', () => {
    if (!auto.checked) return;
    clearTimeout(timer);
    generation++;
    tick();
  });
  return { start: () => tick(), stop: () => { stopped = true; clearTimeout(timer); } };
}

/**
 * Refreshed content is rebuilt only when nobody is using it: rebuilding under a keyboard user's focus (or an armed
 * Confirm button) would throw them out. `force` (after an action) rebuilds anyway and keeps focus in the container.
 */
function replaceUnlessInUse(container, force, ...children) {
  const inUse = container.contains(document.activeElement) || container.querySelector('.confirming, [aria-busy]');
  if (inUse && !force) return;
  fill(container, ...children);
  if (inUse) container.focus();
}

function autoRefresh(id) {
  const input = h('input', { type: 'checkbox', id, checked: true });
  return { input, label: h('label', { className: 'inline' }, input, ' refresh every 2 s') };
}

function emptyState(room) {
  if (!room.emptySince) return 'live';
  const dissolvesAt = room.dissolvesAt ? new Date(room.dissolvesAt).getTime() : null;
  if (dissolvesAt) {
    const seconds = Math.max(0, Math.round((dissolvesAt - Date.now()) / 1000));
    return `empty since ${format.time(room.emptySince)} · dissolves in ${seconds} s`;
  }
  return `empty since ${format.time(room.emptySince)} · dissolves Rooms:DissolveDelay (30 s by default) after`;
}

// ---- the list ------------------------------------------------------------------------------------------------

async function renderList(ctx, view) {
  const list = h('div', { id: 'roomList', tabindex: '-1' }, note('Loading rooms…'));
  const auto = autoRefresh('roomsAutoRefresh');
  const roomId = h('input', { id: 'openRoomId', type: 'number', min: '1', step: '1', required: true, placeholder: '1234' });
  const open = h('form', { className: 'inline-form', id: 'openRoomForm' }, field('Room id', roomId), h('button', { type: 'submit', className: 'secondary' }, 'Open'));
  open.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(`rooms/${Number(roomId.value)}`);
  });
  const updated = h('p', { className: 'note', role: 'status' });

  async function refresh() {
    try {
      const rooms = await ctx.api.get(ctx.appPath('/rooms'));
      ctx.state.rooms = rooms;
      updated.textContent = `${rooms.length} live room(s) · updated ${new Date().toLocaleTimeString()}`;
      replaceUnlessInUse(list, false, rooms.length === 0
        ? note('No live rooms in this app.')
        : table(['room', 'owner', 'members', 'created', 'state'], rooms.map((room) => [
          h('a', { href: `#rooms/${room.roomId}`, dataset: { room: String(room.roomId) } }, String(room.roomId)),
          room.owner, String(room.memberCount), format.time(room.createdAt), emptyState(room)]), { caption: `Live rooms of app ${ctx.state.appId}` }));
    } catch (error) {
      fill(list, inlineError(error));
    }
  }

  fill(view,
    h('h1', { tabindex: '-1' }, 'Live rooms'),
    h('div', { className: 'toolbar' }, auto.label, open),
    updated, list);
  const poller = poll(refresh, auto.input);
  await poller.start();
  return poller.stop;
}

// ---- one room ------------------------------------------------------------------------------------------------

async function renderRoom(ctx, view, roomId) {
  const auto = autoRefresh('roomAutoRefresh');
  const facts = h('div', { id: 'roomFacts' }, note('Loading room…'));
  const members = h('div', { id: 'roomMembers', tabindex: '-1' });
  const actionError = h('div', { id: 'roomActionError', className: 'form-error' });
  const recording = h('div', { id: 'roomRecording', className: 'actions' });
  const onError = (error) => fill(actionError, inlineError(error));
  let gone = false;

  const dismiss = confirmButton('Dismiss room', 'Confirm: every member leaves', (button) => busy(button, async () => {
    await ctx.api.del(ctx.appPath(`/rooms/${roomId}`));
    ctx.state.dismissed = roomId;
    await refresh({ force: true });
  }, onError), { id: 'dismissRoom' });

  async function refresh({ force = false } = {}) {
    let room;
    try {
      room = await ctx.api.get(ctx.appPath(`/rooms/${roomId}`));
    } catch (error) {
      if (error.status === 404 && !error.notSupported) {
        gone = true;
        ctx.state.room = null;
        dismiss.hidden = true;
        fill(facts, h('p', { className: 'note', role: 'status', id: 'roomGone' }, `Room ${roomId} does not exist (any more): it was dissolved or dismissed, or never created.`));
        fill(members);
        return;
      }
      fill(facts, inlineError(error));
      return;
    }

    gone = false;
    dismiss.hidden = false;
    ctx.state.room = room;
    renderFacts(room);
    renderMembers(room, force);
  }

  function renderFacts(room) {
    fill(facts, h('dl', { className: 'facts' },
      h('dt', {}, 'owner'), h('dd', { id: 'roomOwner' }, room.owner, h('small', {}, ' (first member; never changes, R3.4)')),
      h('dt', {}, 'created'), h('dd', {}, format.time(room.createdAt)),
      h('dt', {}, 'members'), h('dd', {}, String(room.members.length)),
      h('dt', {}, 'state'), h('dd', { id: 'roomState' }, emptyState(room)),
      h('dt', {}, 'updated'), h('dd', {}, new Date().toLocaleTimeString())));
  }

  function renderMembers(room, force) {
    replaceUnlessInUse(members, force, room.members.length === 0
      ? note('Nobody is in this room; it dissolves after the delay unless someone joins (R3.5).')
      : table(['member', 'role', 'platform', 'joined', 'tracks', ''], room.members.map((member) => [
        h('span', { dataset: { member: member.identifier } }, member.identifier, member.isOwner ? h('small', { className: 'tag' }, 'owner') : null),
        member.role, member.platform, format.time(member.joinedAt), tracksOf(member),
        memberActions(member)]), { caption: `Members of room ${room.roomId}` }));
  }

  function tracksOf(member) {
    if (member.tracks.length === 0) return 'publishes nothing';
    return h('ul', { className: 'tracks' }, member.tracks.map((track) => {
      // bitrateBps and packetLoss are null until the media node has measured them.
      const bitrate = track.bitrateBps;
      const loss = track.packetLoss;
      return h('li', { dataset: { source: track.source } },
        h('strong', {}, track.source), ` ${track.kind} ${track.codec}`,
        track.muted ? h('small', { className: 'tag warn' }, track.adminMuted ? 'muted by operator' : 'muted') : null,
        ` · ${Number.isFinite(bitrate) ? `${format.number(bitrate / 1000)} kbps` : '— kbps'}`,
        ` · loss ${Number.isFinite(loss) ? `${(loss * 100).toFixed(1)} %` : '—'}`);
    }));
  }

  function memberActions(member) {
    // A mute toggle per published source: Unmute releases an operator's lock, Mute sets one.
    const published = new Map(member.tracks.map((t) => [t.source, t]));
    const buttons = Sources.filter((s) => published.has(s)).map((source) => {
      const locked = published.get(source).adminMuted;
      const label = `${locked ? 'Unmute' : 'Mute'} ${source}`;
      return h('button', { type: 'button', className: 'secondary', dataset: { mute: `${member.identifier}/${source}` },
        onclick: (event) => busy(event.currentTarget, async () => {
          await ctx.api.post(ctx.appPath(`/rooms/${roomId}/members/${encodeURIComponent(member.identifier)}/mute`), { source, muted: !locked });
          await refresh({ force: true });
        }, onError) }, label);
    });
    const remove = confirmButton('Remove', `Confirm remove ${member.identifier}`, (button) => busy(button, async () => {
      await ctx.api.del(ctx.appPath(`/rooms/${roomId}/members/${encodeURIComponent(member.identifier)}`));
      await refresh({ force: true });
    }, onError));
    remove.dataset.remove = member.identifier;
    return h('span', { className: 'actions' }, buttons, remove);
  }

  async function refreshRecording() {
    try {
      const all = await ctx.api.get(ctx.appPath('/recordings'));
      const active = all.find((r) => r.roomId === roomId && isActive(r));
      ctx.state.recording = active ?? null;
      const start = h('button', { type: 'button', id: 'startRecording', className: 'secondary', hidden: Boolean(active) || gone }, 'Start recording');
      const stop = h('button', { type: 'button', id: 'stopRecording', className: 'danger', hidden: !active }, 'Stop recording');
      start.addEventListener('click', () => busy(start, () => ctx.api.post(ctx.appPath(`/rooms/${roomId}/recording`), {}), onError).then(refreshRecording));
      stop.addEventListener('click', () => busy(stop, () => ctx.api.del(ctx.appPath(`/rooms/${roomId}/recording`)), onError).then(refreshRecording));
      fill(recording, start, stop, active ? h('span', { className: 'tag warn' }, `recording since ${format.time(active.startedAt)}`) : null,
        h('a', { href: '#recordings' }, 'all recordings'));
    } catch (error) {
      fill(recording, inlineError(error));
    }
  }

  fill(view,
    h('p', {}, h('a', { href: '#rooms' }, '← all rooms')),
    h('h1', { tabindex: '-1' }, `Room ${roomId}`),
    h('div', { className: 'toolbar' }, auto.label, dismiss),
    recording, actionError, facts, members);

  const poller = poll(refresh, auto.input);
  await Promise.all([poller.start(), refreshRecording()]);
  return poller.stop;
}

/** A recording still running (docs/admin-api.md "Recording": state recording, stopped or interrupted). */
export function isActive(recording) {
  return recording.state === 'recording';
}
