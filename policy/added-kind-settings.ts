/**
 * The values of the kinds added by issue 12 (`group-supervision-gap`, `disagreement-open`,
 * `return-supervision-due`), per profile, with the document and section each comes from
 * (CONTRACT.md "Group supervision and the ASYE" and "Readings settled"). A profile (or an
 * organisation's overrides) may set any of them; what it leaves out comes from here.
 *
 * The overrides schema and how an override is applied live here too, so that
 * policy/profile-overrides.ts only spreads them in.
 */
import { z } from 'zod';
import type { AddedKindSettings, PolicyProfile, ProfileId, Sourced } from './profile';

const OFF = (why: string) => ({ value: null, source: why });
const DISAGREEMENT_DAYS: Sourced<number> = {
  value: 5,
  source: '002 §2.1, §3.3; 003 §12 (CONTRACT "Disagreements": 5 working days)',
};
const OFF_UNLESS = 'not in this document: off unless the organisation turns it on';

export const ADDED_KIND_DEFAULTS: Record<ProfileId, AddedKindSettings> = {
  'durham-eh': {
    groupSupervision: {
      value: { who: 'everyone', fullTimeMonths: 1, partTimeMonths: 2 },
      source:
        '000 Signs of Safety / Wellbeing ("monthly, bi-monthly for part time"; managers monitor and record attendance)',
    },
    disagreementEscalateWorkingDays: DISAGREEMENT_DAYS,
    returnSupervision: OFF(OFF_UNLESS),
  },
  'manchester-cs': {
    groupSupervision: {
      value: { who: 'case-holders-and-asye', fullTimeMonths: 1, partTimeMonths: 1 },
      source: '002 §1.1.3, §2.3 (group supervision monthly: case holders and ASYE)',
    },
    disagreementEscalateWorkingDays: DISAGREEMENT_DAYS,
    returnSupervision: OFF(OFF_UNLESS),
  },
  'shropshire-teh': {
    groupSupervision: OFF(OFF_UNLESS),
    disagreementEscalateWorkingDays: DISAGREEMENT_DAYS,
    returnSupervision: OFF(OFF_UNLESS),
  },
  'telford-sf': {
    groupSupervision: OFF(OFF_UNLESS),
    disagreementEscalateWorkingDays: DISAGREEMENT_DAYS,
    returnSupervision: OFF(OFF_UNLESS),
  },
  'islington-eh': {
    groupSupervision: OFF(OFF_UNLESS),
    disagreementEscalateWorkingDays: DISAGREEMENT_DAYS,
    returnSupervision: {
      value: { minAbsenceWorkingDays: 10, bookWithinWorkingDays: 5 },
      source:
        '004 "Supervision must be scheduled as a priority when the practitioner returns" (CONTRACT "Back from absence": 10 and 5 working days)',
    },
  },
};

/** The profile's settings for the added kinds: its own where set, else its defaults. */
export function addedKindSettingsOf(profile: PolicyProfile): AddedKindSettings {
  const d = ADDED_KIND_DEFAULTS[profile.id];
  return {
    groupSupervision: profile.groupSupervision ?? d.groupSupervision,
    disagreementEscalateWorkingDays:
      profile.disagreementEscalateWorkingDays ?? d.disagreementEscalateWorkingDays,
    returnSupervision: profile.returnSupervision ?? d.returnSupervision,
  };
}

const pos = z.number().int().min(1);
const nonNeg = z.number().int().min(0);

/** The overrides keys (merged into policy/profile-overrides.ts overridesSchema). */
export const addedKindOverridesShape = {
  /** An object turns group supervision on (or tunes it); null turns it off. */
  groupSupervision: z
    .object({
      who: z.enum(['everyone', 'case-holders-and-asye']).optional(),
      fullTimeMonths: pos.max(12).optional(),
      partTimeMonths: pos.max(12).optional(),
    })
    .strict()
    .nullable()
    .optional(),
  disagreementEscalateWorkingDays: nonNeg.max(260).optional(),
  returnSupervision: z
    .object({
      minAbsenceWorkingDays: pos.max(260).optional(),
      bookWithinWorkingDays: nonNeg.max(60).optional(),
    })
    .strict()
    .nullable()
    .optional(),
};

type AddedOverrides = {
  [K in keyof typeof addedKindOverridesShape]?: z.infer<(typeof addedKindOverridesShape)[K]>;
};

const OVERRIDDEN = 'overridden by the organisation';

/** Applies the added kinds' overrides to `p` (a copy the caller owns). */
export function applyAddedKindOverrides(p: PolicyProfile, o: AddedOverrides): void {
  const cur = addedKindSettingsOf(p);
  const src = (s: Sourced<unknown>) => `${s.source}; ${OVERRIDDEN}`;
  if (o.groupSupervision !== undefined) {
    // Turning it on in a profile that has it off starts from durham's reading (monthly,
    // two months for part-time) with everyone in post.
    const base = cur.groupSupervision.value ?? {
      who: 'everyone' as const,
      fullTimeMonths: 1,
      partTimeMonths: 2,
    };
    p.groupSupervision = {
      value:
        o.groupSupervision === null
          ? null
          : {
              who: o.groupSupervision.who ?? base.who,
              fullTimeMonths: o.groupSupervision.fullTimeMonths ?? base.fullTimeMonths,
              partTimeMonths: o.groupSupervision.partTimeMonths ?? base.partTimeMonths,
            },
      source: src(cur.groupSupervision),
    };
  }
  if (o.disagreementEscalateWorkingDays !== undefined)
    p.disagreementEscalateWorkingDays = {
      value: o.disagreementEscalateWorkingDays,
      source: src(cur.disagreementEscalateWorkingDays),
    };
  if (o.returnSupervision !== undefined) {
    const base = cur.returnSupervision.value ?? {
      minAbsenceWorkingDays: 10,
      bookWithinWorkingDays: 5,
    };
    p.returnSupervision = {
      value:
        o.returnSupervision === null
          ? null
          : {
              minAbsenceWorkingDays:
                o.returnSupervision.minAbsenceWorkingDays ?? base.minAbsenceWorkingDays,
              bookWithinWorkingDays:
                o.returnSupervision.bookWithinWorkingDays ?? base.bookWithinWorkingDays,
            },
      source: src(cur.returnSupervision),
    };
  }
}
