import { isPrivilegedRole } from '@gatehouse/shared';
import { alertOwners, fromSession, type OwnerNotice } from '../../alerts/index.js';
import type { AuthContext } from '../../http/auth-context.js';
import { sessionOf } from '../../http/principal.js';
import { type Reaction, type ReactionContext, reaction } from '../../http/reactions.js';
import { enqueueMail, type MailTemplate, renderMail } from '../../mail/index.js';
import { userByEmail, userInOrg } from './queries.js';

const TAKEN_EMAIL: MailTemplate = {
  subject: 'Someone tried to add your email to a Gatehouse organisation',
  text: `Hi <%= it.name %>,

an administrator of the organisation "<%= it.orgName %>" tried to add your email address to it on Gatehouse. You already have an account, so nothing was created and your account is unchanged.

If you expected this, ask them how else to work together. If not, you can ignore this email.
`,
  html: `<p>Hi <%= it.name %>,</p>
<p>an administrator of the organisation “<%= it.orgName %>” tried to add your email address to it on Gatehouse. You already have an account, so nothing was created and your account is unchanged.</p>
<p>If you expected this, ask them how else to work together. If not, you can ignore this email.</p>
`,
};

type Notice = Pick<OwnerNotice, 'type' | 'summary'>;

/** Tells every other owner of a change to who holds power in the org, made by `auth`. */
async function tellOwners(
  ctx: ReactionContext,
  auth: AuthContext,
  subjectUserId: string,
  notice: Notice,
): Promise<void> {
  await alertOwners(
    ctx.db,
    { audit: ctx.audit, appUrl: ctx.deps.config.appUrl, now: ctx.now },
    {
      ...notice,
      orgId: auth.org.id,
      actorUserId: auth.user.id,
      origin: fromSession(auth.session),
      reviewPath: '/admin/users',
      subjectUserId,
    },
  );
}

/**
 * Tells the owners of a change to a member's role or status made by the signed-in `auth`, in
 * words about them ("Maya Member (maya@…)").
 */
async function tellOwnersAbout(
  ctx: ReactionContext,
  userId: string | null | undefined,
  notice: (auth: AuthContext, who: string) => Notice,
): Promise<void> {
  const auth = sessionOf(ctx.auth);
  const user = auth && userId ? await userInOrg(ctx.db, userId, auth.org.id) : undefined;
  if (!auth || !user) return;
  await tellOwners(ctx, auth, user.id, notice(auth, `${user.name} (${user.email})`));
}

/**
 * Team changes the owners are told of (decision 017), and the mail to the holder of an email an
 * administrator tried to add (the answer said nothing of it, decision 017).
 */
export const teamReactions: readonly Reaction[] = [
  // A new admin or owner is a change to who holds power.
  reaction('USER_CREATED', async (event, ctx) => {
    const auth = sessionOf(ctx.auth);
    const added = event.after;
    if (!auth || !added || !event.targetId || !isPrivilegedRole(added.role)) return;
    await tellOwners(ctx, auth, event.targetId, {
      type: 'role_changed',
      summary: `${auth.user.name} added ${added.name} (${added.email}) as ${added.role}.`,
    });
  }),
  reaction('USER_CREATE_EMAIL_TAKEN', async (event, ctx) => {
    const auth = sessionOf(ctx.auth);
    const holder = event.after && (await userByEmail(ctx.db, event.after.email));
    if (!auth || !holder) return;
    const mail = renderMail(TAKEN_EMAIL, { name: holder.name, orgName: auth.org.name });
    await enqueueMail(ctx.db, { kind: 'team_email_taken', to: holder.email, ...mail }, ctx.now);
  }),
  reaction('ROLE_CHANGED', async (event, ctx) => {
    const from = event.before?.role;
    const to = event.after?.role;
    if (!from || !to) return;
    await tellOwnersAbout(ctx, event.targetId, (auth, who) => ({
      type: 'role_changed',
      summary: `${auth.user.name} changed the role of ${who} from ${from} to ${to}.`,
    }));
  }),
  reaction('USER_DISABLED', (event, ctx) =>
    tellOwnersAbout(ctx, event.targetId, (auth, who) => ({
      type: 'user_disabled',
      summary: `${auth.user.name} disabled ${who}.`,
    })),
  ),
  reaction('USER_ENABLED', (event, ctx) =>
    tellOwnersAbout(ctx, event.targetId, (auth, who) => ({
      type: 'user_enabled',
      summary: `${auth.user.name} enabled ${who}.`,
    })),
  ),
];
