import type { Express } from 'express';
import type { AppDeps } from '../deps.js';
import type { Reaction } from './reactions.js';
import type { RequestCheck, Route } from './route.js';

/**
 * A capability as app.ts wires it: one entry of `FEATURES` (decision 019). Everything is optional
 * but its routes, so deleting the feature is deleting its folder and that entry.
 */
export interface Feature {
  /** Its use cases over HTTP, under /api. */
  routes(deps: AppDeps): Route[];
  /** What it does when an audit event is about to commit (alerts, mails): run by the runner. */
  reactions?: readonly Reaction[];
  /** Checks it adds to every request of the runner (support sessions' writes and reads). */
  checks?(deps: AppDeps): RequestCheck[];
  /**
   * Handlers mounted before /api, outside its CSRF and Origin checks (DBSC's endpoints: their
   * proof is signed).
   */
  mountFirst?(app: Express, deps: AppDeps): void;
  /** Handlers outside /api (a share link's public URL). */
  mount?(app: Express, deps: AppDeps): void;
  /** Background work main.ts starts; returns how to stop it. */
  start?(deps: AppDeps): () => void;
}
