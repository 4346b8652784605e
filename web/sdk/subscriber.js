// The recv transport (docs/protocol.md §9.2, §10.6, §10.7): the server offers, this side answers. Each consumer
// arrives as one recvonly m= section; its mid ties the browser's transceiver (and so the MediaStreamTrack) to the
// consumer's identifier and source. Offers are handled one at a time, in the order they arrive.

import { ErrorCodes } from './errors.js';

export class Subscriber {
  /**
   * @param {{request:(method:string, params:object)=>Promise<any>, rtcConfiguration:RTCConfiguration,
   *          onTrack:(info:object)=>void, onTrackEnded:(info:object)=>void, onConnectionState:(state:string)=>void}} host
   */
  constructor(host) {
    this.host = host;
    this.pc = null;
    /** consumerId → {consumer, track, stream, transceiver} */
    this.consumers = new Map();
    this.queue = Promise.resolve();
    this.lastVersion = null;
    /** Bumped by close(): offers queued before it belong to a connection that is gone and are skipped. */
    this.generation = 0;
  }

  ensureConnection() {
    if (this.pc) return this.pc;
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', ...this.host.rtcConfiguration });
    pc.onconnectionstatechange = () => this.host.onConnectionState(pc.connectionState);
    this.pc = pc;
    return pc;
  }

  /** Handles a `subscriberOffer` event: apply, answer, send `subscriberAnswer`, then announce new and gone tracks. */
  handleOffer(offer) {
    const generation = this.generation;
    const run = this.queue.then(() => (generation === this.generation ? this.answer(offer) : undefined));
    this.queue = run.catch((error) => console.warn('parley: could not answer the subscriber offer', error));
    return run;
  }

  async answer({ sdp, version, consumers = [] }) {
    const pc = this.ensureConnection();
    await pc.setRemoteDescription({ type: 'offer', sdp });
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    try {
      await this.host.request('subscriberAnswer', { sdp: pc.localDescription.sdp, version });
      this.lastVersion = version;
    } catch (error) {
      // A stale answer is ignored by the server and a newer offer is on its way (§10.6).
      if (error.code !== ErrorCodes.NegotiationStale) throw error;
      return;
    }
    this.reconcile(consumers);
  }

  reconcile(consumers) {
    const transceivers = new Map(this.pc.getTransceivers().filter((t) => t.mid !== null).map((t) => [t.mid, t]));
    const listed = new Set();
    for (const consumer of consumers) {
      listed.add(consumer.consumerId);
      const known = this.consumers.get(consumer.consumerId);
      if (known) {
        known.consumer = consumer;
        continue;
      }
      const transceiver = transceivers.get(consumer.mid);
      if (!transceiver) {
        console.warn(`parley: consumer ${consumer.consumerId} names mid ${consumer.mid}, which the offer lacks`);
        continue;
      }
      const track = transceiver.receiver.track;
      const info = { consumer, track, stream: new MediaStream([track]), transceiver };
      this.consumers.set(consumer.consumerId, info);
      this.host.onTrack(info);
    }
    for (const [consumerId, info] of [...this.consumers]) {
      if (!listed.has(consumerId)) {
        this.consumers.delete(consumerId);
        this.host.onTrackEnded(info);
      }
    }
  }

  /** The consumer of a producer, if this session receives it. */
  consumerOf(producerId) {
    for (const info of this.consumers.values()) {
      if (info.consumer.producerId === producerId) return info;
    }
    return undefined;
  }

  /** Updates a consumer's forwarded layer from `consumerLayerChanged`. */
  setLayer(consumerId, spatialLayer) {
    const info = this.consumers.get(consumerId);
    if (info) info.consumer = { ...info.consumer, spatialLayer };
  }

  /** Asks the server for new recv-transport ICE credentials; they arrive in the next subscriberOffer (§10.7). */
  async restartIce() {
    if (!this.pc) return;
    await this.host.request('restartIce', { transport: 'recv' });
  }

  /** Closes the transport and reports every track as ended. */
  close() {
    this.generation += 1;
    for (const info of this.consumers.values()) this.host.onTrackEnded(info);
    this.consumers.clear();
    this.pc?.close();
    this.pc = null;
    this.lastVersion = null;
  }
}
