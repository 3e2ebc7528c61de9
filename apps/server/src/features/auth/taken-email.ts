import { randomUUID } from 'node:crypto';
import {
  type AuthResponse,
  PRESET_MINUTES,
  permissionsOf,
  type SignupRequest,
} from '@gatehouse/shared';
import { describeDevice } from '../../core/device.js';
import type { Keys } from '../../core/keys.js';
import { hashPassword } from '../../core/passwords.js';
import { quoted, shownAddress } from '../../core/quoted-text.js';
import { newSessionToken } from '../../core/tokens.js';
import type { Executor } from '../../db/client.js';
import type { UserRow } from '../../db/rows.js';
import type { ClientInfo } from '../../http/client-info.js';
import { csrfTokenFor } from '../../http/csrf.js';
import { enqueueMail, type MailTemplate, renderMail } from '../../mail/index.js';
import { slugify } from './service.js';

const MINUTE_MS = 60 * 1000;

const SIGN_UP_ATTEMPT: MailTemplate = {
  subject: 'Someone tried to sign up to Gatehouse with your email',
  text: `Hi <%= it.name %>,

someone tried to create a new Gatehouse account with your email address. You already have one, so nothing was created.
Where: <%= it.where %>
When: <%= it.when %>
Device: <%= it.device %>

If it was you: sign in at <%= it.loginUrl %> (or reset your password from there).
If it was not you, you can ignore this email.
`,
  html: `<p>Hi <%= it.name %>,</p>
<p>someone tried to create a new Gatehouse account with your email address. You already have one, so nothing was created.</p>
<ul><li>Where: <%= it.where %></li><li>When: <%= it.when %></li><li>Device: <%= it.device %></li></ul>
<p>If it was you: <a href="<%= it.loginUrl %>">sign in</a> (or reset your password from there).</p>
<p>If it was not you, you can ignore this email.</p>
`,
};

/**
 * Sign-up with an address that already has an account, when mail can reach its owner: the same
 * cost (an argon2 hash) and the same 201 shape as a new sign-up, but nothing is created and the
 * cookie opens no session; the owner is mailed instead (decision 014 says what this costs).
 */
export async function answerTakenEmail(
  db: Executor,
  input: SignupRequest,
  owner: UserRow,
  context: { client: ClientInfo; now: Date; appUrl: URL; keys: Keys },
): Promise<{ response: AuthResponse; token: string; absoluteExpiresAt: Date }> {
  const { client, now, appUrl, keys } = context;
  await hashPassword(input.password);
  const mail = renderMail(SIGN_UP_ATTEMPT, {
    // The owner's name and the requester's device label are someone's words (decision 021).
    name: quoted(owner.name),
    where: shownAddress(client.ip, 'an unknown address'),
    when: now.toUTCString(),
    device: quoted(describeDevice(client.userAgent).label),
    loginUrl: new URL('/login', appUrl).toString(),
  });
  await enqueueMail(db, { kind: 'sign_up_attempt', to: owner.email, ...mail }, now);
  const sessionId = randomUUID();
  const { idleMinutes, absoluteMinutes } = PRESET_MINUTES.standard;
  const absoluteExpiresAt = new Date(now.getTime() + absoluteMinutes * MINUTE_MS);
  const response: AuthResponse = {
    user: {
      id: randomUUID(),
      email: input.email,
      name: input.name,
      role: 'owner',
      permissions: [...permissionsOf('owner')],
      mfaEnabled: false,
    },
    org: { id: randomUUID(), name: input.orgName, slug: slugify(input.orgName) },
    session: {
      id: sessionId,
      createdAt: now.toISOString(),
      idleExpiresAt: new Date(now.getTime() + idleMinutes * MINUTE_MS).toISOString(),
      absoluteExpiresAt: absoluteExpiresAt.toISOString(),
    },
    csrfToken: csrfTokenFor(keys, sessionId),
  };
  return { response, token: newSessionToken(), absoluteExpiresAt };
}
