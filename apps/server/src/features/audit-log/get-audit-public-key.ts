/**
 * A member with AUDIT_VIEW, or an API token with `audit:read`, fetches the public key that
 * verifies an export's checkpoints offline (and the previous one after a rotation).
 */
import { auditPublicKeyResponseSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';

export const getAuditPublicKey: Route = defineRoute(
  {
    method: 'get',
    path: '/audit/public-key',
    tag: 'audit',
    access: 'session-or-token',
    permission: 'AUDIT_VIEW',
    token: 'audit:read',
    summary: 'The Ed25519 public key (PEM) that verifies the audit checkpoints offline',
    response: auditPublicKeyResponseSchema,
  },
  async ({ deps }) => {
    const { current, previous } = deps.keys.audit;
    return {
      algorithm: 'Ed25519' as const,
      keyId: current.keyId,
      publicKey: current.publicKeyPem,
      previous: previous ? { keyId: previous.keyId, publicKey: previous.publicKeyPem } : null,
    };
  },
);
