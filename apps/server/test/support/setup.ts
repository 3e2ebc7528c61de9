import { afterEach } from 'vitest';
import { takeUnexpectedUnhandledErrors } from './app.js';

// A test-wide rule: an "unhandled error" in the server's log is a bug, so it fails the test that
// caused it (tests that provoke one on purpose say how many with `expectUnhandledErrors`).
afterEach(() => {
  const unexpected = takeUnexpectedUnhandledErrors();
  if (unexpected.length > 0)
    throw new Error(`the server logged unhandled errors:\n${unexpected.join('\n')}`);
});
