import type { QuotedText } from '../../core/quoted-text.js';
import type { MailTemplate } from '../mail/index.js';

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
}

/** One email for every alert type: what happened, where, when, from which device, and what to do. */
export const alertMail: MailTemplate = {
  subject: 'Security alert: <%= it.headline %>',
  text: `Hello <%= it.name %>,

<%= it.headline %>.
<% if (it.summary) { %><%= it.summary %>
<% } %>
When: <%= it.when %>
Where: <%= it.where %> (IP <%= it.ip %>)
Device: <%= it.device %>

If this was you, there is nothing to do. Review your devices and activity at
<%= it.settingsUrl %>

If this wasn't you, secure your account now: this link signs out every session and asks for a
new password. It works once, for 24 hours.
<%= it.wasntMeUrl %>
`,
  html: `<p>Hello <%= it.name %>,</p>
<p><strong><%= it.headline %>.</strong></p>
<% if (it.summary) { %><p><%= it.summary %></p><% } %>
<table>
<tr><th align="left">When</th><td><%= it.when %></td></tr>
<tr><th align="left">Where</th><td><%= it.where %> (IP <%= it.ip %>)</td></tr>
<tr><th align="left">Device</th><td><%= it.device %></td></tr>
</table>
<p>If this was you, there is nothing to do. <a href="<%= it.settingsUrl %>">Review your devices and activity</a>.</p>
<p>If this wasn't you, <a href="<%= it.wasntMeUrl %>">secure your account: this wasn't me</a>. The link signs out every session and asks for a new password; it works once, for 24 hours.</p>
`,
};
