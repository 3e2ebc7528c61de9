import type { QuotedText } from '../core/quoted-text.js';
import type { MailTemplate } from '../mail/index.js';

/** The user's API tokens that a routine password change or reset left working (decision 017). */
export interface KeptTokensSection {
  tokens: { name: QuotedText; lastFour: string; lastUsed: string }[];
  /** Where an owner reviews and revokes them. */
  reviewUrl: string;
}

/** The mail lines listing kept tokens (`it.keptTokens`), for the alert and the reset mails. */
export const keptTokensText = `<% if (it.keptTokens) { %>
These API tokens you created still work: a password change does not end them.
<% for (const token of it.keptTokens.tokens) { %>- <%= token.name %> (ending <%= token.lastFour %>), last used <%= token.lastUsed %>
<% } %>If you do not know one of them, revoke it: <%= it.keptTokens.reviewUrl %>
<% } %>`;
export const keptTokensHtml = `<% if (it.keptTokens) { %>
<p>These API tokens you created still work: a password change does not end them.</p>
<ul><% for (const token of it.keptTokens.tokens) { %><li><%= token.name %> (ending <%= token.lastFour %>), last used <%= token.lastUsed %></li><% } %></ul>
<p>If you do not know one of them, <a href="<%= it.keptTokens.reviewUrl %>">review and revoke it</a>.</p>
<% } %>`;

/**
 * The opening every alert and notice mail shares: the greeting, what happened (the headline and
 * what `after` adds to it), the summary, and when, where and from which device.
 */
function opening(after: { text: string; html: string }): { text: string; html: string } {
  return {
    text: `Hello <%= it.name %>,

<%= it.headline %>${after.text}
<% if (it.summary) { %><%= it.summary %>
<% } %>
When: <%= it.when %>
Where: <%= it.where %> (IP <%= it.ip %>)
Device: <%= it.device %>
`,
    html: `<p>Hello <%= it.name %>,</p>
<p><strong><%= it.headline %>${after.html}</p>
<% if (it.summary) { %><p><%= it.summary %></p><% } %>
<table>
<tr><th align="left">When</th><td><%= it.when %></td></tr>
<tr><th align="left">Where</th><td><%= it.where %> (IP <%= it.ip %>)</td></tr>
<tr><th align="left">Device</th><td><%= it.device %></td></tr>
</table>
`,
  };
}

/** Something that happened to the user's own account: "<headline>." */
const toTheUser = opening({ text: '.', html: '.</strong>' });
/** Something someone did in the owner's organisation. */
const inTheOrg = opening({
  text: ' in your organisation.',
  html: '</strong> in your organisation.',
});

/** What the alert email is filled with; names and device labels come quoted (decision 021). */
export interface AlertMailData {
  name: QuotedText;
  headline: string;
  summary: string | null;
  when: string;
  where: string;
  device: QuotedText;
  ip: string;
  settingsUrl: string;
  wasntMeUrl: string;
  keptTokens: KeptTokensSection | null;
}

/** One email for every alert type: what happened, where, when, from which device, and what to do. */
export const alertMail: MailTemplate = {
  subject: 'Security alert: <%= it.headline %>',
  text: `${toTheUser.text}${keptTokensText}
If this was you, there is nothing to do. Review your devices and activity at
<%= it.settingsUrl %>

If this wasn't you, secure your account now: this link signs out every session and asks for a
new password. It works once, for 24 hours.
<%= it.wasntMeUrl %>
`,
  html: `${toTheUser.html}${keptTokensHtml}
<p>If this was you, there is nothing to do. <a href="<%= it.settingsUrl %>">Review your devices and activity</a>.</p>
<p>If this wasn't you, <a href="<%= it.wasntMeUrl %>">secure your account: this wasn't me</a>. The link signs out every session and asks for a new password; it works once, for 24 hours.</p>
`,
};

/** What an owner's notice is filled with: someone else's act in the org, and where to review it. */
export interface OwnerNoticeData {
  name: string;
  headline: string;
  summary: string | null;
  when: string;
  where: string;
  device: string;
  ip: string;
  reviewUrl: string;
}

/**
 * Told to every owner when someone changes who holds power in the org (a role, a disabled user,
 * a new API token). No "This wasn't me" link: the act was someone else's, and securing the
 * owner's own account would not undo it.
 */
export const ownerNoticeMail: MailTemplate = {
  subject: 'Security notice: <%= it.headline %>',
  text: `${inTheOrg.text}
If you expected this, there is nothing to do. If not, review it now:
<%= it.reviewUrl %>
`,
  html: `${inTheOrg.html}<p>If you expected this, there is nothing to do. If not, <a href="<%= it.reviewUrl %>">review it now</a>.</p>
`,
};

/** What the mail about an administrator's act is filled with: the alert's facts and who did it. */
export interface AdminActMailData extends Omit<AlertMailData, 'wasntMeUrl'> {
  by: QuotedText | string;
}

/**
 * The alert mail for an administrator's act on the user's account (a sign-out): it says who did
 * it and what to do. No "If this wasn't you": it was not the user, and securing their account
 * would not undo it or explain it.
 */
export const adminActMail: MailTemplate = {
  subject: 'Security alert: <%= it.headline %>',
  text: `${toTheUser.text}
This was done by <%= it.by %>, an administrator of your organisation, not from your account.
Sign in again to continue; your password has not changed. If you do not know why this
happened, ask <%= it.by %> or another administrator of your organisation.
Review your devices and activity at <%= it.settingsUrl %>
`,
  html: `${toTheUser.html}<p>This was done by <%= it.by %>, an administrator of your organisation, not from your account.</p>
<p>Sign in again to continue; your password has not changed. If you do not know why this happened, ask <%= it.by %> or another administrator of your organisation.</p>
<p><a href="<%= it.settingsUrl %>">Review your devices and activity</a>.</p>
`,
};
