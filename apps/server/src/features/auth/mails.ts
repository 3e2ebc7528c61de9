import { describeDevice } from '../../core/device.js';
import { quoted, shownAddress } from '../../core/quoted-text.js';
import { type MailTemplate, type OutgoingMail, renderMail } from '../../mail/index.js';

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

/** The owner of a taken email hears of the sign-up attempt: where, when and with what (decision 014). */
export function signUpAttemptMail(
  owner: { email: string; name: string },
  request: { ip: string | null; userAgent: string | null; now: Date; appUrl: URL },
): OutgoingMail {
  return {
    kind: 'sign_up_attempt',
    to: owner.email,
    ...renderMail(SIGN_UP_ATTEMPT, {
      // The owner's name and the requester's device label are someone's words (decision 021).
      name: quoted(owner.name),
      where: shownAddress(request.ip, 'an unknown address'),
      when: request.now.toUTCString(),
      device: quoted(describeDevice(request.userAgent).label),
      loginUrl: new URL('/login', request.appUrl).toString(),
    }),
  };
}
