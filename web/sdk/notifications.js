// What a ParleyClient does with the server's notifications (docs/protocol.md §5, §11, docs/sdk-web.md): room and
// member events, operator actions, the recv side's offers, mediaReset, and the rest passed through to the app.
// Installed on ParleyClient.prototype, so `this` is the client.

/** Server notifications passed through to the app under the same name, with the same params as `detail`. */
const PassThroughEvents = ['userVideoAvailable', 'userAudioAvailable', 'userSubStreamAvailable', 'activeSpeakers', 'networkQuality', 'roomMessage', 'serverShuttingDown'];

export const NotificationMethods = {
  onNotification(method, params) {
    if (this.handleChatNotification(method, params)) return;
    const room = this.room;
    switch (method) {
      case 'memberEntered':
        room?.members.set(params.member.identifier.toLowerCase(), params.member);
        this.emit('memberEntered', params);
        break;
      case 'memberExited':
        room?.members.delete(params.identifier.toLowerCase());
        for (const [id, producer] of this.remoteProducers) {
          if (sameIdentifier(producer.identifier, params.identifier)) this.remoteProducers.delete(id);
        }
        this.emit('memberExited', params);
        break;
      case 'roleChanged': {
        const member = room?.members.get(params.identifier.toLowerCase());
        if (member) room.members.set(params.identifier.toLowerCase(), { ...member, role: params.role });
        this.emit('roleChanged', params);
        break;
      }
      case 'forceOffline':
      case 'userSigExpired':
        this.stopped = true;
        this.emit(method, params);
        this.emit('kickedOut', { reason: method, ...params });
        break;
      case 'trackPublished':
        this.rememberProducer(params.producer);
        this.emit('trackPublished', params);
        break;
      case 'trackUnpublished':
        this.remoteProducers.delete(params.producerId);
        this.emit('trackUnpublished', params);
        break;
      case 'trackMuted': {
        const producer = this.remoteProducers.get(params.producerId);
        if (producer) this.remoteProducers.set(params.producerId, { ...producer, muted: params.muted });
        this.emit('trackMuted', params);
        break;
      }
      case 'trackAdminMuted':
        // An operator muted (or released) one of our tracks: stop (or resume) capturing it too, and tell the app.
        this.publisher.setAdminMuted(params.producerId, params.adminMuted);
        this.emit('trackAdminMuted', params);
        break;
      case 'kickedOut':
        // The server ended our stay (an operator removed us, or dismissed the room); the session stays logged in.
        if (!room || room.roomId === params.roomId) this.teardownRoom({ stopTracks: true });
        this.emit('roomExited', {
          roomId: params.roomId,
          reason: params.reason,
          vendorReason: params.vendorReason, // the server always sends it (protocol.md §11 kickedOut)
        });
        break;
      case 'subscriberOffer':
        this.subscriber.handleOffer(params).catch((error) => this.emit('error', error));
        break;
      case 'mediaReset':
        this.resetMedia(params);
        break;
      case 'consumerLayerChanged':
        this.subscriber.setLayer(params.consumerId, params.spatialLayer);
        this.emit('consumerLayerChanged', params);
        break;
      default:
        if (PassThroughEvents.includes(method)) {
          this.emit(method, params);
        } else {
          this.emit('notification', { method, params });
        }
    }
  },

  rememberProducer(producer) {
    if (!sameIdentifier(producer.identifier, this.identifier)) this.remoteProducers.set(producer.producerId, producer);
  },

  onRemoteTrack(info) {
    const c = info.consumer;
    if (!this.remoteProducers.has(c.producerId)) {
      this.remoteProducers.set(c.producerId, { producerId: c.producerId, identifier: c.identifier, kind: c.kind, source: c.source, muted: false });
    }
    this.emit('remoteTrack', describeTrack(info));
  },
};

export function sameIdentifier(a, b) {
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

/** The app's view of a received track (`remoteTrack`, `remoteTrackEnded`, `client.remoteTracks`). */
export function describeTrack(info) {
  const c = info.consumer;
  return {
    track: info.track,
    stream: info.stream,
    identifier: c.identifier,
    source: c.source,
    kind: c.kind,
    producerId: c.producerId,
    consumerId: c.consumerId,
    mid: c.mid,
  };
}
