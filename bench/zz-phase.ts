import { buildContext } from '../policy/rules/context';
import { getProfile } from '../policy/profiles';
import { defaultCalendar } from '../policy/calendar';
import { generateOrganisation } from '../test/fixtures/generate-org';
import * as R1 from '../policy/rules/sessions';
import * as R2 from '../policy/rules/supervision-gap';
import * as R3 from '../policy/rules/records';
import * as R4 from '../policy/rules/yearly';
import * as R5 from '../policy/rules/agreement';
import * as R6 from '../policy/rules/next-session';
import * as R7 from '../policy/rules/case-discussion';
import * as R8 from '../policy/rules/triage';
import * as R9 from '../policy/rules/supervisor-absent';
const n = Number(process.argv[2] ?? 5000);
const snap = generateOrganisation({ staff: n, years: 3, seed: 42, asOf: '2026-11-24', profile: 'telford-sf' });
const p = getProfile('telford-sf');
for (let rep = 0; rep < 2; rep++) {
  let t = Date.now();
  const ctx = buildContext(snap, p, '2026-11-24', defaultCalendar);
  const out: Record<string, number> = { build: Date.now() - t };
  const staffRules: Record<string, (c: any, s: any) => unknown[]> = {
    unconf: R1.sessionUnconfirmedFindings, short: R1.sessionTooShortFindings, gap: R2.supervisionGapFindings,
    rec: R3.recordOverdueFindings, sig: R3.signatureOverdueFindings, annual: R4.annualMinimumFindings, obs: R4.observationDueFindings,
    agr: R5.agreementFindings, next: R6.nextSessionFindings, cases: R7.caseDiscussionFindings,
  };
  for (const [k, fn] of Object.entries(staffRules)) { t = Date.now(); for (const s of ctx.subjects) fn(ctx, s); out[k] = Date.now() - t; }
  t = Date.now(); R8.triageUncoveredFindings(ctx); out.tu = Date.now() - t;
  t = Date.now(); R8.triageImbalanceFindings(ctx); out.ti = Date.now() - t;
  t = Date.now(); R9.supervisorAbsentFindings(ctx); out.sa = Date.now() - t;
  console.log(n, JSON.stringify(out));
}
