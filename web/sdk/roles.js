// Role parameters (R4.1, R4.3) turned into what a browser can apply: capture constraints and RTCRtpSender
// encodings. A role is a RoleDefinition of docs/protocol.md §4.1:
// {name, platform, video:{width,height,fps,minBitrateKbps,maxBitrateKbps}, audio:{sampleRate,channels,bitrateKbps}}.

/** The built-in default role (the server applies it when a role is missing), used before any join. */
export const DefaultRole = Object.freeze({
  name: 'default',
  platform: 'web',
  video: { width: 640, height: 360, fps: 15, minBitrateKbps: 200, maxBitrateKbps: 900 },
  audio: { sampleRate: 48000, channels: 1, bitrateKbps: 32 },
  isDefault: true,
});

/**
 * Simulcast layers, smallest first as protocol.md §9.1 requires: rid, how much smaller than the full layer, and
 * its share of the role's maximum bitrate (the shares add up to 1 so the uplink stays within the role).
 */
export const SimulcastLayers = Object.freeze([
  { rid: 'q', scale: 4, share: 0.1 },
  { rid: 'h', scale: 2, share: 0.25 },
  { rid: 'f', scale: 1, share: 0.65 },
]);

/** getUserMedia video constraints for a role's camera (deviceId optional). */
export function cameraConstraints(role, deviceId) {
  const video = role.video;
  const constraints = {
    width: { ideal: video.width, max: video.width },
    height: { ideal: video.height, max: video.height },
    frameRate: { ideal: video.fps, max: video.fps },
  };
  if (deviceId) constraints.deviceId = { exact: deviceId };
  return constraints;
}

/** getUserMedia audio constraints for a role's microphone (deviceId optional). */
export function microphoneConstraints(role, deviceId) {
  const audio = role.audio;
  const constraints = {
    channelCount: { ideal: audio.channels },
    sampleRate: { ideal: audio.sampleRate },
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
  };
  if (deviceId) constraints.deviceId = { exact: deviceId };
  return constraints;
}

/**
 * How much the sender must scale a captured frame down so it fits the role's resolution (≥ 1). Cameras do not
 * always honour `max` constraints (and screens never have a role size), so the sender enforces it too.
 */
export function fitScale(role, trackSettings) {
  const width = trackSettings?.width;
  const height = trackSettings?.height;
  if (!width || !height) return 1;
  return Math.max(1, width / role.video.width, height / role.video.height);
}

/**
 * The encodings a video sender should carry for a role. Without simulcast: one encoding capped at the role's
 * max bitrate and frame rate. With simulcast: three (q, h, f), sharing the role's max bitrate.
 * `rid` is only set for simulcast (it cannot change after negotiation; the caller keeps the negotiated rids).
 */
export function videoEncodings(role, { simulcast = false, baseScale = 1 } = {}) {
  const maxBitrate = role.video.maxBitrateKbps * 1000;
  const maxFramerate = role.video.fps;
  if (!simulcast) {
    return [{ maxBitrate, maxFramerate, scaleResolutionDownBy: baseScale }];
  }
  return SimulcastLayers.map((layer) => ({
    rid: layer.rid,
    maxBitrate: Math.round(maxBitrate * layer.share),
    maxFramerate,
    scaleResolutionDownBy: baseScale * layer.scale,
  }));
}

/** The encoding an audio sender should carry for a role. */
export function audioEncodings(role) {
  return [{ maxBitrate: role.audio.bitrateKbps * 1000 }];
}

/**
 * Applies `wanted` encodings onto a sender's current parameters without renegotiation (R4.3 on changeRole):
 * only maxBitrate, maxFramerate and scaleResolutionDownBy change; the negotiated rids and order stay.
 */
export async function applyEncodings(sender, wanted) {
  const parameters = sender.getParameters();
  if (!parameters.encodings || parameters.encodings.length === 0) {
    parameters.encodings = wanted.map(({ rid, ...rest }) => rest);
  } else {
    parameters.encodings.forEach((encoding, index) => {
      const source = wanted.find((w) => w.rid && w.rid === encoding.rid) ?? wanted[Math.min(index, wanted.length - 1)];
      for (const key of ['maxBitrate', 'maxFramerate', 'scaleResolutionDownBy']) {
        if (source[key] !== undefined) encoding[key] = source[key];
      }
    });
  }
  await sender.setParameters(parameters);
  return sender.getParameters();
}
