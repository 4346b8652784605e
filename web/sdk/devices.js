// Device enumeration and capture. Labels are empty until the page has been granted a device once (browser rule),
// so listDevices() may be called again after the first capture to get names.

import { deviceError } from './errors.js';

/** @returns {Promise<{cameras: MediaDeviceInfo[], microphones: MediaDeviceInfo[], speakers: MediaDeviceInfo[]}>} */
export async function listDevices() {
  const devices = navigator.mediaDevices?.enumerateDevices ? await navigator.mediaDevices.enumerateDevices() : [];
  return {
    cameras: devices.filter((d) => d.kind === 'videoinput'),
    microphones: devices.filter((d) => d.kind === 'audioinput'),
    speakers: devices.filter((d) => d.kind === 'audiooutput'),
  };
}

/** Opens one track of `kind` with `constraints`; failures become a ParleyError (90100) with a readable reason. */
export async function captureTrack(kind, constraints) {
  const what = kind === 'video' ? 'camera' : 'microphone';
  try {
    const stream = await navigator.mediaDevices.getUserMedia(kind === 'video' ? { video: constraints } : { audio: constraints });
    return stream.getTracks()[0];
  } catch (error) {
    throw deviceError(error, what);
  }
}

/** Asks the user for a screen, window or tab (getDisplayMedia); the video track is the sub-stream. */
export async function captureScreen(constraints = { frameRate: { ideal: 15, max: 30 } }) {
  try {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: constraints, audio: false });
    return stream.getVideoTracks()[0];
  } catch (error) {
    throw deviceError(error, 'screen');
  }
}
