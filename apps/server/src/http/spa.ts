import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type ErrorRequestHandler, type Express } from 'express';

/**
 * The built SPA, with history fallback so deep links load index.html. `index.html` is sent with
 * a `root` (an absolute path under a dot-folder such as ~/.local would be refused by `send`),
 * and a static file that cannot be served is a plain 404, never an "unhandled error".
 */
export function serveSpa(app: Express, dist: string): void {
  app.use(express.static(dist, { index: false, maxAge: '1h', dotfiles: 'ignore' }));
  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // A missing file (`/assets/x.js`) is a 404; only page routes fall back to index.html.
    if (path.extname(req.path) !== '') {
      res.status(404).type('text').send('Not found');
      return;
    }
    if (!existsSync(path.join(dist, 'index.html'))) {
      res.status(404).type('text').send('The web app is not built: run `pnpm build`.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile('index.html', { root: dist }, (err: unknown) => {
      if (err) next(err);
    });
  });
  const staticError: ErrorRequestHandler = (err: unknown, req, res, next) => {
    const status = typeof err === 'object' && err !== null ? Reflect.get(err, 'status') : undefined;
    const isStaticFailure = typeof status === 'number' && status >= 400 && status < 500;
    if (!isStaticFailure || req.path.startsWith('/api/') || res.headersSent) return next(err);
    res.status(404).type('text').send('Not found');
  };
  app.use(staticError);
}
