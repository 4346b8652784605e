// A visitor who is not logged in reads an AVChatRoom's live messages (R5.3; docs/protocol.md §14.4):
// /live?group=<groupId>&sdkAppId=<id> (sdkAppId defaults to the dev app when the server runs in dev mode).
// State for tests: window.parleyLive.state.

import { Elements, ParleyError } from '/sdk/parley.js';
import { SignalingConnection } from '/sdk/signaling.js';

const query = new URLSearchParams(location.search);
const state = { phase: 'connecting', groupId: query.get('group'), name: null, messages: [], errorCode: null };
window.parleyLive = { state };

const $ = (id) => document.getElementById(id);

async function devAppId() {
  const response = await fetch('/dev/usersig?identifier=live_guest');
  return response.ok ? (await response.json()).sdkAppId : null;
}

function show(message) {
  const text = Elements.textOf(message.msgBody);
  if (!text) return;
  state.messages.push({ msgSeq: message.msgSeq, from: message.from, text });
  const item = document.createElement('li');
  item.textContent = `${message.from || 'host'}: ${text}`;
  $('messages').append(item);
}

async function watch() {
  $('groupLabel').textContent = state.groupId ?? '(none)';
  if (!state.groupId) throw new ParleyError(-32602, 'Add ?group=<AVChatRoom id> to the address.');
  const sdkAppId = Number(query.get('sdkAppId') ?? (await devAppId()));
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
  const signaling = new SignalingConnection(url, {
    requestTimeoutMs: 10000,
    onNotification: (method, params) => { if (method === 'messageReceived' && params.groupId === state.groupId) show(params); },
    onClose: () => { state.phase = 'closed'; $('status').textContent = 'disconnected'; },
  });
  await signaling.open(10000);
  const result = await signaling.request('watchGroup', { sdkAppId, groupId: state.groupId });
  signaling.startHeartbeat(10000, 30000);
  state.name = result.name;
  state.phase = 'watching';
  $('status').textContent = `watching ${result.name}`;
}

watch().catch((error) => {
  state.phase = 'failed';
  state.errorCode = error?.code ?? null;
  $('error').textContent = error instanceof ParleyError ? `${error.code}: ${error.message}` : String(error);
  $('status').textContent = 'not watching';
});
