// The send transport (docs/protocol.md §9.1, §10.1): one RTCPeerConnection that offers, one sendonly transceiver
// per published source. Every change (a new track, a removed one, an ICE restart) is one `publish` carrying the
// connection's complete new offer. Negotiations run one at a time.

import { ErrorCodes, ParleyError } from './errors.js';
import { applyEncodings, audioEncodings, fitScale, videoEncodings } from './roles.js';

export const Sources = Object.freeze(['microphone', 'camera', 'screen']);

export class Publisher {
  /**
   * @param {{request:(method:string, params:object)=>Promise<any>, rtcConfiguration:RTCConfiguration,
   *          onProducers:(producers:object[])=>void, onConnectionState:(state:string)=>void,
   *          onAdminLocked:(producer:object)=>void}} host
   */
  constructor(host) {
    this.host = host;
    this.pc = null;
    /** source → {source, kind, track, transceiver, producer, muted, simulcast, owned} */
    this.entries = new Map();
    this.queue = Promise.resolve();
    this.role = null;
    this.lastOffer = null;
    /** True once the server answered an offer of this connection (it then holds the send transport). */
    this.negotiated = false;
    /**
     * source → {source, track, simulcast, owned, muted}: tracks whose send connection went away (mediaReset, re-join)
     * and that are not published again yet (a republish failed); `publishWaiting` tries again.
     */
    this.waiting = new Map();
  }

  /** Serializes negotiations: offer/answer exchanges must not overlap on one connection. */
  enqueue(work) {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => {});
    return run;
  }

  ensureConnection() {
    if (this.pc) return this.pc;
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', ...this.host.rtcConfiguration });
    pc.onconnectionstatechange = () => this.host.onConnectionState(pc.connectionState);
    this.pc = pc;
    return pc;
  }

  /** Producers this participant has now (source → Producer). */
  get producers() {
    return [...this.entries.values()].filter((e) => e.producer).map((e) => e.producer);
  }

  entry(source) {
    return this.entries.get(source);
  }

  /**
   * Publishes tracks: `list` = [{source, track, simulcast, owned}]. A source already published has its track
   * replaced without renegotiation. Resolves with all producers after the server's answer.
   */
  publish(list, role, { fromWaiting = false } = {}) {
    return this.enqueue(async () => {
      if (fromWaiting) {
        // Only what still waits: the app may have unpublished a source, or published it anew, meanwhile.
        list = list.filter((item) => this.waiting.get(item.source) === item);
        if (list.length === 0) return null;
      } else {
        // The app publishes a source itself: a track still waiting for that source is replaced, not published later.
        for (const { source, track } of list) this.dropWaiting(source, { except: track });
      }
      this.role = role;
      const pc = this.ensureConnection();
      const added = [];
      for (const { source, track, simulcast = false, owned = false } of list) {
        const existing = this.entries.get(source);
        if (existing && existing.transceiver.currentDirection !== 'stopped' && existing.transceiver.direction === 'sendonly') {
          const old = existing.track;
          await existing.transceiver.sender.replaceTrack(track);
          existing.track = track;
          if (existing.owned && old !== track) old?.stop();
          existing.owned = owned;
          continue;
        }
        const encodings = this.encodingsFor(source, track, simulcast);
        const init = { direction: 'sendonly', streams: [new MediaStream([track])], sendEncodings: encodings };
        const transceiver = pc.addTransceiver(track, init);
        const entry = { source, kind: track.kind, track, transceiver, producer: null, muted: false, simulcast: simulcast && source === 'camera', owned };
        this.entries.set(source, entry);
        added.push(entry);
      }
      try {
        await this.negotiate();
      } catch (error) {
        for (const entry of added) {
          entry.transceiver.stop();
          this.entries.delete(entry.source);
        }
        // A connection the server never answered is dropped; one it knows stays (its DTLS must continue).
        if (!this.negotiated) this.closeConnection();
        throw error;
      }
      if (fromWaiting) for (const item of list) this.waiting.delete(item.source);
      return this.producers;
    });
  }

  /** Forgets a waiting track (stopping it when the SDK opened it), unless it is `except`. */
  dropWaiting(source, { except = null, stopTracks = true } = {}) {
    const item = this.waiting.get(source);
    if (!item) return;
    this.waiting.delete(source);
    if (stopTracks && item.owned && item.track !== except) item.track?.stop();
  }

  encodingsFor(source, track, simulcast) {
    const role = this.role;
    if (!role) return undefined;
    if (track.kind === 'audio') return audioEncodings(role);
    if (source === 'screen') return [{ maxBitrate: role.video.maxBitrateKbps * 1000 }];
    return videoEncodings(role, { simulcast, baseScale: fitScale(role, track.getSettings?.()) });
  }

  /** Stops sending `source` and renegotiates it away (the server closes its producer: trackUnpublished). */
  unpublish(source) {
    return this.enqueue(async () => {
      // A track waiting to be published again has no producer any more: forgetting it is the whole unpublish.
      this.dropWaiting(source);
      const entry = this.entries.get(source);
      if (!entry) return;
      this.entries.delete(source);
      if (entry.owned) entry.track?.stop();
      if (this.pc && this.pc.signalingState !== 'closed') {
        entry.transceiver.stop();
        // The connection stays even with nothing left to send: it is the server's send transport for this room,
        // and a later publish must continue its DTLS session (protocol.md §10.1).
        await this.negotiate();
      }
    });
  }

  /** Mutes a source locally (disabled track: silence/black frames) and tells the server through `muteTrack`. */
  async setMuted(source, muted) {
    const entry = this.entries.get(source);
    if (!entry) throw new ParleyError(ErrorCodes.ProducerNotFound, `Nothing is published from the ${source}.`);
    if (!muted && entry.adminMuted) {
      throw new ParleyError(ErrorCodes.TrackMutedByAdmin, `An operator muted your ${source}; only an operator can unmute it.`);
    }
    const was = entry.muted;
    entry.track.enabled = !muted;
    entry.muted = muted;
    if (entry.producer) {
      try {
        await this.host.request('muteTrack', { producerId: entry.producer.producerId, muted });
      } catch (error) {
        entry.muted = was;
        entry.track.enabled = !was && !entry.adminMuted;
        throw error;
      }
      entry.producer = { ...entry.producer, muted };
    }
  }

  /** An operator muted or released a producer (`trackAdminMuted`): capture follows, the member's own mute is kept. */
  setAdminMuted(producerId, adminMuted) {
    const entry = [...this.entries.values()].find((e) => e.producer?.producerId === producerId);
    if (!entry) return;
    entry.adminMuted = adminMuted;
    entry.track.enabled = !adminMuted && !entry.muted;
    entry.producer = { ...entry.producer, muted: adminMuted || entry.muted };
  }

  /** The stay ended while the tracks stay published for the next room (switchRoom): an operator's mutes end with it. */
  releaseAdminMutes() {
    for (const entry of this.entries.values()) {
      if (!entry.adminMuted) continue;
      entry.adminMuted = false;
      entry.track.enabled = !entry.muted;
    }
  }

  /** Replaces the track of a published source (device switch) without renegotiation. */
  async replaceTrack(source, track, owned) {
    const entry = this.entries.get(source);
    if (!entry) return false;
    const old = entry.track;
    track.enabled = !entry.muted;
    await entry.transceiver.sender.replaceTrack(track);
    entry.track = track;
    if (entry.owned && old !== track) old.stop();
    entry.owned = owned;
    if (this.role) await this.applyRoleTo(entry, this.role);
    return true;
  }

  /** Applies a role's bounds live (R4.3): capture constraints, then RTCRtpSender.setParameters, no renegotiation. */
  async applyRole(role, captureConstraints) {
    this.role = role;
    for (const entry of this.entries.values()) {
      const constraints = entry.source === 'screen' ? undefined : captureConstraints?.[entry.source];
      if (constraints && entry.owned) {
        try {
          await entry.track.applyConstraints(constraints);
        } catch (error) {
          console.warn(`parley: the ${entry.source} refused the role constraints`, error);
        }
      }
      await this.applyRoleTo(entry, role);
    }
  }

  async applyRoleTo(entry, role) {
    const wanted = this.encodingsFor(entry.source, entry.track, entry.simulcast);
    if (!wanted) return;
    try {
      await applyEncodings(entry.transceiver.sender, wanted);
    } catch (error) {
      console.warn(`parley: could not apply role ${role.name} to the ${entry.source} sender`, error);
    }
  }

  /** ICE restart on the send transport: a `publish` with an offer carrying new ICE credentials (§10.1). */
  restartIce() {
    return this.enqueue(async () => {
      if (!this.pc || this.entries.size === 0) return;
      await this.negotiate({ iceRestart: true });
    });
  }

  /**
   * Re-sends every published track on a fresh connection (after a reconnect that could not resume, a `mediaReset`, a
   * switch of room). The tracks wait in `waiting` until that works, so a failed attempt loses none: `publishWaiting`
   * tries again.
   */
  republish(role) {
    for (const e of this.entries.values()) {
      this.waiting.set(e.source, { source: e.source, track: e.track, simulcast: e.simulcast, owned: e.owned, muted: e.muted });
    }
    this.entries.clear();
    this.closeConnection();
    return this.publishWaiting(role).then((producers) => producers ?? []);
  }

  /** Publishes the waiting tracks; resolves with all producers, or null when nothing was waiting. */
  publishWaiting(role) {
    const list = [...this.waiting.values()];
    if (list.length === 0) return Promise.resolve(null);
    return this.publish(list, role, { fromWaiting: true }).then(async (producers) => {
      if (producers === null) return null;
      for (const item of list) {
        if (item.muted && this.entries.get(item.source)?.track === item.track) await this.setMuted(item.source, true);
      }
      return producers;
    });
  }

  async negotiate(options = {}) {
    const pc = this.pc;
    const offer = await pc.createOffer(options);
    await pc.setLocalDescription(offer);
    const tracks = [...this.entries.values()]
      .filter((e) => e.transceiver.mid !== null)
      .map((e) => ({ mid: e.transceiver.mid, source: e.source, muted: e.muted }));
    this.lastOffer = pc.localDescription.sdp;
    let result;
    try {
      result = await this.host.request('publish', { sdp: pc.localDescription.sdp, tracks });
    } catch (error) {
      if (pc.signalingState === 'have-local-offer') {
        await pc.setLocalDescription({ type: 'rollback' }).catch(() => {});
      }
      throw error;
    }
    try {
      await pc.setRemoteDescription({ type: 'answer', sdp: result.sdp });
    } catch (error) {
      throw new ParleyError(ErrorCodes.MediaNegotiationFailed, `The browser refused the server's answer: ${error.message}`, undefined, { cause: error });
    }
    this.negotiated = true;
    for (const producer of result.producers ?? []) {
      const entry = this.entries.get(producer.source);
      if (!entry) continue;
      entry.producer = producer;
      // `adminMuted` says whether an operator locks this source for the stay (protocol.md §9, §11). From a server that
      // does not send it: published unmuted but answered muted means locked (a source muted by the member cannot tell).
      const locked = typeof producer.adminMuted === 'boolean' ? producer.adminMuted : producer.muted && !entry.muted;
      if (locked && !entry.adminMuted) {
        entry.adminMuted = true;
        entry.track.enabled = false;
        this.host.onAdminLocked(producer);
      } else if (producer.adminMuted === false && entry.adminMuted) {
        entry.adminMuted = false; // released, or a new stay
        entry.track.enabled = !entry.muted;
      }
    }
    this.host.onProducers(result.producers ?? []);
  }

  closeConnection() {
    this.pc?.close();
    this.pc = null;
    this.negotiated = false;
  }

  /** Closes the transport; stops the tracks the SDK opened itself (not the ones the app handed in). */
  close({ stopTracks = true } = {}) {
    for (const entry of this.entries.values()) {
      if (stopTracks && entry.owned) entry.track?.stop();
    }
    for (const source of [...this.waiting.keys()]) this.dropWaiting(source, { stopTracks });
    this.entries.clear();
    this.closeConnection();
  }
}
