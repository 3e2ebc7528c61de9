import type { AuditAction } from '@gatehouse/shared';
import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { AuditEmitter, appendAuditRows, waitUntilDurable } from '../audit/index.js';
import type { Executor } from '../db/client.js';
import { collectingNotifications } from '../db/notify.js';
import type { AppDeps } from '../deps.js';
import { type ClientInfo, lazyClientInfo } from './client-info.js';
import { sessionCookieName } from './cookies.js';
import { credentialFor, type Principal, sessionOf } from './principal.js';
import { NO_REACTIONS } from './reactions.js';
import {
  recordRefusalIn,
  recordRefused,
  refusalOf,
  refusedOrigin,
  type Stage,
} from './refusals.js';
import type {
  Access,
  AnyDef,
  AuthOf,
  HandlerContext,
  Infer,
  LoadContext,
  Route,
  RouteDef,
  RouteKit,
  Schema,
  SuccessAction,
} from './route-def.js';
import {
  type AuditSpec,
  assertContract,
  auditChainOf,
  auditOrigin,
  checkAccess,
  recordFailure,
  sendJson,
  UNAUDITED_ORIGIN,
} from './route-steps.js';

export type {
  Access,
  HandlerContext,
  ImpersonationRule,
  LoadContext,
  Reply,
  RequestCheck,
  Route,
  RouteDef,
  RouteKit,
} from './route-def.js';

/**
 * A route is a use case: its schemas, access, permission, target, step-up and audit, then one
 * handler. A write (or an audited read) runs in one transaction with its audit rows and NOTIFYs.
 */
export function defineRoute<
  A extends Access,
  B extends Schema = undefined,
  Q extends Schema = undefined,
  P extends Schema = undefined,
  R extends Schema = undefined,
  T = undefined,
  S extends AuditSpec | undefined = undefined,
>(
  def: RouteDef<B, Q, P, A, R, T, S>,
  handler: (
    ctx: HandlerContext<B, Q, P, A, T, S>,
  ) => Promise<R extends z.ZodType ? z.input<R> : void>,
): Route {
  const writes = def.method !== 'get';
  const handlers = (deps: AppDeps, kit: RouteKit): RequestHandler[] => {
    const cookieName = sessionCookieName(deps.config);
    const chain = auditChainOf(deps);
    const reactions = deps.reactions ?? NO_REACTIONS;
    const anyDef = def as unknown as AnyDef;
    const admits = kit.checks.flatMap((c) => (c.admit ? [c.admit.bind(c)] : []));
    const beforeWrites = kit.checks.flatMap((c) => (c.beforeWrite ? [c.beforeWrite.bind(c)] : []));
    const afterReads = kit.checks.flatMap((c) => (c.afterRead ? [c.afterRead.bind(c)] : []));
    const authenticate = (req: Request, res: Response, now: Date) => {
      if (def.access === 'public') return undefined;
      return credentialFor(def.access, req, cookieName) === 'token'
        ? kit.authenticateToken(req, now)
        : kit.authenticate(req, res, now);
    };
    const useCase = async (db: Executor, run: Run<A, S>): Promise<unknown> => {
      const { req, auth, now, audit } = run;
      const session = sessionOf(auth);
      if (writes && auth)
        for (const check of beforeWrites) {
          const checked = check(db, auth, anyDef, now);
          if (checked) await checked;
        }
      const input: LoadContext<B, Q, P, A> = {
        db,
        auth,
        body: parse(def.body as B, run.rawBody ?? {}),
        query: def.query ? parse(def.query as Q, req.query) : (undefined as Infer<Q>),
        params: def.params ? parse(def.params as P, req.params) : (undefined as Infer<P>),
        now,
        audit,
        deps,
      };
      const target = (def.load ? await def.load(input) : undefined) as T;
      // An API token has no one to step up: its scopes are what it may do.
      if (session && def.stepUp && (def.stepUpWhen?.(input) ?? true)) {
        const { stepUpDescription: describe, stepUpOrgSettings: orgSettings } = def;
        await kit.requireStepUp(db, session, def.stepUp, now, {
          ...(describe ? { describe: () => describe(input, target) } : {}),
          ...(orgSettings ? { orgSettings: orgSettings(input, target) } : {}),
        });
      }
      const { failureEffects, commitEffects } = run;
      // Spelled out, not spread: a spread with more properties after it makes a slow dictionary
      // object (about 3 KB of garbage per request), and every handler reads from it.
      const result = await handler({
        db,
        auth,
        body: input.body,
        query: input.query,
        params: input.params,
        now,
        deps,
        req,
        res: run.res,
        client: run.client,
        target,
        audit,
        onFailure(effect) {
          failureEffects.push(effect);
        },
        afterCommit(effect) {
          commitEffects.push(effect);
        },
      });
      // A support session's writes are recorded one by one; its reads are counted.
      const action = def.audit ? successOf(def.audit) : writes ? run.impersonated : undefined;
      if (!writes && auth)
        for (const check of afterReads) {
          const checked = check(db, auth, anyDef, now);
          if (checked) await checked;
        }
      if (action || audit.hasFollowOns) {
        let rows = audit.successRows(action);
        // Alerts and mails react to the events inside this transaction (decision 019); what they
        // emit (ALERT_RAISED) is appended with the change's own rows.
        if (await reactions.run(rows, { db, now, deps, auth, audit }))
          rows = audit.successRows(action);
        await appendAuditRows(db, rows, now, chain, {
          durableAfterCommit: true,
          endsTransaction: true,
        });
        run.appended = true;
      }
      if (deps.config.checkResponses && def.response) assertContract(def, result);
      return result;
    };
    /** A refused request is recorded (once per window) before its error is answered. */
    const refused = async (
      err: unknown,
      stage: Stage,
      req: Request,
      auth: Principal | undefined,
    ) => {
      const request = { method: req.method, route: def.path, requiredScope: def.token };
      const refusal = refusalOf(err, stage, request);
      if (refusal)
        await recordRefused(deps, refusal, refusedOrigin(deps, req, auth), deps.clock.now());
    };
    const handle: RequestHandler = async (req, res) => {
      const now = deps.clock.now();
      let auth: AuthOf<A>;
      try {
        if (def.access !== 'public') {
          // Every invalidation committed before this request is applied before a cache answers.
          const heard = kit.caughtUp();
          if (heard) await heard;
        }
        const pending = authenticate(req, res, now);
        auth = (pending instanceof Promise ? await pending : pending) as AuthOf<A>;
      } catch (err: unknown) {
        await refused(err, 'admission', req, undefined);
        throw err;
      }
      if (auth && admits.length > 0) {
        try {
          for (const admit of admits) {
            const checked = admit(auth, req, anyDef, now);
            if (checked) await checked;
          }
        } catch (err: unknown) {
          await refused(err, 'admission', req, auth);
          throw err;
        }
      }
      // Read on first use: a GET that writes no audit row never needs the address.
      const client = lazyClientInfo(req);
      // Every request of a support session is recorded, reads included (DESIGN §6).
      const impersonated = sessionOf(auth)?.session.impersonatorUserId
        ? IMPERSONATED_REQUEST
        : undefined;
      // A write without an action of its own may still emit events (exit's end of a support session).
      const audit = new AuditEmitter<SuccessAction<S>>(
        def.audit || impersonated || writes ? auditOrigin(auth, client) : UNAUDITED_ORIGIN,
      );
      if (impersonated && !def.audit) audit.describeRequest(req.method, def.path);
      const run: Run<A, S> = {
        req,
        res,
        auth,
        client,
        now,
        audit,
        rawBody: undefined,
        failureEffects: [],
        commitEffects: [],
        impersonated: def.audit ? undefined : impersonated,
      };
      const transactional = writes || def.audit !== undefined || impersonated !== undefined;
      let result: unknown;
      let stage: Stage = 'checks';
      try {
        checkAccess(def, req, auth, deps.keys);
        stage = 'use case';
        // A large body (an upload) is read only now: after authentication, CSRF and permission,
        // and before the transaction, so a slow sender never holds a database connection.
        run.rawBody = def.readBody ? await def.readBody(req, res) : req.body;
        if (transactional) {
          let sent: string[];
          [result, sent] = await collectingNotifications(() =>
            deps.db.transaction((tx) => useCase(tx, run)),
          );
          // The append committed without waiting for its fsync: nothing is answered before it.
          if (run.appended) await waitUntilDurable(deps.db);
          // Answer only once this instance heard its own invalidations (decision 007).
          if (sent.length > 0) await kit.invalidationsHeard(sent);
        } else {
          result = await useCase(deps.db, run);
        }
      } catch (err: unknown) {
        const spec: AuditSpec | undefined = def.audit ?? run.impersonated;
        const attempted = typeof spec === 'object' ? spec.failure : spec;
        const refusal = refusalOf(err, stage, {
          method: req.method,
          route: def.path,
          requiredScope: def.token,
          ...(attempted ? { attempted } : {}),
        });
        // A refusal is recorded as itself, once per window, in place of the route's FAIL row.
        if (refusal) {
          const origin = refusedOrigin(deps, req, auth);
          run.failureEffects.push((db) => recordRefusalIn(db, refusal, origin, now, chain));
        }
        await recordFailure(
          deps,
          refusal ? undefined : spec,
          audit,
          run.failureEffects,
          err,
          now,
          auth,
        );
        throw err;
      }
      for (const effect of run.commitEffects) effect();
      if (result !== undefined) sendJson(req, res, def.status ?? 200, result);
      else if (!res.headersSent) res.status(def.status ?? 204).end();
    };
    return def.method === 'get' || def.readBody ? [handle] : [kit.jsonBody, handle];
  };
  return { def: def as unknown as AnyDef, handlers };
}

/** One request's state, built once per request; the use case and the runner share it. */
interface Run<A extends Access, S extends AuditSpec | undefined> {
  req: Request;
  res: Response;
  auth: AuthOf<A>;
  client: ClientInfo;
  now: Date;
  audit: AuditEmitter<SuccessAction<S>>;
  rawBody: unknown;
  failureEffects: ((db: Executor) => Promise<void>)[];
  commitEffects: (() => void)[];
  /**
   * Set when a support session uses a route with no audit action of its own: a write (or any
   * failure) is an IMPERSONATED_REQUEST row, a read is counted (decision 009).
   */
  impersonated: typeof IMPERSONATED_REQUEST | undefined;
  /** Audit rows were appended: their transaction commits asynchronously (decision 026). */
  appended?: boolean;
}

const IMPERSONATED_REQUEST = 'IMPERSONATED_REQUEST' satisfies AuditAction;

function successOf(spec: AuditSpec): AuditAction {
  return typeof spec === 'string' ? spec : spec.success;
}

function parse<S extends Schema>(schema: S, value: unknown): Infer<S> {
  return (schema ? schema.parse(value) : undefined) as Infer<S>;
}
