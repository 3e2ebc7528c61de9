import type { ApiTokenScope, AuditAction, Permission, StepUpPurpose } from '@gatehouse/shared';
import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { AuditEmitter } from '../audit/index.js';
import type { Executor } from '../db/client.js';
import type { AppDeps } from '../deps.js';
import type { AuthContext } from './auth-context.js';
import type { ClientInfo } from './client-info.js';
import type { Principal, TokenAuth } from './principal.js';
import type { AuditSpec } from './route-steps.js';

/** The shapes of a route definition and of what its handler sees; the runner is in route.ts. */
export type Schema = z.ZodType | undefined;
export type Infer<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;
/** What a handler returns: the input type of its response schema (routes without one answer 204 or send raw). */
export type Reply<R extends Schema> = R extends z.ZodType ? z.input<R> : undefined;
/**
 * Who may call a route: anyone, a browser session (cookie), an API token (`Authorization:
 * Bearer`), or either. A bearer token never reaches a session route, a cookie never a token one.
 */
export type Access = 'public' | 'session' | 'token' | 'session-or-token';
export type SuccessAction<S> = S extends { success: infer A extends AuditAction }
  ? A
  : S extends AuditAction
    ? S
    : AuditAction;
export type AuthOf<A extends Access> = A extends 'session'
  ? AuthContext
  : A extends 'token'
    ? TokenAuth
    : A extends 'session-or-token'
      ? Principal
      : AuthContext | undefined;

/** How the runner authenticates and checks step-up: provided by the sessions and step-up features. */
export interface RouteKit {
  /** The small JSON body parser; only routes that take a body run it (never a GET). */
  jsonBody: RequestHandler;
  /** A cached session comes back at once (no promise); one read from the database, later. */
  authenticate(req: Request, res: Response, now: Date): AuthContext | Promise<AuthContext>;
  /** The request's API token, valid, unexpired and under its rate limit (401/429 otherwise). */
  authenticateToken(req: Request, now: Date): Promise<TokenAuth>;
  requireStepUp(
    db: Executor,
    auth: AuthContext,
    purpose: StepUpPurpose,
    now: Date,
    options?: StepUpOptions,
  ): Promise<void>;
  /**
   * Resolves once this instance heard every invalidation committed before the call, so no cache
   * answers from before a revoke another instance already confirmed (decision 020); `undefined`
   * when there is nothing to wait for.
   */
  caughtUp(): Promise<void> | undefined;
  /** Resolves when the cache invalidations a committed write sent have been heard. */
  invalidationsHeard(payloads: readonly string[]): Promise<void>;
  /** The request checks the capabilities registered (IP rules, support sessions). */
  checks: readonly RequestCheck[];
}

/**
 * A check a capability adds to every request of the runner (decision 019): registered in its
 * `Feature.checks`, so a new kind of check never edits the runner. Each hook throws an AppError
 * to refuse; one that can answer from memory returns nothing rather than a promise.
 */
export interface RequestCheck {
  /** After authentication, before CSRF, permission and the body (refused as an admission). */
  admit?(auth: Principal, req: Request, def: AnyDef, now: Date): void | Promise<void>;
  /** A write, inside its transaction, before its target is loaded and before step-up. */
  beforeWrite?(db: Executor, auth: Principal, def: AnyDef, now: Date): void | Promise<void>;
  /** A read, after its handler answered (in its transaction when the read has one). */
  afterRead?(db: Executor, auth: Principal, def: AnyDef, now: Date): void | Promise<void>;
}

/** What a route tells the step-up check about this request (decision 022). */
export interface StepUpOptions {
  /** The action in words for the 428 body; called only when the 428 is sent. */
  describe?: () => string | Promise<string>;
  /** Whether the organisation-settings window covers it; by default, whether its purpose is one. */
  orgSettings?: boolean;
}

/**
 * What a support session may do with a route that writes: `'mode'` (the default) follows the
 * org's impersonation mode; `'never'` is refused even in full mode (credentials, step-up, roles,
 * tokens, policy); `'always'` is allowed (ending the support session).
 */
export type ImpersonationRule = 'mode' | 'never' | 'always';

/** What the use case sees before step-up: enough to find (or refuse) its target. */
export interface LoadContext<
  B extends Schema,
  Q extends Schema,
  P extends Schema,
  A extends Access,
> {
  db: Executor;
  auth: AuthOf<A>;
  body: Infer<B>;
  query: Infer<Q>;
  params: Infer<P>;
  now: Date;
  audit: AuditEmitter<AuditAction>;
  /** The app's dependencies (config, clock, mail): a use case is a constant, not a closure. */
  deps: AppDeps;
}

export interface RouteDef<
  B extends Schema,
  Q extends Schema,
  P extends Schema,
  A extends Access,
  R extends Schema,
  T,
  S extends AuditSpec | undefined,
> {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  access: A;
  /** What a session needs (a token is not checked against it). */
  permission?: Permission;
  /** A session route usable from a network the org's IP rules block (signing out). */
  anyNetwork?: boolean;
  /** The scope an API token needs here (403 INSUFFICIENT_SCOPE without it; no scope, no token). */
  token?: ApiTokenScope;
  /**
   * Finds what the route acts on, after authentication and permission and before step-up, so a
   * missing (or another org's) target is 404 and a pointless request is 409, never 428.
   */
  load?: (ctx: LoadContext<B, Q, P, A>) => Promise<T>;
  /** A fresh step-up grant of this purpose is required (428 STEP_UP_REQUIRED otherwise). */
  stepUp?: StepUpPurpose;
  /** Asks for `stepUp` only when this says so (creating an admin, not a member); always without it. */
  stepUpWhen?: (input: LoadContext<B, Q, P, A>) => boolean;
  /**
   * The action the step-up confirms, in words, for the 428 body and so the dialog ("Sign out
   * Maya Member on Chrome on macOS"); built from the loaded target, only when a 428 is sent.
   */
  stepUpDescription?: (input: LoadContext<B, Q, P, A>, target: T) => string | Promise<string>;
  /** Whether this request is an organisation-settings one (revoking another's session is). */
  stepUpOrgSettings?: (input: LoadContext<B, Q, P, A>, target: T) => boolean;
  /** Whether a support session may use this route (writes only; reads are always allowed). */
  impersonation?: ImpersonationRule;
  body?: B;
  /** Reads the body itself (uploads), in place of the app's small JSON parser. */
  readBody?: (req: Request, res: Response) => Promise<unknown>;
  /** What OpenAPI shows as the request body when `body` is not the wire format (uploads). */
  openApiBody?: z.ZodType;
  query?: Q;
  params?: P;
  status?: number;
  response?: R;
  /** Recorded as SUCCESS with the change, or FAIL (with the error code) after a rollback. */
  audit?: S;
}

export interface HandlerContext<
  B extends Schema,
  Q extends Schema,
  P extends Schema,
  A extends Access,
  T,
  S extends AuditSpec | undefined,
> extends Omit<LoadContext<B, Q, P, A>, 'audit'> {
  req: Request;
  res: Response;
  client: ClientInfo;
  target: T;
  audit: AuditEmitter<SuccessAction<S>>;
  /** Work for after a rollback, in the FAIL row's transaction (failure counters). */
  onFailure(effect: (db: Executor) => Promise<void>): void;
  /** Work for after the commit: cookies, caches — never for a change that did not happen. */
  afterCommit(effect: () => void): void;
}

export type AnyDef = RouteDef<
  Schema,
  Schema,
  Schema,
  Access,
  Schema,
  unknown,
  AuditSpec | undefined
>;

export interface Route {
  def: AnyDef;
  /** What the router runs for this route: the runner, after the JSON body parser for a write. */
  handlers(deps: AppDeps, kit: RouteKit): RequestHandler[];
}
