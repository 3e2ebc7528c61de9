import { type KeptTokensSection, keptTokensHtml, keptTokensText } from '../../alerts/index.js';
import { type QuotedText, quoted, shownAddress } from '../../core/quoted-text.js';
import { type MailTemplate, type OutgoingMail, renderMail } from '../../mail/index.js';

const footer = {
  text: 'Review your sessions and security activity: <%= it.securityUrl %>',
  html: '<p>Review your sessions and security activity in <a href="<%= it.securityUrl %>">Settings → Security</a>.</p>',
};

const RESET_LINK: MailTemplate = {
  subject: 'Reset your Gatehouse password',
  text: `Hi <%= it.name %>,

someone (hopefully you) asked to reset the password of your Gatehouse account.
Where: <%= it.where %>
When: <%= it.when %>
Device: <%= it.device %>

Set a new password with this link (valid for 30 minutes, once):
<%= it.resetUrl %>

If it was not you, ignore this email: your password stays as it is.
${footer.text}
`,
  html: `<p>Hi <%= it.name %>,</p>
<p>someone (hopefully you) asked to reset the password of your Gatehouse account.</p>
<ul><li>Where: <%= it.where %></li><li>When: <%= it.when %></li><li>Device: <%= it.device %></li></ul>
<p><a href="<%= it.resetUrl %>">Set a new password</a> (valid for 30 minutes, once).</p>
<p>If it was not you, ignore this email: your password stays as it is.</p>
${footer.html}
`,
};

const PASSWORD_WAS_RESET: MailTemplate = {
  subject: 'Your Gatehouse password was changed',
  text: `Hi <%= it.name %>,

the password of your Gatehouse account was changed with a reset link, and every session was signed out.
Where: <%= it.where %>
When: <%= it.when %>
Device: <%= it.device %>
${keptTokensText}
If it was not you, reset your password again at once and tell your administrator.
${footer.text}
`,
  html: `<p>Hi <%= it.name %>,</p>
<p>the password of your Gatehouse account was changed with a reset link, and every session was signed out.</p>
<ul><li>Where: <%= it.where %></li><li>When: <%= it.when %></li><li>Device: <%= it.device %></li></ul>
${keptTokensHtml}
<p>If it was not you, reset your password again at once and tell your administrator.</p>
${footer.html}
`,
};

/** Where and with what a request came: shown in the mail so the owner can tell it was not them. */
export interface RequestOrigin {
  ip: string | null;
  device: string;
}

export interface MailContext {
  user: { email: string; name: string };
  origin: RequestOrigin;
  now: Date;
  appUrl: URL;
}

/** The name and the device label are someone's words: quoted and cut (decision 021). */
interface CommonMailData {
  name: QuotedText;
  where: string;
  when: string;
  device: QuotedText;
  securityUrl: string;
}

function common({ user, origin, now, appUrl }: MailContext): CommonMailData {
  return {
    name: quoted(user.name),
    where: shownAddress(origin.ip, 'an unknown address'),
    when: now.toUTCString(),
    device: quoted(origin.device),
    securityUrl: new URL('/settings/security', appUrl).toString(),
  };
}

export function resetLinkMail(context: MailContext, resetUrl: string): OutgoingMail {
  return {
    kind: 'password_reset',
    to: context.user.email,
    ...renderMail(RESET_LINK, { ...common(context), resetUrl }),
  };
}

/** Lists the API tokens the reset kept working, when there are any (decision 017). */
export function passwordWasResetMail(
  context: MailContext,
  keptTokens: KeptTokensSection | null,
): OutgoingMail {
  return {
    kind: 'password_reset_done',
    to: context.user.email,
    ...renderMail(PASSWORD_WAS_RESET, { ...common(context), keptTokens }),
  };
}
