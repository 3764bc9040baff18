/**
 * The managers' daily digest: ONE card per manager per working day listing every open
 * escalation in their area (never one card per finding), each with "Arranged" and
 * "Explained" answers. Long lists are cut to stay well under Teams' 28 KB card limit.
 */
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

export function digestCard(v: DigestView): CardJson {
  const shown = digestShownItems(v.items);
  const body: CardElement[] = [
    header('Supervision escalations', formatDate(v.day)),
    text(
      v.items.length === 1
        ? '1 supervision matter in your area needs you.'
        : `${v.items.length} supervision matters in your area need you.`,
    ),
  ];
  for (const item of shown) {
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: [
        text(
          `**${findingLabel(item.kind)}**: ${item.kind === 'triage-uncovered' ? subjectLine(item) : item.aboutName}`,
        ),
        text(item.detail, { isSubtle: true, spacing: 'None' }),
        factSet([
          ['Due', formatDate(item.due)],
          ['With', item.actorName],
          ['Level', item.level >= 2 ? 'Come up from a manager below you' : 'Line manager'],
        ]),
        { type: 'ActionSet', actions: escalationAnswerActions(item.findingKey, item.kind) },
      ],
    });
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
