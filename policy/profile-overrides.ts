/**
 * An organisation's tuning of its profile: a deep-partial, validated with zod. Unknown keys are
 * rejected (a typo must not silently do nothing) and every error names the path.
 *
 * Sourced values are overridden by their plain value (`{ minimumMinutes: 60 }`); the source then
 * says it was overridden, so a finding's `source` stays honest.
 */
import { AppError } from '../kernel/errors';
import { z } from 'zod';
import { CASE_LABELS } from './case-labels';
import { EMPLOYMENT, ROLES } from './domain';
import { FINDING_KINDS } from './findings';
import { DEADLINE_UNITS, type PolicyProfile, type RecordDeadline, type Sourced } from './profile';
import { addedKindOverridesShape, applyAddedKindOverrides } from './added-kind-settings';
import {
  applyRecordTemplateOverrides,
  recordTemplateOf,
  recordTemplateOverridesSchema,
} from './record-templates';

export class ProfileError extends AppError {
  constructor(message: string) {
    super('PROFILE_INVALID', message);
    this.name = 'ProfileError';
  }
}

const nonNeg = z.number().int().min(0);
const pos = z.number().int().min(1);

const frequencyRule = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('calendar-month'),
      toleratedMissedMonths: nonNeg.max(11),
      escalate: z.boolean().optional(),
      everyMonths: pos.max(12).optional(),
    })
    .strict(),
  z
    .object({ type: z.literal('interval'), days: pos.max(366), escalate: z.boolean().optional() })
    .strict(),
]);

const frequencyEntry = z
  .object({
    match: z
      .object({
        roles: z.array(z.enum(ROLES)).optional(),
        caseHolding: z.boolean().optional(),
        employment: z.enum(EMPLOYMENT).optional(),
      })
      .strict(),
    rule: frequencyRule,
    source: z.string().default('organisation override'),
  })
  .strict();

// A case cadence: `every` with its unit; `maxDays` is still accepted as `every` in days.
const caseInterval = z.discriminatedUnion('unit', [
  z.object({ unit: z.literal('days'), count: pos.max(731) }).strict(),
  z.object({ unit: z.literal('calendar-months'), count: pos.max(24) }).strict(),
  z.object({ unit: z.literal('held-one-to-one') }).strict(),
]);
const caseCadence = z
  .object({
    // A mistyped label would silently match no case: only the contract's labels, or `*`.
    categories: z
      .array(
        z.enum(['*', ...CASE_LABELS], { message: `a case label (${CASE_LABELS.join(', ')}) or *` }),
      )
      .min(1),
    every: caseInterval.optional(),
    maxDays: pos.max(731).optional(),
    firstWithinDays: pos.optional(),
    openOverMonths: pos.max(120).optional(),
    source: z.string().default('organisation override'),
  })
  .strict()
  .refine((c) => (c.every === undefined) !== (c.maxDays === undefined), {
    message: 'give exactly one of every or maxDays',
  })
  .transform(({ maxDays, every, ...rest }) => ({
    ...rest,
    every: every ?? { unit: 'days' as const, count: maxDays ?? 1 },
  }));

const enabledShape = Object.fromEntries(
  FINDING_KINDS.map((k) => [k, z.boolean().optional()]),
) as Record<(typeof FINDING_KINDS)[number], z.ZodOptional<z.ZodBoolean>>;

export const overridesSchema = z
  .object({
    name: z.string().min(1).optional(),
    yearStart: z
      .object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(28) })
      .strict()
      .optional(),
    // The last rule must match everyone: otherwise someone would silently have no rule at all.
    frequency: z
      .array(frequencyEntry)
      .min(1)
      .refine((list) => Object.keys(list[list.length - 1]!.match).length === 0, {
        message: 'the last rule must match everyone (match: {})',
      })
      .optional(),
    minimumMinutes: pos
      .max(24 * 60)
      .nullable()
      .optional(),
    bookedLengthChecked: z.boolean().optional(),
    asye: z
      .object({
        firstDays: pos.max(366).optional(),
        firstIntervalDays: pos.max(366).optional(),
        untilMonths: pos.max(12).optional(),
        thenIntervalDays: pos.max(366).optional(),
      })
      .strict()
      .nullable()
      .optional(),
    perYear: z
      .object({ fullTime: nonNeg.optional(), partTime: nonNeg.optional() })
      .strict()
      .nullable()
      .optional(),
    recordDeadline: z
      .object({
        days: nonNeg.max(366).optional(),
        unit: z.enum(DEADLINE_UNITS).optional(),
        /** Shorthand kept for older overrides files: N working days. */
        workingDays: nonNeg.max(366).optional(),
        significantDecisionHours: pos
          .max(24 * 366)
          .nullable()
          .optional(),
      })
      .strict()
      .refine(
        (r) => r.workingDays === undefined || (r.days === undefined && r.unit === undefined),
        {
          message: 'give either workingDays or days and unit, not both',
        },
      )
      .optional(),
    signatureDeadlineWorkingDays: nonNeg.optional(),
    unconfirmed: z
      .object({ afterWorkingDays: nonNeg.optional(), escalateAfterWorkingDays: nonNeg.optional() })
      .strict()
      .optional(),
    agreement: z
      .object({ required: z.boolean().optional(), reviewMonths: pos.optional() })
      .strict()
      .optional(),
    observations: z
      .object({
        perYear: nonNeg.optional(),
        caseHoldersOnly: z.boolean().optional(),
        bySupervisorAtLeast: nonNeg.optional(),
      })
      .strict()
      .nullable()
      .optional(),
    caseCadence: z.array(caseCadence).optional(),
    reminders: z
      .object({ comingUpWorkingDays: nonNeg.optional(), prepWorkingDays: nonNeg.optional() })
      .strict()
      .optional(),
    escalation: z
      .object({
        graceWorkingDays: nonNeg.max(60).optional(),
        nextLevelAfterWorkingDays: nonNeg.max(60).optional(),
      })
      .strict()
      .optional(),
    supervisorAbsenceDays: pos.nullable().optional(),
    enabled: z.object(enabledShape).strict().optional(),
    interpretations: z
      .object({
        lookbackMonths: pos.max(120).optional(),
        absenceMonthExplainsGap: z.boolean().optional(),
        absenceDaysPauseInterval: z.boolean().optional(),
        absencePauseMinDays: pos.max(366).optional(),
        proRataPartYear: z.boolean().optional(),
        agreementPerSupervisor: z.boolean().optional(),
        observationWarnMonths: nonNeg.max(12).optional(),
        gapWithoutBaseline: z.boolean().optional(),
        significantHoursFromEnd: z.boolean().optional(),
        triageEscalateWithinWorkingDays: nonNeg.optional(),
      })
      .strict()
      .optional(),
    triage: z
      .object({
        fairShareDays: z.number().positive().optional(),
        imbalanceTolerance: z.number().min(0).optional(),
        monthsAhead: pos.max(12).optional(),
        hubs: z.array(z.string().min(1)).optional(),
        memberRoles: z.array(z.enum(ROLES)).optional(),
        sickCoverFromOtherHubs: z.boolean().optional(),
      })
      .strict()
      .optional(),
    // The kinds added by issue 12 (policy/added-kind-settings.ts).
    ...addedKindOverridesShape,
    // The record's sections (policy/record-templates.ts checks what needs the base template).
    recordTemplate: recordTemplateOverridesSchema.optional(),
  })
  .strict();

export type ProfileOverrides = z.infer<typeof overridesSchema>;

const OVERRIDDEN = 'overridden by the organisation';

function sourced<T>(orig: Sourced<T>, value: T): Sourced<T> {
  return { value, source: `${orig.source}; ${OVERRIDDEN}` };
}

/** Validates `raw` and returns a new profile with it applied; throws ProfileError naming the path. */
export function applyOverrides(base: PolicyProfile, raw: unknown): PolicyProfile {
  const parsed = overridesSchema.safeParse(raw);
  if (!parsed.success) {
    const msgs = parsed.error.issues.map((i) => {
      const path = i.path.length ? i.path.join('.') : '(root)';
      if (i.code === 'unrecognized_keys' && i.path.join('.') === 'enabled')
        return `enabled: unknown finding kind ${i.keys.map((k) => `"${k}"`).join(', ')}; expected one of ${FINDING_KINDS.join(', ')}`;
      const keys = i.code === 'unrecognized_keys' ? ` (${i.keys.join(', ')})` : '';
      return `${path}: ${i.message}${keys}`;
    });
    throw new ProfileError(`invalid overrides for profile ${base.id}: ${msgs.join('; ')}`);
  }
  const o = parsed.data;
  const p: PolicyProfile = structuredClone(base);
  if (o.name !== undefined) p.name = o.name;
  if (o.yearStart) p.yearStart = sourced(p.yearStart, o.yearStart);
  if (o.frequency) p.frequency = o.frequency;
  if (o.minimumMinutes !== undefined)
    p.minimumMinutes = sourced(p.minimumMinutes, o.minimumMinutes);
  if (o.asye !== undefined) {
    const cur = p.asye?.value ?? {
      firstDays: 42,
      firstIntervalDays: 7,
      untilMonths: 6,
      thenIntervalDays: 14,
    };
    p.asye = sourced(
      p.asye ?? { value: null, source: 'not set by the document' },
      o.asye === null ? null : { ...cur, ...stripUndefined(o.asye) },
    );
  }
  if (o.bookedLengthChecked !== undefined)
    p.bookedLengthChecked = sourced(
      p.bookedLengthChecked ?? { value: false, source: 'not set by the document' },
      o.bookedLengthChecked,
    );
  if (o.perYear !== undefined) {
    const cur = p.perYear.value ?? { fullTime: 0, partTime: 0 };
    p.perYear = sourced(p.perYear, o.perYear === null ? null : { ...cur, ...o.perYear });
  }
  if (o.recordDeadline) {
    const { workingDays, ...rest } = stripUndefined(o.recordDeadline);
    const next: RecordDeadline = {
      ...p.recordDeadline.value,
      ...(workingDays !== undefined ? { days: workingDays, unit: 'working-days' as const } : {}),
      ...rest,
    };
    if (next.unit === 'in-session') next.days = 0;
    p.recordDeadline = sourced(p.recordDeadline, next);
  }
  if (o.signatureDeadlineWorkingDays !== undefined)
    p.signatureDeadlineWorkingDays = sourced(
      p.signatureDeadlineWorkingDays,
      o.signatureDeadlineWorkingDays,
    );
  if (o.unconfirmed)
    p.unconfirmed = sourced(p.unconfirmed, { ...p.unconfirmed.value, ...o.unconfirmed });
  if (o.agreement) p.agreement = sourced(p.agreement, { ...p.agreement.value, ...o.agreement });
  if (o.observations !== undefined) {
    const cur = p.observations.value ?? {
      perYear: 1,
      caseHoldersOnly: true,
      bySupervisorAtLeast: 0,
    };
    p.observations = sourced(
      p.observations,
      o.observations === null ? null : { ...cur, ...o.observations },
    );
  }
  if (o.caseCadence) p.caseCadence = o.caseCadence;
  if (o.reminders) p.reminders = { ...p.reminders, ...o.reminders };
  if (o.escalation)
    p.escalation = sourced(p.escalation, { ...p.escalation.value, ...o.escalation });
  if (o.supervisorAbsenceDays !== undefined)
    p.supervisorAbsenceDays = sourced(p.supervisorAbsenceDays, o.supervisorAbsenceDays);
  if (o.enabled)
    for (const [k, v] of Object.entries(o.enabled))
      if (v !== undefined) p.enabled[k as keyof typeof p.enabled] = v;
  if (o.interpretations)
    p.interpretations = { ...(p.interpretations ?? {}), ...stripUndefined(o.interpretations) };
  if (o.triage) {
    if (!p.triage)
      throw new ProfileError(
        `invalid overrides for profile ${base.id}: triage: this profile has no triage rota`,
      );
    p.triage = { ...p.triage, ...stripUndefined(o.triage) };
  }
  applyAddedKindOverrides(p, o);
  if (o.recordTemplate) {
    try {
      p.recordTemplate = applyRecordTemplateOverrides(recordTemplateOf(p), o.recordTemplate);
    } catch (e) {
      throw new ProfileError(`invalid overrides for profile ${base.id}: ${(e as Error).message}`);
    }
  }
  return p;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
