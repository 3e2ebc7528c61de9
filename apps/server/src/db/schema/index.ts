export * from './audit.js';
export * from './devices.js';
export * from './documents.js';
export * from './mfa.js';
export * from './orgs.js';
export * from './sessions.js';
export * from './step-up.js';
export * from './throttle.js';
