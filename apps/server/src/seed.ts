import type { Role } from '@gatehouse/shared';
import { count, sql } from 'drizzle-orm';
import {
  type AuditChainConfig,
  AuditEmitter,
  type AuditRowInput,
  appendAuditRows,
} from './audit/index.js';
import { hashPassword } from './core/passwords.js';
import type { Database } from './db/client.js';
import type { UserRow } from './db/rows.js';
import { documents, orgSecuritySettings, orgs, users } from './db/schema/index.js';

interface DemoOrg {
  name: string;
  slug: string;
  users: { email: string; name: string; role: Role }[];
  documents: { name: string; mime: string; text: string }[];
}

export const DEMO_ORGS: DemoOrg[] = [
  {
    name: 'Acme',
    slug: 'acme',
    users: [
      { email: 'owner@acme.test', name: 'Olivia Owner', role: 'owner' },
      { email: 'admin@acme.test', name: 'Adam Admin', role: 'admin' },
      { email: 'member@acme.test', name: 'Maya Member', role: 'member' },
    ],
    documents: [
      { name: 'Q3 board deck.txt', mime: 'text/plain', text: 'Acme Q3 board deck (demo).' },
      { name: 'Customer list.csv', mime: 'text/csv', text: 'name,plan\nInitech,enterprise\n' },
      { name: 'Security policy.md', mime: 'text/markdown', text: '# Acme security policy\n' },
    ],
  },
  {
    name: 'Globex',
    slug: 'globex',
    users: [{ email: 'owner@globex.test', name: 'Gary Globex', role: 'owner' }],
    documents: [{ name: 'Globex roadmap.txt', mime: 'text/plain', text: 'Globex roadmap (demo).' }],
  },
];

/**
 * The seed's users as USER_CREATED entries, typed and checked by the emitter like any use case's:
 * every org's log begins with its creation. (No reactions: nobody is told of demo accounts.)
 */
function createdEntries(orgId: string, created: UserRow[]): AuditRowInput[] {
  const audit = new AuditEmitter({ orgId, actorUserId: null, ip: null, userAgent: 'demo seed' });
  for (const { id, email, name, role } of created)
    audit.emit('USER_CREATED', { targetType: 'user', targetId: id, after: { email, name, role } });
  return audit.successRows(undefined);
}

/** Seeds the demo orgs (DESIGN §11) when the database has no org yet; returns whether it did. */
export async function seedDemo(
  db: Database,
  password: string,
  now: Date,
  chain: AuditChainConfig,
): Promise<boolean> {
  const [existing] = await db.select({ n: count() }).from(orgs);
  if ((existing?.n ?? 0) > 0) return false;
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    // Instances starting at once seed one after another; the later ones find the orgs (decision 020).
    await tx.execute(sql`select pg_advisory_xact_lock(26472, 2)`);
    const [again] = await tx.select({ n: count() }).from(orgs);
    if ((again?.n ?? 0) > 0) return false;
    for (const demo of DEMO_ORGS) {
      const [org] = await tx
        .insert(orgs)
        .values({ name: demo.name, slug: demo.slug, createdAt: now })
        .returning();
      if (!org) throw new Error('org insert returned no row');
      await tx.insert(orgSecuritySettings).values({ orgId: org.id });
      const created = await tx
        .insert(users)
        .values(demo.users.map((u) => ({ ...u, orgId: org.id, passwordHash, createdAt: now })))
        .returning();
      const owner = created.find((u) => u.role === 'owner');
      if (!owner) throw new Error('demo org without owner');
      await appendAuditRows(tx, createdEntries(org.id, created), now, chain);
      await tx.insert(documents).values(
        demo.documents.map((d) => {
          const content = Buffer.from(d.text);
          return {
            orgId: org.id,
            ownerId: owner.id,
            name: d.name,
            mime: d.mime,
            size: content.length,
            content,
            createdAt: now,
          };
        }),
      );
    }
    return true;
  });
}
