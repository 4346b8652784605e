// A readable summary of the two transports' RTCStatsReports: per local source and per remote track, the
// resolution, frame rate, bitrate, loss, round-trip time and codec. Bitrates need two samples, so the
// summarizer remembers the previous byte counters.

export class StatsSummarizer {
  constructor() {
    this.previous = new Map();
  }

  rate(key, bytes, timestamp) {
    const before = this.previous.get(key);
    this.previous.set(key, { bytes, timestamp });
    if (!before || timestamp <= before.timestamp) return null;
    return Math.round((8 * (bytes - before.bytes)) / (timestamp - before.timestamp)); // bytes per ms × 8 = kbit/s
  }

  /** @returns {{local: object, send: object}} */
  summarizeSend(report, entries) {
    const local = {};
    const send = { rttMs: null, availableOutgoingBitrateKbps: null };
    const byId = new Map();
    report.forEach((s) => byId.set(s.id, s));
    const midToSource = new Map([...entries.values()].map((e) => [e.transceiver.mid, e.source]));
    report.forEach((s) => {
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
        if (s.currentRoundTripTime !== undefined) send.rttMs = Math.round(s.currentRoundTripTime * 1000);
        if (s.availableOutgoingBitrate !== undefined) send.availableOutgoingBitrateKbps = Math.round(s.availableOutgoingBitrate / 1000);
      }
      if (s.type !== 'outbound-rtp') return;
      const source = midToSource.get(s.mid) ?? s.kind;
      const target = (local[source] ??= { kind: s.kind, width: null, height: null, fps: null, bitrateKbps: 0, lossPercent: null, rttMs: null, codec: null, qualityLimitation: null, layers: [] });
      const bitrate = this.rate(`out:${s.id}`, s.bytesSent ?? 0, s.timestamp);
      target.bitrateKbps += bitrate ?? 0;
      target.codec ??= codecName(byId.get(s.codecId));
      if (s.qualityLimitationReason) target.qualityLimitation = s.qualityLimitationReason;
      const remote = byId.get(s.remoteId);
      if (remote) {
        if (remote.roundTripTime !== undefined) target.rttMs = Math.round(remote.roundTripTime * 1000);
        if (remote.fractionLost !== undefined) target.lossPercent = round1(remote.fractionLost * 100);
      }
      if (s.kind === 'video') {
        target.layers.push({ rid: s.rid ?? null, width: s.frameWidth ?? null, height: s.frameHeight ?? null, fps: s.framesPerSecond ?? null, bitrateKbps: bitrate, active: s.active ?? true });
        // The largest active layer describes the source.
        if ((s.frameWidth ?? 0) >= (target.width ?? 0)) {
          target.width = s.frameWidth ?? target.width;
          target.height = s.frameHeight ?? target.height;
          target.fps = s.framesPerSecond ?? target.fps;
        }
      }
    });
    return { local, send };
  }

  /** @returns {{remote: object[], recv: object}} */
  summarizeRecv(report, consumers) {
    const recv = { rttMs: null };
    const byId = new Map();
    report.forEach((s) => byId.set(s.id, s));
    const byMid = new Map([...consumers.values()].map((info) => [info.consumer.mid, info.consumer]));
    const remote = [];
    report.forEach((s) => {
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded' && s.currentRoundTripTime !== undefined) {
        recv.rttMs = Math.round(s.currentRoundTripTime * 1000);
      }
    });
    report.forEach((s) => {
      if (s.type !== 'inbound-rtp') return;
      const consumer = byMid.get(s.mid);
      if (!consumer) return;
      const received = s.packetsReceived ?? 0;
      const lost = Math.max(0, s.packetsLost ?? 0);
      remote.push({
        identifier: consumer.identifier,
        source: consumer.source,
        kind: s.kind,
        producerId: consumer.producerId,
        consumerId: consumer.consumerId,
        spatialLayer: consumer.spatialLayer ?? null,
        width: s.frameWidth ?? null,
        height: s.frameHeight ?? null,
        fps: s.framesPerSecond ?? null,
        framesDecoded: s.framesDecoded ?? null,
        packetsReceived: received,
        packetsLost: lost,
        lossPercent: received + lost > 0 ? round1((100 * lost) / (received + lost)) : null,
        jitterMs: s.jitter !== undefined ? Math.round(s.jitter * 1000) : null,
        bitrateKbps: this.rate(`in:${s.id}`, s.bytesReceived ?? 0, s.timestamp),
        rttMs: recv.rttMs,
        codec: codecName(byId.get(s.codecId)),
      });
    });
    return { remote, recv };
  }
}

function codecName(codec) {
  return codec?.mimeType ? codec.mimeType.split('/')[1] : null;
}

function round1(value) {
  return Math.round(value * 10) / 10;
}
