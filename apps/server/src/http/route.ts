import type { AuditAction, Permission, StepUpPurpose } from '@gatehouse/shared';
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { type AuditEntry, logAudit } from '../core/audit.js';
import type { AuthContext } from '../core/sessions.js';
import { requireStepUp } from '../core/step-up.js';
import type { AppDeps } from '../deps.js';
import { type ClientInfo, clientInfo } from './client-info.js';
import { AppError, forbidden } from './errors.js';
import { authenticate, requireCsrf } from './session.js';

type Schema = z.ZodType | undefined;
type Infer<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;
export type Access = 'public' | 'session';

/**
 * What an audited handler tells the wrapper about the event; merged into the row. `action`
 * replaces the route's success action when one request can end two ways (password → MFA step).
 */
export type AuditDetails = Partial<Omit<AuditEntry, 'outcome'>>;

export interface RouteDef<B extends Schema, Q extends Schema, P extends Schema, A extends Access> {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  access: A;
  permission?: Permission;
  /** A fresh step-up grant of this purpose is required (428 STEP_UP_REQUIRED otherwise). */
  stepUp?: StepUpPurpose;
  body?: B;
  query?: Q;
  params?: P;
  status?: number;
  response?: z.ZodType;
  /**
   * The withAudit wrapper: recorded as SUCCESS when the handler returns and FAIL (with the error
   * code) when it throws; a pair names different actions for the two outcomes.
   */
  audit?: AuditAction | { success: AuditAction; failure: AuditAction };
}

export interface HandlerContext<
  B extends Schema,
  Q extends Schema,
  P extends Schema,
  A extends Access,
> {
  req: Request;
  res: Response;
  body: Infer<B>;
  query: Infer<Q>;
  params: Infer<P>;
  auth: A extends 'session' ? AuthContext : AuthContext | undefined;
  client: ClientInfo;
  audit: AuditDetails;
  now: Date;
}

export interface Route {
  def: RouteDef<Schema, Schema, Schema, Access>;
  mount(router: Router, deps: AppDeps): void;
}

/** A route reads like a sentence: its schemas, access, permission and audit, then one handler. */
export function defineRoute<
  A extends Access,
  B extends Schema = undefined,
  Q extends Schema = undefined,
  P extends Schema = undefined,
>(
  def: RouteDef<B, Q, P, A>,
  handler: (ctx: HandlerContext<B, Q, P, A>) => Promise<unknown>,
): Route {
  const mount = (router: Router, deps: AppDeps): void => {
    const run: RequestHandler = async (req, res) => {
      const now = deps.clock.now();
      const client = clientInfo(req);
      const audit: AuditDetails = {};
      const auth = def.access === 'session' ? await authenticate(req, res, deps, now) : undefined;
      try {
        if (auth && def.method !== 'get') requireCsrf(req, auth, deps.config);
        if (auth && def.permission && !auth.permissions.includes(def.permission)) throw forbidden();
        if (auth && def.stepUp) await requireStepUp(deps.db, auth, def.stepUp, now);
        const ctx = {
          req,
          res,
          body: parse(def.body, req.body ?? {}),
          query: parse(def.query, req.query),
          params: parse(def.params, req.params),
          auth,
          client,
          audit,
          now,
        } as HandlerContext<B, Q, P, A>;
        const result = await handler(ctx);
        if (def.audit)
          await record(
            deps,
            audit.action ?? actionFor(def.audit, 'SUCCESS'),
            'SUCCESS',
            auth,
            client,
            audit,
            now,
          );
        if (result !== undefined) res.status(def.status ?? 200).json(result);
        else if (!res.headersSent) res.status(def.status ?? 204).end();
      } catch (err: unknown) {
        if (def.audit && err instanceof AppError && shouldAuditFailure(err)) {
          const failure = { failureReason: err.code, ...audit };
          await record(deps, actionFor(def.audit, 'FAIL'), 'FAIL', auth, client, failure, now);
        }
        throw err;
      }
    };
    router[def.method](def.path, run);
  };
  return { def: def as RouteDef<Schema, Schema, Schema, Access>, mount };
}

function actionFor(
  audit: NonNullable<RouteDef<Schema, Schema, Schema, Access>['audit']>,
  outcome: 'SUCCESS' | 'FAIL',
): AuditAction {
  if (typeof audit === 'string') return audit;
  return outcome === 'SUCCESS' ? audit.success : audit.failure;
}

function parse<S extends Schema>(schema: S, value: unknown): Infer<S> {
  return (schema ? schema.parse(value) : undefined) as Infer<S>;
}

/** Malformed input is the client's mistake, not a security event worth a chain entry. */
function shouldAuditFailure(err: AppError): boolean {
  return !['VALIDATION_FAILED', 'INVALID_JSON', 'STEP_UP_REQUIRED'].includes(err.code);
}

async function record(
  deps: AppDeps,
  action: AuditAction,
  outcome: 'SUCCESS' | 'FAIL',
  auth: AuthContext | undefined,
  client: ClientInfo,
  details: AuditDetails,
  now: Date,
): Promise<void> {
  await logAudit(
    deps.db,
    {
      orgId: auth?.org.id ?? null,
      actorUserId: auth?.user.id ?? null,
      ip: client.ip,
      userAgent: client.userAgent,
      ...details,
      action,
      outcome,
    },
    now,
  );
}
