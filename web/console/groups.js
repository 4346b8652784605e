// Groups (R5, R6): the app's groups with type and members, and a group's members and last messages. Read through
// the vendor REST API (/v4, docs/rest-api.md) that already answers all of it, as the app admin: the console has
// the server sign a short-lived userSig for the configured admin identifier (POST /api/apps/{id}/usersig with
// restApiAdmin) and keeps it in memory only.

import { ConsoleError } from '/console/api.js';
import { fill, format, h, inlineError, note, table } from '/console/dom.js';

const PageSize = 50;
const AdminSigSeconds = 600;
const LastMessages = 20;

/** Per app: {identifier, userSig, renewAt}. */
const adminSigs = new Map();

async function adminSig(ctx) {
  const appId = ctx.state.appId;
  const cached = adminSigs.get(appId);
  if (cached && cached.renewAt > Date.now()) return cached;
  const issued = await ctx.api.post(ctx.appPath('/usersig'), { restApiAdmin: true, expireSeconds: AdminSigSeconds });
  const entry = { identifier: issued.identifier, userSig: issued.userSig, renewAt: Date.now() + (AdminSigSeconds - 60) * 1000 };
  adminSigs.set(appId, entry);
  return entry;
}

/** One /v4 call as the app admin; resolves to the envelope when ActionStatus is OK, else rejects with its ErrorInfo. */
export async function callVendor(ctx, command, body) {
  const sig = await adminSig(ctx);
  const query = new URLSearchParams({
    sdkappid: String(ctx.state.appId), identifier: sig.identifier, usersig: sig.userSig,
    random: String(Math.floor(Math.random() * 0xffffffff)), contenttype: 'json',
  });
  const envelope = await ctx.api.vendor(`/v4/${command}?${query}`, body);
  if (envelope?.ActionStatus !== 'OK') {
    throw new ConsoleError(envelope?.ErrorInfo || 'The REST API refused the call.', { code: envelope?.ErrorCode ?? null });
  }
  return envelope;
}

export async function render(ctx, view, params) {
  return params[0] ? renderGroup(ctx, view, params[0]) : renderList(ctx, view);
}

async function renderList(ctx, view) {
  const list = h('div', { id: 'groupList' }, note('Loading groups…'));
  const more = h('button', { type: 'button', className: 'secondary', id: 'moreGroups', hidden: true }, 'Load more');
  const rows = [];
  let next = 0;
  let total = 0;

  async function load() {
    const page = await callVendor(ctx, 'group_open_http_svc/get_appid_group_list', { Limit: PageSize, Next: next });
    const ids = (page.GroupIdList ?? []).map((g) => g.GroupId);
    total = page.TotalCount ?? ids.length;
    next = page.Next ?? 0;
    if (ids.length > 0) {
      const info = await callVendor(ctx, 'group_open_http_svc/get_group_info', { GroupIdList: ids });
      for (const group of info.GroupInfo ?? []) {
        rows.push(group.ErrorCode === 0
          ? [h('a', { href: `#groups/${encodeURIComponent(group.GroupId)}`, dataset: { group: group.GroupId } }, group.GroupId), group.Type, group.Name,
            group.Owner_Account || '—', `${group.MemberNum}${group.MaxMemberNum ? ` / ${group.MaxMemberNum}` : ''}`, format.time(group.CreateTime)]
          : [group.GroupId, '—', group.ErrorInfo, '', '', '']);
      }
    }
    ctx.state.groups = rows.length;
    fill(list, rows.length === 0 ? note('No groups in this app.')
      : table(['group', 'type', 'name', 'owner', 'members', 'created'], rows, { caption: `${rows.length} of ${total} group(s)` }));
    more.hidden = next === 0;
  }

  more.addEventListener('click', () => load().catch((error) => fill(list, inlineError(error))));
  fill(view,
    h('h1', { tabindex: '-1' }, 'Groups'),
    h('p', { className: 'hint' }, 'Read through the vendor REST API as the app admin (a 10-minute admin userSig the server signs for the console).'),
    list, more);
  try {
    await load();
  } catch (error) {
    fill(list, inlineError(error));
  }
}

async function renderGroup(ctx, view, groupId) {
  const info = h('div', { id: 'groupInfo' }, note('Loading group…'));
  const members = h('div', { id: 'groupMembers' });
  const messages = h('div', { id: 'groupMessages' });
  fill(view,
    h('p', {}, h('a', { href: '#groups' }, '← all groups')),
    h('h1', { tabindex: '-1' }, `Group ${groupId}`),
    info, h('h2', {}, 'Members'), members, h('h2', {}, `Last ${LastMessages} messages`), messages);

  let group;
  try {
    const answer = await callVendor(ctx, 'group_open_http_svc/get_group_info', { GroupIdList: [groupId] });
    group = answer.GroupInfo?.[0];
    if (!group || group.ErrorCode !== 0) throw new ConsoleError(group?.ErrorInfo ?? 'No such group.', { code: group?.ErrorCode ?? null });
  } catch (error) {
    fill(info, inlineError(error));
    return;
  }

  fill(info, h('dl', { className: 'facts' },
    h('dt', {}, 'type'), h('dd', { id: 'groupType' }, group.Type),
    h('dt', {}, 'name'), h('dd', {}, group.Name),
    h('dt', {}, 'owner'), h('dd', {}, group.Owner_Account || '—'),
    h('dt', {}, 'members'), h('dd', {}, `${group.MemberNum}${group.MaxMemberNum ? ` of at most ${group.MaxMemberNum}` : ''}`),
    h('dt', {}, 'created'), h('dd', {}, format.time(group.CreateTime)),
    group.Introduction ? [h('dt', {}, 'introduction'), h('dd', {}, group.Introduction)] : null,
    group.Notification ? [h('dt', {}, 'notification'), h('dd', {}, group.Notification)] : null));

  try {
    const answer = await callVendor(ctx, 'group_open_http_svc/get_group_member_info', { GroupId: groupId, Limit: 500 });
    const list = answer.MemberList ?? [];
    fill(members, list.length === 0 ? note('No members.') : table(['member', 'role', 'joined', 'muted until'], list.map((m) => [
      m.Member_Account, m.Role, format.time(m.JoinTime), m.ShutUpUntil && m.ShutUpUntil * 1000 > Date.now() ? format.time(m.ShutUpUntil) : '—'])));
  } catch (error) {
    fill(members, inlineError(error));
  }

  try {
    const answer = await callVendor(ctx, 'group_open_http_svc/group_msg_get_simple', { GroupId: groupId, ReqMsgNumber: LastMessages });
    const list = (answer.RspMsgList ?? []).filter((m) => !m.IsPlaceMsg);
    ctx.state.groupMessages = list.length;
    fill(messages, list.length === 0 ? note('No messages.') : table(['seq', 'from', 'time', 'message'], list.map((m) => [
      String(m.MsgSeq), m.From_Account || '—', format.time(m.MsgTimeStamp), describeBody(m.MsgBody)])));
  } catch (error) {
    // An AVChatRoom keeps no history (R6): the REST API says so, and so does the page.
    fill(messages, error.code === 10007 ? note(error.message) : inlineError(error));
  }
}

/** A message body (product-rules §6) as one line of text: text elements as they are, others by their type. */
export function describeBody(body) {
  if (!Array.isArray(body)) return '';
  return body.map((element) => {
    const content = element?.MsgContent ?? {};
    switch (element?.MsgType) {
      case 'TIMTextElem': return content.Text ?? '';
      case 'TIMFaceElem': return `[face ${content.Index ?? ''}]`;
      case 'TIMCustomElem': return `[custom ${content.Desc || content.Data || ''}]`.trim();
      case 'TIMLocationElem': return `[location ${content.Desc ?? ''}]`;
      case 'TIMImageElem': return '[image]';
      case 'TIMFileElem': return `[file ${content.FileName ?? ''}]`;
      case 'TIMSoundElem': return '[sound]';
      case 'TIMVideoFileElem': return '[video]';
      default: return `[${element?.MsgType ?? 'element'}]`;
    }
  }).join(' ');
}
