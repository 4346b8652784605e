// A scripted stand-in for Parley's signaling + SFU, inside the page, for SDK tests that need the media methods of
// docs/protocol.md §9-13 before the real server has them. It replaces window.WebSocket; its "server side" of each
// transport is a browser RTCPeerConnection (answering the SDK's publish offers, offering subscriber tracks), so
// real ICE/DTLS/SRTP runs on loopback inside the page. Installed with page.AddInitScriptAsync.
(() => {
  const DefaultRole = { name: 'default', platform: 'web', video: { width: 640, height: 360, fps: 15, minBitrateKbps: 200, maxBitrateKbps: 900 }, audio: { sampleRate: 48000, channels: 1, bitrateKbps: 32 }, isDefault: true };
  const AnchorRole = { name: 'anchor', platform: 'web', video: { width: 1280, height: 720, fps: 30, minBitrateKbps: 600, maxBitrateKbps: 2000 }, audio: { sampleRate: 48000, channels: 2, bitrateKbps: 64 }, isDefault: false };

  const gathered = (pc) => new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
  });

  const server = {
    calls: [],
    sockets: [],
    socket: null,
    sessions: 0,
    refuseResume: false,
    /** How many of the next publishes to refuse with 90028 MediaNodeUnavailable (the room's media not answering). */
    refusePublishes: 0,
    /** The `servers` of the next login/resume answers (protocol.md §4.1); undefined: the field is absent. */
    servers: undefined,
    /** Sources an operator locks (answered `muted: true, adminMuted: true`). */
    adminMutedSources: [],
    /** Answer publishes with `muted: true` for every source (a lock the server does not describe as one). */
    answerMuted: false,
    /** Whether publish answers carry `adminMuted` (false: an older server). */
    sendAdminMuted: true,
    /** URLs whose sockets fail to open, as a node that is down. */
    deadUrls: [],
    /** Codes to refuse the next publishes with, one each, in order (before `refusePublishes`). */
    publishRefusalCodes: [],
    /** Codes to refuse the next joinRooms with, one each, in order. */
    joinRefusalCodes: [],
    roomId: null,
    sendPc: null,
    recvPc: null,
    version: 0,
    consumers: [],
    remoteTracks: [],

    /** A fake server-side track: a canvas that keeps drawing, so the receiver decodes frames. */
    canvasTrack() {
      const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 180 });
      const context = canvas.getContext('2d');
      let frame = 0;
      setInterval(() => { context.fillStyle = `hsl(${(frame += 7) % 360} 70% 50%)`; context.fillRect(0, 0, 320, 180); }, 33);
      return canvas.captureStream(30).getVideoTracks()[0];
    },

    notify(method, params) {
      this.socket.deliver({ jsonrpc: '2.0', method, params });
    },

    /** The room's media moved to another node (protocol.md §10.9): both server-side transports are gone. */
    mediaReset(reason = 'mediaNodeLost') {
      this.sendPc?.close();
      this.recvPc?.close();
      this.sendPc = null;
      this.recvPc = null;
      this.consumers = [];
      this.notify('mediaReset', { roomId: this.roomId, reason });
    },

    /** Offers the SDK a consumer of `identifier`'s camera (subscriberOffer with one more section). */
    async offerCamera(identifier) {
      this.recvPc ??= new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
      const track = this.canvasTrack();
      const transceiver = this.recvPc.addTransceiver(track, { direction: 'sendonly' });
      await this.recvPc.setLocalDescription(await this.recvPc.createOffer());
      await gathered(this.recvPc);
      const n = this.consumers.length + 1;
      this.consumers.push({ consumerId: `c${n}`, producerId: `p-${identifier}-camera`, identifier, kind: 'video', source: 'camera', mid: transceiver.mid, spatialLayer: 0, preferredLayer: null, transceiver });
      await this.sendOffer();
    },

    /** Removes a consumer: its section goes inactive in the next offer (the real server rejects it). */
    async removeConsumer(consumerId) {
      const consumer = this.consumers.find((c) => c.consumerId === consumerId);
      consumer.transceiver.direction = 'inactive';
      this.consumers = this.consumers.filter((c) => c !== consumer);
      await this.recvPc.setLocalDescription(await this.recvPc.createOffer());
      await gathered(this.recvPc);
      await this.sendOffer();
    },

    async sendOffer() {
      this.version += 1;
      const consumers = this.consumers.map(({ transceiver, ...wire }) => wire);
      this.notify('subscriberOffer', { sdp: this.recvPc.localDescription.sdp, version: this.version, consumers });
    },

    loginResult(identifier) {
      this.sessions += 1;
      return { sessionId: 'session-1', identifier, userSigExpiresAt: Date.now() + 3600e3, serverTime: Date.now(), heartbeatIntervalMs: 10000, heartbeatTimeoutMs: 30000, roles: { platform: 'web', defaultRole: 'default', roles: [DefaultRole, AnchorRole] }, resumeToken: `token-${this.sessions}`, resumeWindowMs: 15000, servers: this.servers };
    },

    async handle(socket, message) {
      const { id, method, params } = message;
      this.calls.push({ method, params, at: Date.now() });
      const reply = (result) => socket.deliver({ jsonrpc: '2.0', id, result });
      const fail = (code, text) => socket.deliver({ jsonrpc: '2.0', id, error: { code, message: text } });
      switch (method) {
        case 'login':
          if (params.userSig === 'bad') return fail(70009, 'The userSig signature does not verify with the app\'s key.');
          this.identifier = params.identifier;
          // A fresh login is a new session: the old one's transports are gone (the real server closes them).
          this.sendPc?.close();
          this.recvPc?.close();
          this.sendPc = null;
          this.recvPc = null;
          this.consumers = [];
          return reply(this.loginResult(params.identifier));
        case 'resume':
          if (this.refuseResume || params.resumeToken !== `token-${this.sessions}`) return fail(90026, 'Resume failed.');
          return reply({ ...this.loginResult(this.identifier), roomId: this.roomId });
        case 'ping':
          return reply({ serverTime: Date.now() });
        case 'joinRoom':
          if (this.joinRefusalCodes.length > 0) return fail(this.joinRefusalCodes.shift(), 'Join refused (scripted).');
          this.roomId = params.roomId;
          return reply({ roomId: params.roomId, role: params.role === 'anchor' ? AnchorRole : DefaultRole, requestedRoleFound: true, created: false, owner: 'bob', members: [{ identifier: 'bob', role: 'default', isOwner: true, joinedAt: 1 }, { identifier: this.identifier, role: params.role ?? 'default', isOwner: false, joinedAt: 2 }] });
        case 'changeRole':
          return reply({ roomId: this.roomId, role: params.role === 'anchor' ? AnchorRole : DefaultRole });
        case 'publish': {
          if (this.publishRefusalCodes.length > 0) return fail(this.publishRefusalCodes.shift(), 'Publish refused (scripted).');
          if (this.refusePublishes > 0) {
            this.refusePublishes--;
            return fail(90028, 'The node holding this room\'s media did not answer; try again shortly.');
          }
          this.sendPc ??= new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
          await this.sendPc.setRemoteDescription({ type: 'offer', sdp: params.sdp });
          await this.sendPc.setLocalDescription(await this.sendPc.createAnswer());
          await gathered(this.sendPc);
          const producers = params.tracks.map((t) => {
            const adminMuted = this.adminMutedSources.includes(t.source);
            const producer = { producerId: `p-${this.identifier}-${t.source}`, identifier: this.identifier, kind: t.source === 'microphone' ? 'audio' : 'video', source: t.source, muted: !!t.muted || adminMuted || this.answerMuted, codec: t.source === 'microphone' ? 'opus' : 'VP8', layers: 1 };
            if (this.sendAdminMuted) producer.adminMuted = adminMuted;
            return producer;
          });
          return reply({ sdp: this.sendPc.localDescription.sdp, producers });
        }
        case 'subscriberAnswer':
          if (params.version !== this.version) return fail(90025, 'Stale.');
          await this.recvPc.setRemoteDescription({ type: 'answer', sdp: params.sdp });
          return reply({});
        case 'restartIce':
          this.recvPc.restartIce();
          reply({});
          await this.recvPc.setLocalDescription(await this.recvPc.createOffer({ iceRestart: true }));
          await gathered(this.recvPc);
          return this.sendOffer();
        case 'muteTrack': case 'unpublish': case 'setPreferredLayer': case 'unsubscribe':
          return reply({});
        case 'sendRoomMessage':
          return reply({ seq: 1 });
        case 'exitRoom':
          return reply({ roomId: this.roomId });
        default:
          return fail(-32601, 'No such method.');
      }
    },

    /** Drops the socket as a network loss would (close 1006, no close frame). */
    drop() {
      this.socket.serverClose(1006, '');
    },
  };

  class FakeWebSocket extends EventTarget {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;

    constructor(url) {
      super();
      this.url = url;
      this.readyState = FakeWebSocket.CONNECTING;
      if (server.deadUrls.includes(url)) {
        setTimeout(() => {
          this.readyState = FakeWebSocket.CLOSED;
          this.onerror?.({});
          this.onclose?.({ code: 1006, reason: '' });
        }, 0);
        return;
      }
      server.socket = this;
      server.sockets.push(this);
      setTimeout(() => {
        this.readyState = FakeWebSocket.OPEN;
        this.onopen?.({});
      }, 0);
    }

    send(text) {
      if (this.readyState !== FakeWebSocket.OPEN) throw new Error('not open');
      server.handle(this, JSON.parse(text)).catch((error) => console.warn('fake server', error));
    }

    deliver(message) {
      if (this.readyState === FakeWebSocket.OPEN) setTimeout(() => this.onmessage?.({ data: JSON.stringify(message) }), 0);
    }

    close(code = 1000, reason = '') {
      this.serverClose(code, reason);
    }

    serverClose(code, reason) {
      if (this.readyState === FakeWebSocket.CLOSED) return;
      this.readyState = FakeWebSocket.CLOSED;
      setTimeout(() => this.onclose?.({ code, reason }), 0);
    }
  }

  window.WebSocket = FakeWebSocket;
  window.fakeParley = server;
})();
