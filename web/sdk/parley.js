// Parley browser SDK: rooms with audio, video and screen sharing over Parley's signaling (docs/protocol.md) and
// SFU. Plain ES module, no build step: `import { Parley } from '/sdk/parley.js'`. Reference: docs/sdk-web.md.
// The nouns and methods are those of the C# SDK (Parley.Client) and the wire protocol: sdkAppId, identifier,
// userSig, room, member, role, producer (a published track), consumer (a received one).

import { ChatMethods, Elements } from './chat.js';
import { captureScreen, captureTrack, listDevices } from './devices.js';
import { ErrorCodes, ParleyError } from './errors.js';
import { Publisher, Sources } from './publisher.js';
import { cameraConstraints, DefaultRole, microphoneConstraints } from './roles.js';
import { describeTrack, NotificationMethods } from './notifications.js';
import { ReconnectMethods } from './reconnect.js';
import { RepublishMethods } from './republish.js';
import { StatsSummarizer } from './stats.js';
import { Subscriber } from './subscriber.js';

export { ErrorCodes, ParleyError, listDevices, Sources, Elements };

export const version = '0.9.0';

/** The vendor's numeric reasons in `roomExited.vendorReason`: why this client's stay in a room ended (docs/protocol.md §5). */
export const RoomExitReasons = Object.freeze({ Left: 0, Removed: 1, Dismissed: 2 });

const defaults = {
  url: undefined,
  fallbackUrls: [],
  autoReconnect: true,
  reconnectOnServerShutdown: false,
  reconnectInitialDelayMs: 500,
  reconnectMaxDelayMs: 15000,
  maxReconnectAttempts: 0,
  requestTimeoutMs: 10000,
  connectTimeoutMs: 10000,
  simulcast: false,
  rtcConfiguration: {},
};

function defaultUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

/**
 * A logged-in session. Events are DOM events (`client.addEventListener(type, e => e.detail)`) or, shorter,
 * `client.on(type, detail => …)`. Create one with {@link Parley.connect}.
 */
export class ParleyClient extends EventTarget {
  constructor(options) {
    super();
    this.options = { ...defaults, ...options };
    this.options.url ??= defaultUrl();
    /**
     * The cluster's URLs in the order they are tried; `serverIndex` is the one in use. The app's first; the nodes the
     * server names in each login's `servers` are appended (never in place of the app's) and dropped again when a later
     * answer no longer names them (docs/cluster.md).
     */
    this.servers = [...new Set([this.options.url, ...(this.options.fallbackUrls ?? [])])];
    this.serverIndex = 0;
    this.signaling = null;
    this.login = null;
    this.state = 'disconnected';
    this.room = null;
    /** producerId → Producer of the other members (from trackPublished, consumers and join results). */
    this.remoteProducers = new Map();
    this.preferredDevices = { camera: undefined, microphone: undefined };
    this.stopped = false;
    this.reconnecting = false;
    this.lastIceRestart = 0;
    this.summarizer = new StatsSummarizer();
    const client = this;
    const request = (method, params) => this.request(method, params);
    this.publisher = new Publisher({
      request,
      // Read at each new RTCPeerConnection: the login's iceServers (TURN credentials) arrive after construction.
      get rtcConfiguration() { return client.rtcConfiguration(); },
      onProducers: () => {},
      onConnectionState: (state) => this.onTransportState('send', state),
      onAdminLocked: (producer) => this.emit('trackAdminMuted',
        { roomId: this.room?.roomId, producerId: producer.producerId, source: producer.source, adminMuted: true, muted: true }),
    });
    this.subscriber = new Subscriber({
      request,
      get rtcConfiguration() { return client.rtcConfiguration(); },
      onTrack: (info) => this.onRemoteTrack(info),
      onTrackEnded: (info) => this.emit('remoteTrackEnded', describeTrack(info)),
      onConnectionState: (state) => this.onTransportState('recv', state),
    });
    this.onNetworkChange = () => this.handleNetworkChange();
  }

  // ---- session ------------------------------------------------------------------------------------------

  /** The display spelling of this session's identifier (R2.1). */
  get identifier() {
    return this.login?.identifier ?? this.options.identifier;
  }

  get sessionId() {
    return this.login?.sessionId ?? null;
  }

  /** The role configuration pulled at login (R4.6). */
  get roles() {
    return this.login?.roles ?? null;
  }

  get roomId() {
    return this.room?.roomId ?? null;
  }

  /** The RoleDefinition applied in the current room. */
  get role() {
    return this.room?.role ?? null;
  }

  /** Members of the current room, in join order, including this session. */
  get members() {
    return this.room ? [...this.room.members.values()] : [];
  }

  /** This participant's producers (what it publishes now). */
  get producers() {
    return this.publisher.producers;
  }

  async start() {
    this.stopped = false;
    this.state = 'connecting';
    try {
      await this.openSession(false);
    } catch (error) {
      this.state = 'disconnected';
      throw error;
    }
    this.state = 'connected';
    this.syncAfterLogin();
    window.addEventListener('online', this.onNetworkChange);
    navigator.connection?.addEventListener?.('change', this.onNetworkChange);
  }

  loginParams() {
    const o = this.options;
    const params = { sdkAppId: o.sdkAppId, identifier: o.identifier, userSig: o.userSig, platform: 'web', resumable: true };
    if (o.privateMapKey) params.privateMapKey = o.privateMapKey;
    return params;
  }

  /** Connects and logs in, or resumes the suspended session (protocol.md §13). Returns true when it resumed. */
  async openSession(tryResume) {
    const signaling = await this.openAnyServer();
    let result = null;
    let resumed = false;
    try {
      if (tryResume && this.login?.resumeToken) {
        try {
          result = await signaling.request('resume', { sessionId: this.login.sessionId, resumeToken: this.login.resumeToken });
          resumed = true;
        } catch (error) {
          // ResumeFailed: the window passed; MethodNotFound: a server without resume. Either way: log in afresh.
          if (!(error instanceof ParleyError) || ![ErrorCodes.ResumeFailed, ErrorCodes.MethodNotFound, ErrorCodes.InvalidParams].includes(error.code)) throw error;
        }
      }
      result ??= await signaling.request('login', this.loginParams());
    } catch (error) {
      // Not yet this.signaling: its close is not reported as a lost session.
      signaling.close();
      throw error;
    }
    this.signaling = signaling;
    this.login = result;
    this.learnServers(result.servers);
    this.refreshIceServers();
    signaling.startHeartbeat(result.heartbeatIntervalMs ?? 10000, result.heartbeatTimeoutMs ?? 30000);
    return { resumed, result };
  }

  /**
   * The RTCConfiguration of this session's peer connections: the app's `rtcConfiguration` option with the server's
   * `iceServers` (TURN with time-limited credentials, protocol.md §4.1) put before the app's own.
   */
  rtcConfiguration() {
    const own = this.options.rtcConfiguration ?? {};
    const fromServer = this.login?.iceServers ?? [];
    if (fromServer.length === 0) return { ...own };
    return { ...own, iceServers: [...fromServer, ...(own.iceServers ?? [])] };
  }

  /** Gives live peer connections the credentials of a new login or resume, so later ICE restarts gather with them. */
  refreshIceServers() {
    const { iceServers } = this.rtcConfiguration();
    if (!iceServers) return;
    for (const pc of [this.publisher.pc, this.subscriber.pc]) {
      if (!pc || pc.signalingState === 'closed') continue;
      try {
        pc.setConfiguration({ ...pc.getConfiguration(), iceServers });
      } catch (error) {
        console.warn('Parley: could not update the ICE servers of a peer connection', error);
      }
    }
  }

  /**
   * Brings the learned URLs in line with a login or resume answer's `servers` (protocol.md §4.1; ws:// and wss:// URLs
   * only, at most 32 learned ones): new ones are appended, learned ones it no longer names are dropped (their nodes
   * left), never the app's and never the one in use; `serverIndex` keeps naming the URL in use. An answer without
   * `servers` changes nothing.
   */
  learnServers(urls) {
    if (!Array.isArray(urls)) return;
    const own = [...new Set([this.options.url, ...(this.options.fallbackUrls ?? [])])];
    const inUse = this.servers[this.serverIndex];
    const listed = urls.filter((url) => typeof url === 'string' && /^wss?:\/\//i.test(url));
    const next = [...own, ...this.servers.slice(own.length).filter((url) => listed.includes(url) || url === inUse)];
    for (const url of listed) {
      if (next.length >= own.length + 32) break;
      if (!next.includes(url)) next.push(url);
    }
    this.servers = next;
    this.serverIndex = Math.max(0, next.indexOf(inUse));
  }

  /** The signaling URL in use: `url` or the one of `servers` it failed over to. */
  get serverUrl() {
    return this.servers[this.serverIndex];
  }

  /** Sends any protocol method on the session's socket; rejects with a ParleyError carrying the server's code. */
  request(method, params = {}) {
    if (!this.signaling || this.reconnecting) {
      return Promise.reject(new ParleyError(ErrorCodes.ConnectionClosed, `Not connected (calling ${method}).`));
    }
    return this.signaling.request(method, params);
  }

  /** Hands over a fresh userSig before the old one expires; reconnects use it from then on. */
  async renewUserSig(userSig) {
    const result = await this.request('renewUserSig', { userSig });
    this.options.userSig = userSig;
    if (this.login) this.login.userSigExpiresAt = result.userSigExpiresAt;
    return result;
  }

  /** Logs out (the room sees `logout`), tears media down and closes the socket. */
  async logout() {
    this.stopped = true;
    this.teardownRoom({ stopTracks: true });
    try {
      await this.request('logout');
    } catch {
      // already gone
    }
    this.close();
  }

  /** Closes the socket without logout (the room sees `disconnected`) and stops reconnecting. */
  close() {
    this.stopped = true;
    window.removeEventListener('online', this.onNetworkChange);
    navigator.connection?.removeEventListener?.('change', this.onNetworkChange);
    this.teardownRoom({ stopTracks: true });
    this.signaling?.close();
  }

  // ---- rooms --------------------------------------------------------------------------------------------

  /**
   * Enters room `roomId` (1..10,000,000; created when missing, R3.6) with a role name (unknown → default, R4.4).
   * `autoSubscribe` (default true) receives everyone's tracks as `remoteTrack` events.
   */
  async joinRoom(roomId, { role, privateMapKey, autoSubscribe = true } = {}) {
    const params = { roomId, autoSubscribe };
    if (role) params.role = role;
    if (privateMapKey) params.privateMapKey = privateMapKey;
    const result = await this.request('joinRoom', params);
    this.adoptRoom(result, { roleName: role, privateMapKey, autoSubscribe });
    return result;
  }

  /** Leaves the room: media stops at once; the others see `memberExited` (reason exit); `roomExited` (vendorReason 0) follows. */
  async exitRoom() {
    const result = await this.request('exitRoom');
    this.teardownRoom({ stopTracks: true });
    this.emit('roomExited', { roomId: result.roomId, reason: 'exit', vendorReason: RoomExitReasons.Left });
    return result;
  }

  /** Moves to another room in one step (R3.3); what was published is published again in the new room. */
  async switchRoom(roomId, { role, privateMapKey, autoSubscribe = this.room?.autoSubscribe ?? true } = {}) {
    const params = { roomId, autoSubscribe };
    if (role) params.role = role;
    if (privateMapKey) params.privateMapKey = privateMapKey;
    const result = await this.request('switchRoom', params);
    this.teardownRoom({ stopTracks: false, keepPublished: true });
    this.adoptRoom(result, { roleName: role, privateMapKey, autoSubscribe });
    await this.publisher.republish(this.room.role);
    return result;
  }

  /** Switches role (R4.5) and applies its bounds to what is published, live, without renegotiation (R4.3). */
  async changeRole(role) {
    const result = await this.request('changeRole', { role });
    if (this.room) {
      this.room.role = result.role;
      this.room.roleName = result.role.name;
    }
    await this.publisher.applyRole(result.role, { camera: cameraConstraints(result.role), microphone: microphoneConstraints(result.role) });
    return result;
  }

  async listMembers() {
    const result = await this.request('listMembers');
    if (this.room) this.room.members = new Map(result.members.map((m) => [m.identifier.toLowerCase(), m]));
    return result;
  }

  adoptRoom(result, { roleName, privateMapKey, autoSubscribe }) {
    this.room = {
      roomId: result.roomId,
      role: result.role ?? DefaultRole,
      roleName: roleName ?? result.role?.name,
      owner: result.owner,
      privateMapKey,
      autoSubscribe,
      members: new Map((result.members ?? []).map((m) => [m.identifier.toLowerCase(), m])),
    };
    // Not in protocol.md §4.5 yet: a server that lists the room's producers in the join result is understood.
    for (const producer of result.producers ?? []) this.rememberProducer(producer);
  }

  teardownRoom({ stopTracks, keepPublished = false }) {
    this.stopRepublishRetry(); // the stay is over: nothing to publish again into
    this.subscriber.close();
    // An operator's mute lasts for the stay: what is published again in another room starts free of it.
    if (keepPublished) this.publisher.releaseAdminMutes();
    if (!keepPublished) this.publisher.close({ stopTracks });
    this.remoteProducers.clear();
    this.room = null;
  }

  // ---- publishing ---------------------------------------------------------------------------------------

  /**
   * Publishes local media. `spec` is `{camera, microphone, screen, simulcast}` where each source is `true`,
   * `{deviceId}` or a MediaStreamTrack; or `{tracks: [{track, source}]}`. Resolves with all producers.
   */
  async publish(spec = { camera: true, microphone: true }) {
    if (!this.room) throw new ParleyError(ErrorCodes.NotInRoom, 'Join a room before publishing.');
    const role = this.room.role;
    const simulcast = spec.simulcast ?? this.options.simulcast;
    const list = [];
    try {
      if (spec.tracks) {
        for (const { track, source } of spec.tracks) list.push({ source, track, simulcast, owned: false });
      }
      for (const source of Sources) {
        const wanted = spec[source];
        if (!wanted) continue;
        if (wanted instanceof MediaStreamTrack) {
          list.push({ source, track: wanted, simulcast, owned: false });
          continue;
        }
        const deviceId = wanted.deviceId ?? this.preferredDevices[source];
        const track = source === 'camera' ? await captureTrack('video', cameraConstraints(role, deviceId))
          : source === 'microphone' ? await captureTrack('audio', microphoneConstraints(role, deviceId))
            : await captureScreen();
        list.push({ source, track, simulcast, owned: true });
      }
    } catch (error) {
      for (const item of list) if (item.owned) item.track.stop();
      throw error;
    }
    for (const item of list) {
      this.emit('localTrack', { source: item.source, track: item.track });
      if (item.source === 'screen') {
        // The browser's own "Stop sharing" button ends the track: unpublish then.
        item.track.addEventListener('ended', () => this.unpublish('screen').catch(() => {}), { once: true });
      }
    }
    try {
      return await this.publisher.publish(list, role);
    } catch (error) {
      for (const item of list) {
        if (item.owned && this.publisher.entry(item.source)?.track !== item.track) item.track.stop();
      }
      throw error;
    }
  }

  /** Stops publishing a source (`camera`, `microphone`, `screen`) or a producerId. */
  async unpublish(sourceOrProducerId) {
    if (!this.publishedEntry(sourceOrProducerId) && this.publisher.waiting.has(sourceOrProducerId)) {
      // Waiting to be published again after a mediaReset: no producer to close; its retries stop.
      await this.publisher.unpublish(sourceOrProducerId);
      this.emit('localTrackEnded', { source: sourceOrProducerId });
      return;
    }
    const entry = this.publishedEntry(sourceOrProducerId);
    if (!entry) return;
    if (entry.producer) {
      try {
        await this.request('unpublish', { producerId: entry.producer.producerId });
      } catch (error) {
        if (error.code !== ErrorCodes.ProducerNotFound) throw error;
      }
    }
    await this.publisher.unpublish(entry.source);
    this.emit('localTrackEnded', { source: entry.source });
  }

  /** Mutes a published source: its frames stop for everyone (they see `trackMuted`). */
  muteTrack(sourceOrProducerId, muted = true) {
    const entry = this.publishedEntry(sourceOrProducerId);
    if (!entry) return Promise.reject(new ParleyError(ErrorCodes.ProducerNotFound, `Nothing is published as ${sourceOrProducerId}.`));
    return this.publisher.setMuted(entry.source, muted);
  }

  unmuteTrack(sourceOrProducerId) {
    return this.muteTrack(sourceOrProducerId, false);
  }

  /** Shares a screen, window or tab as the sub-stream (source `screen`). */
  startScreenShare() {
    return this.publish({ screen: true });
  }

  stopScreenShare() {
    return this.unpublish('screen');
  }

  /** The local track of a source, published or not yet. */
  localTrack(source) {
    return this.publisher.entry(source)?.track ?? this.publisher.waiting.get(source)?.track ?? null;
  }

  publishedEntry(sourceOrProducerId) {
    return this.publisher.entry(sourceOrProducerId)
      ?? [...this.publisher.entries.values()].find((e) => e.producer?.producerId === sourceOrProducerId);
  }

  // ---- devices ------------------------------------------------------------------------------------------

  listDevices() {
    return listDevices();
  }

  /** Uses another camera: the published track is replaced in place (no renegotiation); later publishes use it too. */
  switchCamera(deviceId) {
    return this.switchDevice('camera', deviceId);
  }

  switchMicrophone(deviceId) {
    return this.switchDevice('microphone', deviceId);
  }

  async switchDevice(source, deviceId) {
    this.preferredDevices[source] = deviceId;
    const entry = this.publisher.entry(source);
    if (!entry) return null;
    const role = this.room?.role ?? DefaultRole;
    const track = source === 'camera' ? await captureTrack('video', cameraConstraints(role, deviceId))
      : await captureTrack('audio', microphoneConstraints(role, deviceId));
    await this.publisher.replaceTrack(source, track, true);
    this.emit('localTrack', { source, track });
    return track;
  }

  // ---- receiving ----------------------------------------------------------------------------------------

  /** Receives a producer (when autoSubscribe is off, or after unsubscribe); `spatialLayer` 0..2 for simulcast video. */
  async subscribe(producerId, { spatialLayer } = {}) {
    const params = { producerId };
    if (spatialLayer !== undefined) params.spatialLayer = spatialLayer;
    const result = await this.request('subscribe', params);
    return result.consumer;
  }

  async unsubscribe(producerId) {
    await this.request('unsubscribe', { producerId });
  }

  /** Asks for a simulcast layer of a received producer: 0 small, 1 middle, 2 full (switches on key frames). */
  async setPreferredLayer(producerId, spatialLayer, temporalLayer) {
    const params = { producerId, spatialLayer };
    if (temporalLayer !== undefined) params.temporalLayer = temporalLayer;
    await this.request('setPreferredLayer', params);
  }

  /** The remote tracks received now: [{track, stream, identifier, source, kind, producerId, consumerId, mid}]. */
  get remoteTracks() {
    return [...this.subscriber.consumers.values()].map(describeTrack);
  }

  /** The other members' producers known now. */
  get remoteProducerList() {
    return [...this.remoteProducers.values()];
  }

  // ---- messages and stats -------------------------------------------------------------------------------

  /** Sends a custom message (≤ 1 KB of UTF-8) to everyone else in the room, or to `to` only. Resolves with `{seq}`. */
  async sendRoomMessage(data, { cmdId, to } = {}) {
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    if (new TextEncoder().encode(text).length > 1024) {
      throw new ParleyError(ErrorCodes.RoomMessageTooLarge, 'Room messages carry at most 1,024 bytes of UTF-8.');
    }
    const params = { data: text };
    if (cmdId !== undefined) params.cmdId = cmdId;
    if (to) params.to = to;
    return this.request('sendRoomMessage', params);
  }

  /**
   * Statistics of both transports: `local` per source (resolution, fps, bitrate, loss and RTT from the
   * server's reports, codec, simulcast layers) and `remote` per received track (resolution, fps, frames
   * decoded, bitrate, loss, jitter, RTT, codec).
   */
  async getStats() {
    const result = { timestamp: Date.now(), local: {}, remote: [], send: null, recv: null };
    if (this.publisher.pc) {
      Object.assign(result, this.summarizer.summarizeSend(await this.publisher.pc.getStats(), this.publisher.entries));
    }
    if (this.subscriber.pc) {
      Object.assign(result, this.summarizer.summarizeRecv(await this.subscriber.pc.getStats(), this.subscriber.consumers));
    }
    return result;
  }

  // ---- events -------------------------------------------------------------------------------------------

  /** Adds a listener that receives the event's detail; returns a function that removes it. */
  on(type, handler) {
    const listener = (event) => handler(event.detail);
    this.addEventListener(type, listener);
    return () => this.removeEventListener(type, listener);
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

// Connection loss, resume and network changes live in reconnect.js, groups and messages in chat.js, publishing again
// in republish.js, the server's notifications in notifications.js; they run as ParleyClient methods.
Object.assign(ParleyClient.prototype, ReconnectMethods, ChatMethods, RepublishMethods, NotificationMethods);

/** Entry point: `const client = await Parley.connect({sdkAppId, identifier, userSig})`. */
export const Parley = Object.freeze({
  version,
  ErrorCodes,
  RoomExitReasons,
  ParleyError,
  Elements,
  listDevices,
  /**
   * Opens the signaling socket and logs in. `url` defaults to this page's host (`ws(s)://host/ws`).
   * Rejects with a ParleyError (e.g. 70009 for a userSig that does not verify).
   */
  async connect(options) {
    for (const key of ['sdkAppId', 'identifier', 'userSig']) {
      if (options?.[key] === undefined || options[key] === null || options[key] === '') {
        throw new ParleyError(ErrorCodes.InvalidParams, `Parley.connect needs ${key}.`);
      }
    }
    const client = new ParleyClient({ ...options, sdkAppId: Number(options.sdkAppId) });
    await client.start();
    return client;
  },
});

export default Parley;
