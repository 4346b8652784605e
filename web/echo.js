// Echo connection test: camera + mic → Parley media server → back. Plain ES module, no build step.
// window.parleyEcho mirrors the page state so automated tests can read it.

const $ = (id) => document.getElementById(id);

const status = {
  state: 'idle',
  error: null,
  offerSdp: null,
  answerSdp: null,
  location: null,
  srtpCipher: null,
  serverStats: null,
  // jitter: the browser's own RFC 3550 estimate for the echoed stream (inbound-rtp, seconds);
  // serverJitter: what the server's receiver reports say about the stream we send (remote-inbound-rtp, seconds).
  video: { framesDecoded: 0, packetsReceived: 0, packetsLost: 0, bytesReceived: 0, jitter: null, serverJitter: null },
  audio: { packetsReceived: 0, packetsLost: 0, jitter: null, serverJitter: null },
  roundTripTime: null,
};
window.parleyEcho = status;

let pc = null;
let localStream = null;
let statsTimer = null;
let previous = null;

function setState(state) {
  status.state = state;
  $('state').textContent = state;
}

function showError(message) {
  status.error = message;
  $('error').textContent = message;
  setState('failed');
}

function describeMediaError(error) {
  switch (error?.name) {
    case 'NotAllowedError': return 'Camera/microphone permission was denied. Allow access and press Start again.';
    case 'NotFoundError': return 'No camera or microphone was found.';
    case 'NotReadableError': return 'The camera or microphone is in use by another application.';
    default: return `Could not open camera/microphone: ${error?.message ?? error}`;
  }
}

/**
 * The query of POST /api/echo: the SRTP profile, and outside dev mode the user's credentials (from the page's
 * fields or the page URL: ?sdkAppId=…&identifier=…&userSig=…), which the server checks like a login.
 */
function echoQuery(profile) {
  const query = new URLSearchParams();
  const page = new URLSearchParams(location.search);
  if (profile) query.set('srtpProfiles', profile);
  for (const name of ['sdkAppId', 'identifier', 'userSig']) {
    const value = $(name).value || page.get(name);
    if (value) query.set(name, value);
  }
  return query.toString();
}

async function start() {
  $('start').disabled = true;
  $('error').textContent = '';
  status.error = null;
  try {
    setState('opening camera');
    try {
      localStream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
    } catch (error) {
      throw new Error(describeMediaError(error));
    }
    $('local').srcObject = localStream;

    pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    for (const track of localStream.getTracks()) {
      pc.addTransceiver(track, { direction: 'sendrecv', streams: [localStream] });
    }
    const remoteStream = new MediaStream();
    $('remote').srcObject = remoteStream;
    pc.ontrack = (event) => remoteStream.addTrack(event.track);
    pc.onconnectionstatechange = () => {
      setState(`connection ${pc.connectionState}`);
      if (pc.connectionState === 'failed') {
        showError('The media connection failed: the browser could not reach the server\'s UDP port, or DTLS failed. Check Media:UdpPort and Media:AnnouncedAddresses and any firewall.');
      }
    };

    setState('creating offer');
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    status.offerSdp = pc.localDescription.sdp;

    setState('sending offer');
    const profile = $('profile').value || new URLSearchParams(location.search).get('srtpProfile') || '';
    const url = `/api/echo?${echoQuery(profile)}`;
    let response;
    try {
      response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: status.offerSdp });
    } catch (error) {
      throw new Error(`Could not reach the server: ${error.message}`);
    }
    if (response.status !== 201) {
      const body = await response.text();
      if (response.status === 404) {
        throw new Error('The echo test is not enabled on this server (set Echo:Enabled=true or Parley:DevMode=true).');
      }
      if (response.status === 401 || response.status === 429) {
        $('credentials').hidden = false;
        let message = body;
        try { message = `${JSON.parse(body).message} (code ${JSON.parse(body).code})`; } catch { /* not JSON */ }
        throw new Error(response.status === 401
          ? `The server needs a valid userSig for the echo test outside dev mode: ${message}`
          : message);
      }
      throw new Error(`The server refused the offer (HTTP ${response.status}): ${body}`);
    }
    status.location = response.headers.get('Location');
    status.answerSdp = await response.text();
    await pc.setRemoteDescription({ type: 'answer', sdp: status.answerSdp });
    setState('connecting');
    $('stop').disabled = false;
    statsTimer = setInterval(() => updateStats().catch((error) => console.warn('stats', error)), 1000);
  } catch (error) {
    showError(error.message ?? String(error));
    await stop(false);
  }
}

async function stop(resetState = true) {
  clearInterval(statsTimer);
  statsTimer = null;
  if (status.location) {
    fetch(status.location, { method: 'DELETE' }).catch(() => {});
  }
  pc?.close();
  pc = null;
  localStream?.getTracks().forEach((track) => track.stop());
  localStream = null;
  $('start').disabled = false;
  $('stop').disabled = true;
  if (resetState) {
    setState('stopped');
  }
}

function formatBitrate(bitsPerSecond) {
  if (bitsPerSecond >= 1e6) return `${(bitsPerSecond / 1e6).toFixed(2)} Mbit/s`;
  return `${(bitsPerSecond / 1e3).toFixed(0)} kbit/s`;
}

// RTT and jitter arrive from getStats in seconds.
function formatSeconds(seconds) {
  return seconds === null || seconds === undefined ? '–' : `${(seconds * 1000).toFixed(1)} ms`;
}

async function updateStats() {
  if (!pc) return;
  const report = await pc.getStats();
  let bytesOut = 0;
  let bytesIn = 0;
  const now = performance.now();
  report.forEach((s) => {
    if (s.type === 'outbound-rtp') bytesOut += s.bytesSent ?? 0;
    if (s.type === 'inbound-rtp') {
      bytesIn += s.bytesReceived ?? 0;
      const target = s.kind === 'video' ? status.video : status.audio;
      target.packetsReceived = s.packetsReceived ?? 0;
      target.packetsLost = s.packetsLost ?? 0;
      if (s.jitter !== undefined) target.jitter = s.jitter;
      if (s.kind === 'video') {
        status.video.framesDecoded = s.framesDecoded ?? 0;
        status.video.bytesReceived = s.bytesReceived ?? 0;
      }
    }
    if (s.type === 'transport' && s.srtpCipher) status.srtpCipher = s.srtpCipher;
    if (s.type === 'candidate-pair' && s.nominated && s.currentRoundTripTime !== undefined) {
      status.roundTripTime = s.currentRoundTripTime;
    }
    if (s.type === 'remote-inbound-rtp') {
      if (s.roundTripTime !== undefined && s.kind === 'video') status.rtcpRoundTripTime = s.roundTripTime;
      if (s.jitter !== undefined) (s.kind === 'video' ? status.video : status.audio).serverJitter = s.jitter;
    }
  });

  $('rtt').textContent = formatSeconds(status.rtcpRoundTripTime ?? status.roundTripTime);
  const video = status.video;
  const total = video.packetsReceived + video.packetsLost;
  $('loss').textContent = total > 0 ? `${((100 * video.packetsLost) / total).toFixed(2)} % (${video.packetsLost} packets)` : '–';
  if (previous) {
    const seconds = (now - previous.time) / 1000;
    $('bitrate').textContent = `${formatBitrate((8 * (bytesOut - previous.bytesOut)) / seconds)} / ${formatBitrate((8 * (bytesIn - previous.bytesIn)) / seconds)}`;
  }
  previous = { time: now, bytesOut, bytesIn };
  $('jitter').textContent = `${formatSeconds(video.jitter)} / ${formatSeconds(status.audio.jitter)}`;
  $('serverJitter').textContent = `${formatSeconds(video.serverJitter)} / ${formatSeconds(status.audio.serverJitter)}`;
  $('frames').textContent = String(video.framesDecoded);
  $('audio').textContent = String(status.audio.packetsReceived);
  $('srtpBrowser').textContent = status.srtpCipher ?? '–';

  if (status.location) {
    try {
      const response = await fetch(`${status.location}/stats`);
      if (response.ok) {
        status.serverStats = await response.json();
        const s = status.serverStats;
        $('srtpServer').textContent = s.srtpProfile ?? '–';
        $('serverPackets').textContent = `${s.rtpPacketsIn + s.rtcpPacketsIn} / ${s.rtpPacketsOut + s.rtcpPacketsOut} / ${s.packetsDropped}`;
      }
    } catch (error) {
      console.warn('server stats', error);
    }
  }
}

$('start').addEventListener('click', () => start());
$('stop').addEventListener('click', () => stop());
const preset = new URLSearchParams(location.search).get('srtpProfile');
if (preset) $('profile').value = preset;
if (new URLSearchParams(location.search).has('autostart')) start();
