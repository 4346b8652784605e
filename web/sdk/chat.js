// Groups and messages for the browser SDK (docs/protocol.md §14, docs/sdk-web.md "Chat"): the same methods and
// events as the C# SDK's. Each message reaches the app once: live events and sync results meet at a per-conversation
// cursor (group: last seq; C2C: last id), and live events wait while a sync runs; a live group message that skips
// seqs waits for a catch-up sync. Mixed into ParleyClient.

/** Element helpers: a message body is an array of the vendor's elements (product-rules §6). */
export const Elements = Object.freeze({
  text: (text) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: String(text) } }],
  custom: (data, { desc, ext } = {}) => [{ MsgType: 'TIMCustomElem', MsgContent: { Data: String(data), ...(desc ? { Desc: desc } : {}), ...(ext ? { Ext: ext } : {}) } }],
  /** The text of a body's TIMTextElem elements, joined ('' when none or recalled). */
  textOf: (body) => (Array.isArray(body) ? body.filter((e) => e?.MsgType === 'TIMTextElem').map((e) => e.MsgContent?.Text ?? '').join('') : ''),
});

export const TipElement = 'TIMGroupTipsElem';

/** ws(s)://host/ws → http(s)://host */
function httpBase(wsUrl) {
  const u = new URL(wsUrl);
  return `${u.protocol === 'wss:' ? 'https:' : 'http:'}//${u.host}`;
}

function newRandom() {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

function isTip(message) {
  return Array.isArray(message.msgBody) && message.msgBody[0]?.MsgType === TipElement;
}

/** Cursor state, created lazily on the client. */
function chatState(client) {
  client.chat ??= { c2c: 0, notifications: 0, groups: new Map(), unread: new Map(), syncing: false, held: [], noHistory: new Set(), catchUpFailures: new Map() };
  return client.chat;
}

export const ChatMethods = {
  /** Sends to a group; keep `msgRandom` to retry the same message without a duplicate. Resolves {msgSeq, msgTime}. */
  sendGroupMessage(groupId, msgBody, { priority, msgRandom = newRandom() } = {}) {
    return this.request('sendMessage', { groupId, msgBody, msgRandom, ...(priority ? { priority } : {}) });
  },

  /** Sends one-to-one. Resolves {msgSeq, msgTime} (msgSeq is the message id). */
  sendC2CMessage(to, msgBody, { msgRandom = newRandom() } = {}) {
    return this.request('sendMessage', { to, msgBody, msgRandom });
  },

  recallMessage({ groupId, peer, msgSeq }) {
    return this.request('recallMessage', { groupId, peer, msgSeq });
  },

  /** History, newest first: resolves {messages, isFinished}. */
  getMessages({ groupId, peer, msgSeq, count = 20 }) {
    return this.request('getMessages', { groupId, peer, msgSeq, count });
  },

  async markRead({ groupId, peer, msgSeq }) {
    await this.request('markRead', { groupId, peer, msgSeq });
    const id = groupId ?? peer;
    chatState(this).unread.set(id, 0);
    this.emit('conversationUpdated', { conversationType: groupId ? 'group' : 'c2c', conversationId: id, lastMessage: null, unreadCount: 0 });
  },

  /** Resolves {conversations: [{conversationType, groupId?, peer?, lastMessage?, unreadCount, readSeq}]}, latest first. */
  async getConversations() {
    const result = await this.request('getConversations', {});
    for (const c of result.conversations) chatState(this).unread.set(c.groupId ?? c.peer, c.unreadCount);
    return result;
  },

  /**
   * Fetches what was missed since this client's cursors, page by page, emitting messageReceived / groupTip /
   * groupSystemNotification with `fromSync: true` for each item not seen yet. Runs by itself after every login.
   * Resolves the number of items emitted.
   */
  async syncMessages() {
    const state = chatState(this);
    state.syncing = true;
    let emitted = 0;
    try {
      for (;;) {
        const page = await this.request('syncMessages', {
          c2cCursor: state.c2c,
          notificationCursor: state.notifications,
          groups: Object.fromEntries(state.groups),
        });
        // In the server's order (C2C by id, each group by seq): what the cursors need. Not by time: a message's
        // time is taken before its id, so concurrent sends can cross.
        for (const message of page.messages) emitted += this.admitMessage(message, true) ? 1 : 0;
        for (const notification of page.notifications) emitted += this.admitNotification(notification, true) ? 1 : 0;
        for (const [groupId, seq] of Object.entries(page.groups)) {
          if (!(state.groups.get(groupId) >= seq)) state.groups.set(groupId, seq);
        }
        if (!page.hasMore) return emitted;
      }
    } finally {
      state.syncing = false;
      const held = state.held.splice(0);
      for (const live of held) live();
    }
  },

  createGroup(params) {
    return this.request('createGroup', params);
  },

  /** Resolves {status: 'joined'|'pending', lastSeq}; messages after lastSeq are yours. */
  async joinGroup(groupId, message) {
    const result = await this.request('joinGroup', { groupId, ...(message ? { message } : {}) });
    if (result.status === 'joined') {
      const groups = chatState(this).groups;
      if (!(groups.get(groupId) >= result.lastSeq)) groups.set(groupId, result.lastSeq);
    }
    return result;
  },

  quitGroup(groupId) { return this.request('quitGroup', { groupId }); },
  dismissGroup(groupId) { return this.request('dismissGroup', { groupId }); },
  inviteToGroup(groupId, members) { return this.request('inviteToGroup', { groupId, members }); },
  kickGroupMembers(groupId, members) { return this.request('kickGroupMembers', { groupId, members }); },
  handleJoinRequest(groupId, applicant, approve, reason) { return this.request('handleJoinRequest', { groupId, applicant, approve, ...(reason ? { reason } : {}) }); },
  getJoinedGroups() { return this.request('getJoinedGroups', {}); },
  getGroupMembers(groupId, { offset = 0, limit = 100 } = {}) { return this.request('getGroupMembers', { groupId, offset, limit }); },
  modifyGroupProfile(groupId, change) { return this.request('modifyGroupProfile', { groupId, ...change }); },
  setGroupMemberRole(groupId, member, role) { return this.request('setGroupMemberRole', { groupId, member, role }); },
  muteGroupMember(groupId, member, seconds) { return this.request('muteGroupMember', { groupId, member, seconds }); },
  transferGroupOwner(groupId, member) { return this.request('transferGroupOwner', { groupId, member }); },

  /**
   * Uploads a file for an image, sound, file or video element (docs/uploads.md). Resolves {uuid, url, contentType,
   * size, fileName, imageFormat?, width?, height?}; `fileUrl(url)` makes the URL loadable by this user.
   */
  async uploadFile(blob, name = blob.name) {
    const o = this.options;
    const query = new URLSearchParams({ sdkappid: String(o.sdkAppId), identifier: o.identifier, usersig: o.userSig, ...(name ? { name } : {}) });
    const response = await fetch(`${httpBase(this.serverUrl)}/upload?${query}`, { method: 'POST', body: blob, headers: { 'Content-Type': blob.type || 'application/octet-stream' } });
    const answer = await response.json();
    if (!response.ok) throw Object.assign(new Error(answer.message ?? `upload failed (${response.status})`), { code: answer.code, status: response.status });
    return answer;
  },

  /** An uploaded file's URL with this user's credentials, for <img src> and downloads. */
  fileUrl(url) {
    const o = this.options;
    return `${httpBase(this.serverUrl)}${url}?${new URLSearchParams({ identifier: o.identifier, usersig: o.userSig })}`;
  },

  /** Routes the chat events; false for anything else. */
  handleChatNotification(method, params) {
    switch (method) {
      case 'messageReceived':
      case 'groupTip':
        this.liveMessage(params);
        return true;
      case 'groupSystemNotification':
        this.live(() => this.admitNotification(params, false));
        return true;
      case 'messageRecalled':
        this.emit('messageRecalled', params);
        return true;
      default:
        return false;
    }
  },

  /**
   * A live message, or — when it skips seqs of its group (its group's server node died with events it had
   * acknowledged but not delivered, or it came on a new connection before the login's sync) — a catch-up sync first,
   * which brings the missed ones and this one in order, each once. It waits (with every later live event) until a
   * catch-up succeeds; a failed one is retried with backoff, and after ten the gap is left to the next login's sync.
   */
  liveMessage(message) {
    const state = chatState(this);
    if (state.syncing) {
      state.held.push(() => this.liveMessage(message));
      return;
    }
    const last = state.groups.get(message.groupId);
    const skips = message.conversationType === 'group' && last !== undefined && message.msgSeq > last + 1
      && !state.noHistory.has(message.groupId) && (state.catchUpFailures.get(message.groupId) ?? 0) < 10;
    if (!skips) {
      this.admitMessage(message, false);
      return;
    }
    state.syncing = true; // claimed here, so later live events wait behind the catch-up
    state.held.push(() => this.liveMessage(message));
    this.catchUp(message.groupId);
  },

  async catchUp(groupId) {
    const state = chatState(this);
    // Counted before the attempt: a failed sync replays what waits (this message too) before it settles, and that
    // replay must already see this attempt, or it would retry at once.
    const earlier = state.catchUpFailures.get(groupId) ?? 0;
    state.catchUpFailures.set(groupId, earlier + 1);
    if (earlier > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(250 * earlier, 3000)));
    try {
      const emitted = await this.syncMessages();
      state.catchUpFailures.delete(groupId);
      // Nothing at all to fill the gap with: the group keeps no history (AVChatRoom sheds messages under load).
      if (emitted === 0) state.noHistory.add(groupId);
    } catch (error) {
      console.warn('parley: catching up on missed messages failed; trying again', error);
      if (this.stopped) {
        state.syncing = false;
        state.held.length = 0;
      }
    }
  },

  live(admit) {
    const state = chatState(this);
    if (state.syncing) state.held.push(admit);
    else admit();
  },

  admitMessage(message, fromSync) {
    const state = chatState(this);
    const mine = typeof message.from === 'string' && message.from.toLowerCase() === this.identifier?.toLowerCase();
    if (message.conversationType === 'group') {
      if (state.groups.get(message.groupId) >= message.msgSeq) return false;
      state.groups.set(message.groupId, message.msgSeq);
    } else {
      if (state.c2c >= message.msgSeq) return false;
      state.c2c = message.msgSeq;
    }
    const id = message.groupId ?? (mine ? message.to : message.from);
    const tip = isTip(message);
    const unread = (state.unread.get(id) ?? 0) + (mine || tip ? 0 : 1);
    state.unread.set(id, unread);
    this.emit(tip ? 'groupTip' : 'messageReceived', { ...message, fromSync });
    this.emit('conversationUpdated', { conversationType: message.conversationType, conversationId: id, lastMessage: message, unreadCount: unread });
    return true;
  },

  admitNotification(notification, fromSync) {
    const state = chatState(this);
    if (state.notifications >= notification.id) return false;
    state.notifications = notification.id;
    this.emit('groupSystemNotification', { ...notification, fromSync });
    return true;
  },

  /**
   * After a login (not a resume, which lost nothing). A failure is reported as `error` (the next sync catches up),
   * except a server without chat (-32601), which has nothing to sync.
   */
  syncAfterLogin() {
    this.syncMessages().catch((error) => { if (error?.code !== -32601) this.emit('error', error); });
  },
};
