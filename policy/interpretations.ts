/**
 * Defaults for the readings the documents leave open (see Interpretations in profile.ts).
 * Each is listed in docs and can be overridden per organisation.
 */
import type { Interpretations, PolicyProfile } from './profile';

export const DEFAULT_INTERPRETATIONS: Interpretations = {
  lookbackMonths: 12,
  absenceMonthExplainsGap: true,
  absenceDaysPauseInterval: true,
  // About a month: the interval counterpart of a month absent throughout. 1 = any absent day.
  absencePauseMinDays: 28,
  proRataPartYear: true,
  agreementPerSupervisor: true,
  observationWarnMonths: 2,
  gapWithoutBaseline: true,
  significantHoursFromEnd: true,
  triageEscalateWithinWorkingDays: 5,
};

export function interpretationsOf(profile: PolicyProfile): Interpretations {
  return { ...DEFAULT_INTERPRETATIONS, ...(profile.interpretations ?? {}) };
}
