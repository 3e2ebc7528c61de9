/** Session-policy presets and bounds (DESIGN §4). All durations in minutes. */
export const SESSION_PRESETS = ['strict', 'standard', 'custom'] as const;
export type SessionPreset = (typeof SESSION_PRESETS)[number];

export const PRESET_MINUTES = {
  strict: { idleMinutes: 30, absoluteMinutes: 12 * 60 },
  standard: { idleMinutes: 7 * 24 * 60, absoluteMinutes: 30 * 24 * 60 },
} as const;

export const SESSION_POLICY_BOUNDS = {
  idleMinutes: { min: 5, max: 43_200 },
  absoluteMinutes: { min: 60, max: 129_600 },
  maxSessionsPerUser: { min: 1, max: 100 },
} as const;

export const DEFAULT_MAX_SESSIONS_PER_USER = 5;

export interface EffectiveSessionPolicy {
  idleMinutes: number;
  absoluteMinutes: number;
}

/** Custom overrides left `null` take the Strict value. */
export function effectiveSessionPolicy(
  preset: SessionPreset,
  idleMinutes: number | null,
  absoluteMinutes: number | null,
): EffectiveSessionPolicy {
  if (preset !== 'custom') return { ...PRESET_MINUTES[preset] };
  return {
    idleMinutes: idleMinutes ?? PRESET_MINUTES.strict.idleMinutes,
    absoluteMinutes: absoluteMinutes ?? PRESET_MINUTES.strict.absoluteMinutes,
  };
}

/**
 * A request header (`X-Session-Check: passive`) for an open tab asking whether its session still
 * lives: answered like any request, but not counted as activity (no last-seen touch, no sliding
 * of the idle window), so a tab left open does not keep an idle session alive.
 */
export const SESSION_CHECK_HEADER = 'X-Session-Check';
export const PASSIVE_SESSION_CHECK = 'passive';
