// Room demo on the browser SDK: a tile per participant (name, mute state, active-speaker highlight, network
// quality, stats), mute, screen share, role switch, leave. Plain ES module, no build step.
// Automation: ?identifier=…&room=…&role=…&autojoin=1[&simulcast=1][&layer=low|mid|high][&publish=0][&iceTransportPolicy=relay]
// window.parleyDemo exposes the client and the page state to tests.

import { Elements, Parley, ParleyError } from '/sdk/parley.js';

const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(location.search);
const Layers = { low: 0, mid: 1, high: 2 };

const state = {
  phase: 'idle', // idle | connecting | joined | left | failed
  error: null,
  errorCode: null,
  publishError: null,
  identifier: null,
  roomId: null,
  devMode: null,
  messages: [],
  /** The group chat beside the call (protocol.md §14): its id and the texts shown, oldest first. */
  group: { groupId: null, messages: [] },
  log: [],
  lastStats: null,
  /** How the last stay ended when an operator ended it: {roomId, reason: 'kicked'|'dismissed', vendorReason: 1|2}. */
  roomExit: null,
};

const demo = {
  client: null,
  state,
  /** Identifiers with a tile, this page's own excluded. */
  remoteIdentifiers: () => [...document.querySelectorAll('.tile[data-identifier]:not(.local)')].map((t) => t.dataset.identifier),
};
window.parleyDemo = demo;

function log(text) {
  state.log.push(`${new Date().toISOString().slice(11, 23)} ${text}`);
  if (state.log.length > 200) state.log.shift();
}

function setStatus(text) {
  $('status').textContent = text;
}

function showError(error, prefix = '') {
  const message = error instanceof ParleyError ? `${prefix}${error.message} (code ${error.code})` : `${prefix}${error?.message ?? error}`;
  state.error = message;
  state.errorCode = error instanceof ParleyError ? error.code : null;
  $('error').textContent = message;
}

function clearError() {
  state.error = null;
  state.errorCode = null;
  $('error').textContent = '';
}

// ---- credentials -----------------------------------------------------------------------------------------

/** In dev mode the server hands out userSigs at /dev/usersig; otherwise the form asks for sdkAppId + userSig. */
async function credentialsFor(identifier) {
  const sdkAppId = query.get('sdkAppId') ?? $('sdkAppId').value;
  const userSig = query.get('userSig') ?? $('userSig').value;
  if (sdkAppId && userSig) return { sdkAppId: Number(sdkAppId), userSig };
  const response = await fetch(`/dev/usersig?identifier=${encodeURIComponent(identifier)}`);
  if (response.ok) {
    state.devMode = true;
    const body = await response.json();
    return { sdkAppId: body.sdkAppId, userSig: body.userSig };
  }
  state.devMode = false;
  $('credentials').hidden = false;
  throw new Error('This server is not in dev mode: enter the sdkAppId and a userSig from your app backend.');
}

async function probeDevMode() {
  // A HEAD-like probe with a throwaway identifier tells whether the userSig fields are needed.
  try {
    const response = await fetch('/dev/usersig?identifier=probe');
    state.devMode = response.ok;
  } catch {
    state.devMode = false;
  }
  $('credentials').hidden = state.devMode;
}

// ---- devices ---------------------------------------------------------------------------------------------

async function fillDevicePickers() {
  const { cameras, microphones } = await Parley.listDevices();
  const fill = (select, devices, label) => {
    const current = select.value;
    select.replaceChildren(...devices.map((d, i) => new Option(d.label || `${label} ${i + 1}`, d.deviceId)));
    if (current) select.value = current;
  };
  fill($('camera'), cameras, 'Camera');
  fill($('microphone'), microphones, 'Microphone');
}

// ---- tiles -----------------------------------------------------------------------------------------------

function tileOf(identifier, { create = true, local = false } = {}) {
  const key = identifier.toLowerCase();
  let tile = document.querySelector(`.tile[data-key="${CSS.escape(key)}"]`);
  if (tile || !create) return tile;
  tile = document.createElement('div');
  tile.className = local ? 'tile local' : 'tile';
  tile.dataset.key = key;
  tile.dataset.identifier = identifier;
  tile.innerHTML = `<pre class="stats"></pre><div class="bar"><span class="name"></span><span class="muted mic" hidden>mic off</span>
    <span class="muted cam" hidden>camera off</span><span class="quality" title="network quality"><i></i><i></i><i></i><i></i><i></i></span></div>`;
  tile.querySelector('.name').textContent = local ? `${identifier} (you)` : identifier;
  if (local) $('tiles').prepend(tile);
  else $('tiles').append(tile);
  // The camera <video> exists from the start (black until a track arrives), so tests can find it by identifier.
  videoOf(tile, 'camera');
  return tile;
}

function videoOf(tile, source, create = true) {
  let video = tile.querySelector(`video[data-source="${source}"]`);
  if (video || !create) return video;
  video = document.createElement('video');
  video.autoplay = true;
  video.playsInline = true;
  video.muted = true; // audio plays through a separate <audio>; a muted video may autoplay
  video.dataset.identifier = tile.dataset.identifier;
  video.dataset.source = source;
  if (source === 'camera') tile.prepend(video);
  else tile.querySelector('.bar').before(video);
  return video;
}

function removeTile(identifier) {
  tileOf(identifier, { create: false })?.remove();
}

function setMuted(identifier, source, muted) {
  const tile = tileOf(identifier, { create: false });
  if (!tile) return;
  const label = tile.querySelector(source === 'microphone' ? '.mic' : '.cam');
  if (label && source !== 'screen') label.hidden = !muted;
  tile.dataset[`${source}Muted`] = String(muted);
}

function setQuality(identifier, quality) {
  const tile = tileOf(identifier, { create: false });
  if (!tile || !quality) return;
  // Vendor scale: 0 unknown, 1 excellent … 5 very bad. Bars: excellent 5 … very bad 1, unknown none.
  const worst = Math.max(quality.uplink ?? 0, quality.downlink ?? 0);
  const bars = worst === 0 ? 0 : 6 - worst;
  tile.querySelectorAll('.quality i').forEach((bar, i) => bar.classList.toggle('on', i < bars));
  tile.dataset.quality = String(worst);
}

/** True while the identifier is in the room: a track that arrives after its owner left must not bring the tile back. */
function isMember(identifier) {
  return demo.client?.room?.members?.has(identifier.toLowerCase()) ?? false;
}

function attachTrack({ identifier, source, kind, track }) {
  const tile = tileOf(identifier, { create: isMember(identifier) });
  if (!tile) return;
  if (kind === 'audio') {
    const audio = document.createElement('audio');
    audio.autoplay = true;
    audio.dataset.identifier = identifier;
    audio.dataset.consumerTrack = track.id;
    audio.srcObject = new MediaStream([track]);
    tile.append(audio);
    return;
  }
  const video = videoOf(tile, source);
  video.srcObject = new MediaStream([track]);
  video.dataset.trackId = track.id;
}

function detachTrack({ identifier, source, kind, track }) {
  const tile = tileOf(identifier, { create: false });
  if (!tile) return;
  if (kind === 'audio') {
    tile.querySelector(`audio[data-consumer-track="${CSS.escape(track.id)}"]`)?.remove();
    return;
  }
  const video = videoOf(tile, source, false);
  if (video && video.dataset.trackId === track.id) {
    if (source === 'screen') video.remove();
    else video.srcObject = null;
  }
}

// ---- room ------------------------------------------------------------------------------------------------

function wireEvents(client) {
  client.on('memberEntered', ({ member }) => {
    log(`${member.identifier} entered`);
    tileOf(member.identifier);
  });
  client.on('memberExited', ({ identifier, reason }) => {
    log(`${identifier} left (${reason})`);
    removeTile(identifier);
  });
  client.on('roleChanged', ({ identifier, role }) => log(`${identifier} is now ${role}`));
  client.on('remoteTrack', (info) => {
    log(`receiving ${info.identifier}'s ${info.source}`);
    attachTrack(info);
    const layer = preferredLayer();
    if (layer !== null && info.kind === 'video') {
      client.setPreferredLayer(info.producerId, layer).catch((error) => console.warn('setPreferredLayer', error));
    }
  });
  client.on('remoteTrackEnded', detachTrack);
  client.on('mediaReset', ({ reason, producers }) => log(`the room's media moved to another node (${reason}); published ${producers.length} track(s) again`));
  client.on('trackPublished', ({ producer }) => {
    log(`${producer.identifier} published ${producer.source}`);
    setMuted(producer.identifier, producer.source, producer.muted);
  });
  client.on('trackUnpublished', ({ identifier, producerId }) => log(`${identifier} unpublished ${producerId}`));
  client.on('trackMuted', ({ identifier, producerId, muted }) => {
    const producer = client.remoteProducerList.find((p) => p.producerId === producerId);
    log(`${identifier} ${muted ? 'muted' : 'unmuted'} ${producer?.source ?? producerId}`);
    if (producer) setMuted(identifier, producer.source, muted);
  });
  client.on('activeSpeakers', ({ speakers }) => {
    const loud = new Set(speakers.map((s) => s.identifier.toLowerCase()));
    document.querySelectorAll('.tile').forEach((tile) => tile.classList.toggle('speaking', loud.has(tile.dataset.key)));
  });
  client.on('networkQuality', ({ local, remote }) => {
    setQuality(client.identifier, local);
    for (const quality of remote ?? []) setQuality(quality.identifier, quality);
  });
  client.on('roomMessage', ({ from, data, seq }) => {
    state.messages.push({ from, data, seq });
    const item = document.createElement('li');
    item.textContent = `${from}: ${data}`;
    $('messages').append(item);
  });
  client.on('messageReceived', (message) => showGroupMessage(message));
  client.on('kickedOut', ({ reason }) => {
    showError(new Error(reason === 'forceOffline' ? 'You logged in elsewhere with this name.' : 'Your userSig expired.'));
    resetToForm('left');
  });
  // An operator ended our stay (admin API): vendorReason 1 removed, 2 dismissed. Back to the join form, logged out.
  client.on('roomExited', ({ roomId, reason, vendorReason }) => {
    if (vendorReason === 0) return; // our own exitRoom: leave() handles it
    state.roomExit = { roomId, reason, vendorReason };
    const text = vendorReason === 2 ? `Room ${roomId} was dismissed by an operator.` : `An operator removed you from room ${roomId}.`;
    log(text);
    showError(new Error(text));
    resetToForm('left');
    client.logout().catch((error) => console.warn('logout', error));
  });
  client.on('trackAdminMuted', ({ source, adminMuted, muted }) => {
    log(`an operator ${adminMuted ? 'muted' : 'released'} your ${source}`);
    setMuted(client.identifier, source, muted);
    const button = source === 'microphone' ? $('muteMic') : source === 'camera' ? $('muteCam') : null;
    if (!button) return;
    button.disabled = adminMuted;
    button.title = adminMuted ? 'An operator muted this; only an operator can unmute it.' : '';
    button.classList.toggle('off', muted);
  });
  client.on('reconnecting', ({ attempt }) => setStatus(`reconnecting (attempt ${attempt})…`));
  client.on('reconnected', ({ resumed }) => setStatus(`${client.identifier} in room ${client.roomId ?? '–'} (${resumed ? 'resumed' : 'rejoined'})`));
  client.on('disconnected', ({ code, willReconnect }) => {
    log(`disconnected (${code})${willReconnect ? ', reconnecting' : ''}`);
    if (!willReconnect && state.phase === 'joined') resetToForm('left');
  });
  client.on('error', (error) => console.warn('parley', error));
  client.on('localTrack', ({ source, track }) => {
    if (track.kind !== 'video') return;
    const video = videoOf(tileOf(client.identifier, { local: true }), source);
    video.srcObject = new MediaStream([track]);
  });
  client.on('localTrackEnded', ({ source }) => {
    const video = videoOf(tileOf(client.identifier, { local: true }), source, false);
    if (source === 'screen') {
      video?.remove();
      updateShareButton(false);
    }
  });
}

function preferredLayer() {
  const chosen = $('layer').value;
  return chosen === '' ? null : Number(chosen);
}

async function join(event) {
  event?.preventDefault();
  clearError();
  state.roomExit = null;
  const identifier = $('identifier').value.trim();
  const roomId = Number($('room').value);
  const role = $('role').value.trim() || undefined;
  state.phase = 'connecting';
  setStatus('connecting…');
  $('joinButton').disabled = true;
  try {
    const credentials = await credentialsFor(identifier);
    // ?fallback=ws://node-b/ws,ws://node-c/ws: the other nodes of a cluster, tried when this one does not answer.
    const fallbackUrls = (query.get('fallback') ?? '').split(',').filter(Boolean);
    // ?iceTransportPolicy=relay: TURN only (the server's iceServers must name a TURN server; docs/turn.md).
    const rtcConfiguration = query.get('iceTransportPolicy') ? { iceTransportPolicy: query.get('iceTransportPolicy') } : {};
    const client = await Parley.connect({ identifier, ...credentials, simulcast: $('simulcast').checked, fallbackUrls, rtcConfiguration });
    demo.client = client;
    wireEvents(client);
    const result = await client.joinRoom(roomId, { role });
    state.identifier = client.identifier;
    state.roomId = result.roomId;
    state.phase = 'joined';
    tileOf(client.identifier, { local: true });
    for (const member of result.members) {
      if (member.identifier.toLowerCase() !== client.identifier.toLowerCase()) tileOf(member.identifier);
    }
    fillRoles(client, result.role.name);
    $('join').hidden = true;
    $('controls').hidden = false;
    $('chat').hidden = false;
    $('roomLabel').textContent = `Room ${result.roomId} · ${result.role.name}${result.created ? ' · created' : ''}`;
    setStatus(`${client.identifier} in room ${result.roomId}`);
    log(`joined room ${result.roomId} as ${result.role.name} with ${result.members.length - 1} other(s)`);
    await openGroupChat(client, result.roomId);
    if (query.get('publish') !== '0') await publishDevices(client);
  } catch (error) {
    state.phase = 'failed';
    showError(error, 'Could not join: ');
    setStatus('not connected');
    demo.client?.close();
    $('joinButton').disabled = false;
  }
}

/**
 * The chat panel beside the call: a ChatRoom group per room (`?group=` names another), created by whoever comes
 * first, joined by everyone, its history shown, new messages appended as they come (live or synced).
 */
async function openGroupChat(client, roomId) {
  const groupId = query.get('group') ?? `room-${roomId}`;
  const ignore = (codes) => (error) => { if (!(error instanceof ParleyError) || !codes.includes(error.code)) throw error; };
  try {
    await client.createGroup({ type: 'ChatRoom', name: `Room ${roomId}`.slice(0, 30), groupId }).catch(ignore([10021]));
    await client.joinGroup(groupId).catch(ignore([10013]));
    state.group = { groupId, messages: [] };
    $('groupLabel').textContent = `Group ${groupId}`;
    $('groupMessages').replaceChildren();
    const { messages } = await client.getMessages({ groupId, count: 20 });
    for (const message of messages.reverse()) showGroupMessage(message);
    $('groupChat').hidden = false;
  } catch (error) {
    showError(error, 'Group chat unavailable: ');
  }
}

function showGroupMessage(message) {
  if (message.groupId !== state.group.groupId || message.recalled) return;
  if (state.group.messages.some((m) => m.msgSeq === message.msgSeq)) return;
  const text = Elements.textOf(message.msgBody);
  if (!text) return;
  state.group.messages.push({ msgSeq: message.msgSeq, from: message.from, text });
  const item = document.createElement('li');
  item.textContent = `${message.from || 'server'}: ${text}`;
  $('groupMessages').append(item);
}

async function publishDevices(client) {
  try {
    await client.publish({
      camera: { deviceId: $('camera').value || undefined },
      microphone: { deviceId: $('microphone').value || undefined },
    });
    state.publishError = null;
    await fillDevicePickers(); // labels are known once a device was granted
  } catch (error) {
    // A server without media (or a refused privilege) leaves the room usable: say so and keep going.
    state.publishError = error instanceof ParleyError ? { code: error.code, message: error.message } : { code: null, message: String(error) };
    showError(error, 'Publishing failed: ');
    console.warn('parley demo: publish failed', error);
  }
}

function fillRoles(client, current) {
  const names = (client.roles?.roles ?? []).map((r) => r.name);
  if (!names.includes(current)) names.unshift(current);
  $('roleSelect').replaceChildren(...names.map((name) => new Option(name, name, false, name === current)));
}

function resetToForm(phase) {
  state.phase = phase;
  for (const id of ['muteMic', 'muteCam']) {
    $(id).disabled = false; // an operator's mute ends with the stay
    $(id).title = '';
  }
  document.querySelectorAll('.tile').forEach((tile) => tile.remove());
  $('join').hidden = false;
  $('controls').hidden = true;
  $('chat').hidden = true;
  $('groupChat').hidden = true;
  $('joinButton').disabled = false;
  setStatus('not connected');
}

async function leave() {
  const client = demo.client;
  try {
    await client?.exitRoom();
  } catch (error) {
    console.warn('exitRoom', error);
  }
  await client?.logout();
  resetToForm('left');
}

// ---- controls --------------------------------------------------------------------------------------------

async function toggleMute(source, button, onText, offText) {
  const client = demo.client;
  const entry = client?.producers.find((p) => p.source === source) ?? (client?.localTrack(source) ? { source } : null);
  if (!entry) return;
  const muted = button.dataset.muted !== 'true';
  try {
    await client.muteTrack(source, muted);
    button.dataset.muted = String(muted);
    button.textContent = muted ? offText : onText;
    button.classList.toggle('off', muted);
    setMuted(client.identifier, source, muted);
  } catch (error) {
    showError(error);
  }
}

function updateShareButton(sharing) {
  $('share').textContent = sharing ? 'Stop sharing' : 'Share screen';
  $('share').classList.toggle('off', sharing);
}

async function toggleShare() {
  const client = demo.client;
  try {
    if (client.localTrack('screen')) {
      await client.stopScreenShare();
      updateShareButton(false);
    } else {
      await client.startScreenShare();
      updateShareButton(true);
    }
  } catch (error) {
    showError(error);
  }
}

async function changeRole() {
  try {
    const result = await demo.client.changeRole($('roleSelect').value);
    $('roomLabel').textContent = `Room ${result.roomId} · ${result.role.name}`;
  } catch (error) {
    showError(error);
  }
}

function applyLayerToAll() {
  const layer = preferredLayer();
  const client = demo.client;
  if (!client) return;
  for (const track of client.remoteTracks) {
    if (track.kind === 'video') client.setPreferredLayer(track.producerId, layer ?? 2).catch((error) => console.warn('setPreferredLayer', error));
  }
}

// ---- stats overlay ---------------------------------------------------------------------------------------

function describe(s) {
  const parts = [];
  if (s.width) parts.push(`${s.width}×${s.height}${s.fps ? ` @ ${Math.round(s.fps)} fps` : ''}`);
  if (s.bitrateKbps !== null && s.bitrateKbps !== undefined) parts.push(`${s.bitrateKbps} kbit/s`);
  if (s.lossPercent !== null && s.lossPercent !== undefined) parts.push(`loss ${s.lossPercent} %`);
  if (s.rttMs !== null && s.rttMs !== undefined) parts.push(`RTT ${s.rttMs} ms`);
  if (s.codec) parts.push(s.codec);
  return parts.join(' · ');
}

async function updateStats() {
  const client = demo.client;
  if (!client || state.phase !== 'joined') return;
  const stats = await client.getStats();
  state.lastStats = stats;
  const local = tileOf(client.identifier, { create: false });
  if (local) {
    local.querySelector('.stats').textContent = Object.entries(stats.local).map(([source, s]) => `${source}: ${describe(s)}`).join('\n');
  }
  const lines = new Map();
  for (const s of stats.remote) {
    const key = s.identifier.toLowerCase();
    if (!lines.has(key)) lines.set(key, []);
    lines.get(key).push(`${s.source}: ${describe(s)}${s.spatialLayer !== null ? ` · layer ${s.spatialLayer}` : ''}`);
  }
  document.querySelectorAll('.tile:not(.local)').forEach((tile) => {
    tile.querySelector('.stats').textContent = (lines.get(tile.dataset.key) ?? []).join('\n');
  });
}

// ---- start -----------------------------------------------------------------------------------------------

$('join').addEventListener('submit', join);
$('leave').addEventListener('click', leave);
$('muteMic').addEventListener('click', (e) => toggleMute('microphone', e.currentTarget, 'Mute mic', 'Unmute mic'));
$('muteCam').addEventListener('click', (e) => toggleMute('camera', e.currentTarget, 'Stop camera', 'Start camera'));
$('share').addEventListener('click', toggleShare);
$('roleSelect').addEventListener('change', changeRole);
$('layer').addEventListener('change', applyLayerToAll);
$('showStats').addEventListener('change', (e) => document.body.classList.toggle('nostats', !e.currentTarget.checked));
$('camera').addEventListener('change', (e) => demo.client?.switchCamera(e.currentTarget.value).catch(showError));
$('microphone').addEventListener('change', (e) => demo.client?.switchMicrophone(e.currentTarget.value).catch(showError));
$('messageForm').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('message').value;
  if (!text || !demo.client) return;
  try {
    await demo.client.sendRoomMessage(text);
    $('message').value = '';
    const item = document.createElement('li');
    item.textContent = `${demo.client.identifier} (you): ${text}`;
    $('messages').append(item);
  } catch (error) {
    showError(error, 'Message not sent: ');
  }
});
$('groupForm').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('groupMessage').value;
  if (!text || !demo.client || !state.group.groupId) return;
  try {
    const sent = await demo.client.sendGroupMessage(state.group.groupId, Elements.text(text));
    $('groupMessage').value = '';
    showGroupMessage({ groupId: state.group.groupId, msgSeq: sent.msgSeq, from: demo.client.identifier, msgBody: Elements.text(text) });
  } catch (error) {
    showError(error, 'Message not sent: ');
  }
});
setInterval(() => updateStats().catch((error) => console.warn('stats', error)), 1000);

for (const [field, key] of [['identifier', 'identifier'], ['room', 'room'], ['role', 'role']]) {
  if (query.has(key)) $(field).value = query.get(key);
}
if (query.get('simulcast') === '1') $('simulcast').checked = true;
if (query.has('layer') && query.get('layer') in Layers) $('layer').value = String(Layers[query.get('layer')]);

fillDevicePickers().catch((error) => console.warn('devices', error));
if (query.get('autojoin') === '1') {
  join();
} else if (!query.has('userSig')) {
  probeDevMode();
}
