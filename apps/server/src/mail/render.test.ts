import { describe, expect, it } from 'vitest';
import { renderMail } from './render.js';

const template = {
  subject: 'New sign-in from <%= it.device %>',
  text: 'A sign-in from <%= it.device %> in <%= it.place %>.',
  html: '<p>A sign-in from <strong><%= it.device %></strong> in <%= it.place %>.</p>',
};

describe('renderMail', () => {
  const hostile = { device: '<img src=x onerror=alert(1)> "Chrome"', place: 'Bern & Zürich' };

  it('escapes attacker-controlled values in the HTML part', () => {
    const mail = renderMail(template, hostile);
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;Chrome&quot;');
    expect(mail.html).toContain('Bern &amp; Zürich');
  });

  it('leaves the plain-text part readable', () => {
    expect(renderMail(template, hostile).text).toContain('<img src=x onerror=alert(1)> "Chrome"');
  });

  it('keeps the subject on one line, so a value cannot add a header', () => {
    const mail = renderMail(template, { device: 'Chrome\r\nBcc: victim@example.com', place: '' });
    expect(mail.subject).toBe('New sign-in from Chrome Bcc: victim@example.com');
  });
});
