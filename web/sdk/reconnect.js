// What a ParleyClient does when its socket drops or the network changes (docs/protocol.md §13, docs/sdk-web.md):
// fail over between the cluster's URLs, reconnect with backoff, resume the suspended session (then restart ICE on both transports) or log in afresh
// (then re-join and republish). Installed on ParleyClient.prototype, so `this` is the client.

import { ErrorCodes, ParleyError } from './errors.js';
import { SignalingConnection, TerminalCloseCodes } from './signaling.js';

/** Codes with which a (re)login is refused for good: retrying with the same credentials cannot succeed. */
const FatalLoginCodes = new Set([
  ErrorCodes.UserSigExpired, ErrorCodes.UserSigEmpty, ErrorCodes.UserSigMalformed, ErrorCodes.UserSigSignatureMismatch,
  ErrorCodes.UserSigIdentifierMismatch, ErrorCodes.UserSigSdkAppIdMismatch, ErrorCodes.AppHasNoKey,
  ErrorCodes.SdkAppIdNotFound, ErrorCodes.IdentifierInvalid, ErrorCodes.PlatformInvalid,
]);

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export const ReconnectMethods = {
  /**
   * Opens a socket to the server in use or, when it does not answer, to the next URL in turn: a dead node is skipped
   * at once, not after a backoff. The one that answered stays in use.
   */
  async openAnyServer() {
    let lastError;
    for (let i = 0; i < this.servers.length; i++) {
      const index = (this.serverIndex + i) % this.servers.length;
      const signaling = new SignalingConnection(this.servers[index], {
        requestTimeoutMs: this.options.requestTimeoutMs,
        onNotification: (method, params) => this.onNotification(method, params),
        onClose: (code, reason) => this.onSocketClosed(signaling, code, reason),
      });
      try {
        await signaling.open(this.options.connectTimeoutMs);
      } catch (error) {
        lastError = error;
        continue;
      }
      if (index !== this.serverIndex) {
        this.serverIndex = index;
        this.emit('failedOver', { url: this.servers[index] });
      }
      return signaling;
    }
    throw lastError;
  },

  onSocketClosed(signaling, code, reason) {
    if (signaling !== this.signaling) return;
    const terminal = this.stopped
      || Object.values(TerminalCloseCodes).includes(code)
      || (code === 1001 && !this.options.reconnectOnServerShutdown && this.servers.length < 2)
      || !this.options.autoReconnect;
    this.emit('disconnected', { code, reason, willReconnect: !terminal });
    if (terminal) {
      this.state = 'disconnected';
      this.teardownRoom({ stopTracks: true });
      window.removeEventListener('online', this.onNetworkChange);
      return;
    }
    // A node going away (shutdown or drain): start with the next one rather than knock on a closing door.
    if (code === 1001 && this.servers.length > 1) this.serverIndex = (this.serverIndex + 1) % this.servers.length;
    this.reconnect();
  },

  async reconnect() {
    if (this.reconnecting) return;
    this.reconnecting = true;
    this.state = 'reconnecting';
    let delay = this.options.reconnectInitialDelayMs;
    for (let attempt = 1; !this.stopped; attempt++) {
      this.emit('reconnecting', { attempt });
      await sleep(delay * (0.8 + 0.4 * Math.random()));
      if (this.stopped) break;
      try {
        const { resumed } = await this.openSession(true);
        this.reconnecting = false;
        this.state = 'connected';
        if (!resumed) this.syncAfterLogin(); // a resumed session lost nothing
        const room = await this.restoreRoom(resumed);
        this.emit('reconnected', { attempts: attempt, resumed, roomId: room?.roomId ?? null });
        return;
      } catch (error) {
        const fatal = error instanceof ParleyError && FatalLoginCodes.has(error.code);
        const exhausted = this.options.maxReconnectAttempts > 0 && attempt >= this.options.maxReconnectAttempts;
        if (fatal || exhausted) {
          this.reconnecting = false;
          this.stopped = true;
          this.state = 'disconnected';
          this.teardownRoom({ stopTracks: true });
          this.emit('reconnectFailed', { attempts: attempt, error });
          return;
        }
        delay = Math.min(delay * 2, this.options.reconnectMaxDelayMs);
      }
    }
    this.reconnecting = false;
  },

  /**
   * After a resume the room, transports and producers still exist on the server: restart ICE on both. After a
   * fresh login the session is new: join the room again with the same role and publish the same tracks again. Only a
   * refused join ends the stay; a failed publish keeps it and retries (`mediaRepublishFailed`, `mediaRepublished`).
   */
  async restoreRoom(resumed) {
    const room = this.room;
    if (!room) return null;
    if (resumed && this.login.roomId === room.roomId) {
      await this.restartIce();
      return room;
    }
    this.subscriber.close();
    this.remoteProducers.clear();
    let result;
    try {
      result = await this.rejoin(room);
    } catch (error) {
      // The room refused us: the stay is over.
      this.teardownRoom({ stopTracks: true });
      this.emit('error', error);
      return null;
    }
    this.adoptRoom(result, room);
    // The stay goes on even when publishing again fails (e.g. while the cluster places the room's media): the tracks
    // wait and are retried like after a mediaReset (republish.js).
    await this.republishAfterRejoin();
    return this.room;
  },

  /**
   * Joins the room again on a new session. -3301 RoomEnterFailed is the server's "could not reach the room right now"
   * (during a failover the cluster may still be placing what lived on the dead node), so it is tried again a few times
   * (0.25, 0.5, 1 s apart) before it ends the stay; other refusals are final at once. The C# SDK does the same.
   */
  async rejoin(room) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.request('joinRoom', { roomId: room.roomId, role: room.roleName, privateMapKey: room.privateMapKey, autoSubscribe: room.autoSubscribe });
      } catch (error) {
        if (!(error instanceof ParleyError) || error.code !== ErrorCodes.RoomEnterFailed || attempt >= 4 || this.stopped) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** (attempt - 1)));
      }
    }
  },

  /** Restarts ICE on both transports (a new network path); the socket itself is checked with a ping. */
  async restartIce() {
    this.lastIceRestart = Date.now();
    await Promise.all([
      this.publisher.restartIce().catch((error) => console.warn('parley: send transport ICE restart failed', error)),
      this.subscriber.restartIce().catch((error) => console.warn('parley: recv transport ICE restart failed', error)),
    ]);
  },

  async handleNetworkChange() {
    if (this.stopped || this.reconnecting || !this.signaling) return;
    try {
      await this.signaling.request('ping', {}, 3000);
    } catch {
      // The socket died with the old network; dropping it starts the reconnect (and resume) at once.
      this.signaling.abort(4003, 'network change');
      return;
    }
    await this.restartIce();
  },

  onTransportState(transport, state) {
    this.emit('transportState', { transport, state });
    if (state === 'failed' && !this.reconnecting && Date.now() - this.lastIceRestart > 5000) {
      this.restartIce();
    }
  },
};
