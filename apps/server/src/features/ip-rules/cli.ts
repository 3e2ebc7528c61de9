/**
 * `pnpm gatehouse ip-rules:clear --org <slug>`: removes every IP rule of an org, for when the
 * rules keep its owners out (decision 018). Audited, alerted to the owners, and notified to every
 * instance, like a change made in the app.
 */
import { parseArgs } from 'node:util';
import { deriveKeys } from '../../core/keys.js';
import { Reactions } from '../../http/reactions.js';
import type { CliCommand } from '../../operator-command.js';
import { CLEARED_RULES_LISTED, clearOrgRules } from './clear.js';
import { ipRulesReactions } from './reactions.js';

const USAGE = 'usage: pnpm gatehouse ip-rules:clear --org <slug>';

function slugOf(args: readonly string[]): string | null {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { org: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    return values.org?.trim() || null;
  } catch {
    return null;
  }
}

export const ipRulesClear: CliCommand = {
  usage: 'ip-rules:clear --org <slug>',
  summary: "remove every IP rule of an organisation (its owners' way back in)",
  async run(args, env) {
    const slug = slugOf(args);
    if (!slug) {
      env.err(USAGE);
      return 2;
    }
    const config = env.config();
    const handle = await env.open(config);
    try {
      // The feature's own reactions (the owners' alert), without loading the whole app.
      const deps = {
        db: handle.db,
        keys: deriveKeys(config.appSecret, config.appSecretPrevious),
        config,
        reactions: new Reactions(ipRulesReactions),
      };
      const cleared = await clearOrgRules(deps, env.now(), slug);
      if (!cleared) {
        env.err(`No organisation has the slug "${slug}" (GET /api/auth/me shows an org's slug).`);
        return 1;
      }
      const { org, removed } = cleared;
      if (removed.length === 0) {
        env.out(`"${org.name}" (${org.slug}) has no IP rules: nothing to clear.`);
        return 0;
      }
      env.out(`Cleared ${removed.length} IP rule(s) of "${org.name}" (${org.slug}):`);
      for (const rule of removed.slice(0, CLEARED_RULES_LISTED))
        env.out(`  ${rule.action} ${rule.cidr}${rule.note ? `  (${rule.note})` : ''}`);
      if (removed.length > CLEARED_RULES_LISTED)
        env.out(`  … and ${removed.length - CLEARED_RULES_LISTED} more`);
      env.out(
        'Every instance drops them now; recorded in the audit log as IP_RULES_CLEARED; every owner was alerted.',
      );
      return 0;
    } finally {
      await handle.close();
    }
  },
};
