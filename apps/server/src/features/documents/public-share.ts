import type { Express } from 'express';
import { hashToken } from '../../core/tokens.js';
import type { AppDeps } from '../../deps.js';
import { sendFile } from './files.js';
import { documentBySharedToken } from './queries.js';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** `/s/:token`: the public side of a share link; outside /api, no session, attachment only. */
export function mountPublicShares(app: Express, deps: AppDeps): void {
  app.get('/s/:token', async (req, res) => {
    const token = req.params.token;
    const doc = TOKEN.test(token)
      ? await documentBySharedToken(deps.db, hashToken(token), deps.clock.now())
      : undefined;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (!doc) {
      res.status(404).type('text').send('This link has expired, was revoked, or never existed.');
      return;
    }
    sendFile(res, doc);
  });
}
