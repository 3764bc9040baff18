/**
 * The managers' daily digest: ONE card per manager per working day listing every open
 * escalation in their area (never one card per finding), each with "Arranged" and
 * "Explained" answers. Long lists are cut to stay well under Teams' 28 KB card limit.
 */
import { readableDates } from './readable-dates';
import {
  adaptiveCard,
  factSet,
  formatDate,
  header,
  openUrl,
  text,
  type CardElement,
  type CardJson,
} from './card-kit';
import {
  escalationAnswerActions,
  findingLabel,
  subjectLine,
  type EscalationItemView,
} from './escalation-kit';

export interface DigestView {
  day: string;
  items: EscalationItemView[];
  /** Deep link to the team view in the tab, when the app has a public URL. */
  tabUrl?: string;
}

/** Items shown in full; the rest are counted (the tab lists everything). */
export const DIGEST_MAX_ITEMS = 15;

/**
 * The items the card shows in full, in the order given. Only these count as delivered (the
 * scheduler records them in the ledger); the rest come first in the next digest.
 */
export function digestShownItems<T>(items: readonly T[]): T[] {
  return items.slice(0, DIGEST_MAX_ITEMS);
}

/**
 * The shown items grouped by kind (a heading each), oldest first inside a group, the group
 * with the oldest item first: a pile reads as "3 records overdue, 2 agreements" at a glance.
 */
export function digestGroups(items: readonly EscalationItemView[]): EscalationItemView[][] {
  const groups = new Map<string, EscalationItemView[]>();
  for (const item of items) {
    const g = groups.get(item.kind) ?? [];
    g.push(item);
    groups.set(item.kind, g);
  }
  const sorted = [...groups.values()].map((g) =>
    [...g].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0)),
  );
  return sorted.sort((a, b) => ((a[0]?.due ?? '') < (b[0]?.due ?? '') ? -1 : 1));
}

export function digestCard(v: DigestView): CardJson {
  const shown = digestShownItems(v.items);
  // Only L0 items: the person's own catch-up list (scheduler/plan.ts), not escalations to them.
  const own = v.items.every((i) => i.level === 0);
  const n = v.items.length;
  const body: CardElement[] = [
    header(own ? 'Supervision to catch up on' : 'Supervision escalations', formatDate(v.day)),
    text(
      own
        ? `${n} supervision matter${n === 1 ? '' : 's'} for you to put right, oldest first, in one card rather than ${n} messages.`
        : n === 1
          ? '1 supervision matter in your area needs you.'
          : `${n} supervision matters in your area need you.`,
    ),
  ];
  for (const group of digestGroups(shown)) {
    const kind = group[0]?.kind ?? '';
    body.push(
      text(`**${findingLabel(kind)}** (${group.length})`, {
        separator: true,
        spacing: 'Large',
        size: 'Medium',
      }),
    );
    for (const item of group) {
      body.push({
        type: 'Container',
        spacing: 'Small',
        items: [
          text(`**${item.kind === 'triage-uncovered' ? subjectLine(item) : item.aboutName}**`),
          text(readableDates(item.detail), { isSubtle: true, spacing: 'None' }),
          factSet([
            ['Due', formatDate(item.due)],
            ['With', item.actorName],
            [
              'Level',
              item.level >= 2
                ? 'Come up from a manager below you'
                : item.level === 1
                  ? 'Line manager'
                  : 'Yours to act on',
            ],
          ]),
          // Managers answer an escalation ("arranged", "explained"); the person who must act
          // answers by doing it (confirm, sign, book: `status` has the buttons).
          ...(item.level > 0
            ? [{ type: 'ActionSet', actions: escalationAnswerActions(item.findingKey, item.kind) }]
            : []),
        ],
      });
    }
  }
  if (v.items.length > shown.length) {
    body.push(
      text(
        `…and ${v.items.length - shown.length} more: see the team view. They come first in your next digest.`,
        { isSubtle: true },
      ),
    );
  }
  return adaptiveCard(body, {
    actions: v.tabUrl ? [openUrl('Open team view', v.tabUrl)] : [],
    fallbackText: `${v.items.length} supervision escalation(s) need you`,
  });
}
