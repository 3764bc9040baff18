/**
 * Conversation references, one per user, keyed by the user's Entra object id (our staff id in
 * SharePoint mode) in the KvStore namespace `conv.refs`. Captured on install and on every
 * message, so proactive sends reach the user's existing 1:1 chat; shared by every instance
 * through the store. Also remembers the last service URL and tenant seen (namespace
 * `conv.meta`), which is where a never-seen user's 1:1 chat is created.
 */
import type { ConversationReference } from 'botbuilder';
import type { Json, KvStore } from '../ports/kv-store';

export const CONV_REFS_NS = 'conv.refs';
export const CONV_META_NS = 'conv.meta';

/** The part of a reference we keep: no display names (confidentiality), ids only. */
export interface StoredReference {
  channelId: string;
  serviceUrl: string;
  conversationId: string;
  tenantId?: string;
  /** Teams channel account id of the user (`29:...`). */
  userId: string;
  aadObjectId: string;
  botId: string;
}

export function toStored(
  ref: Partial<ConversationReference>,
  aadObjectId: string,
): StoredReference | null {
  const conversationId = ref.conversation?.id;
  if (!ref.serviceUrl || !conversationId || !ref.user?.id || !ref.bot?.id) return null;
  const tenantId = ref.conversation?.tenantId;
  return {
    channelId: ref.channelId ?? 'msteams',
    serviceUrl: ref.serviceUrl,
    conversationId,
    ...(tenantId ? { tenantId } : {}),
    userId: ref.user.id,
    aadObjectId,
    botId: ref.bot.id,
  };
}

export function toReference(s: StoredReference): Partial<ConversationReference> {
  return {
    channelId: s.channelId,
    serviceUrl: s.serviceUrl,
    conversation: {
      id: s.conversationId,
      conversationType: 'personal',
      isGroup: false,
      name: '',
      ...(s.tenantId ? { tenantId: s.tenantId } : {}),
    },
    user: { id: s.userId, name: '', aadObjectId: s.aadObjectId },
    bot: { id: s.botId, name: '' },
  };
}

function same(a: StoredReference, b: StoredReference): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class ConversationRefs {
  constructor(private readonly kv: KvStore) {}

  async get(staffId: string): Promise<StoredReference | null> {
    const e = await this.kv.get(CONV_REFS_NS, staffId);
    return e ? (e.value as unknown as StoredReference) : null;
  }

  /**
   * Saves the reference (writes only when it changed: messages are frequent, refs stable).
   * Resolves true when this person had none before: their first contact.
   */
  async save(staffId: string, ref: StoredReference): Promise<boolean> {
    const current = await this.get(staffId);
    if (!current || !same(current, ref)) {
      await this.kv.upsert(CONV_REFS_NS, staffId, ref as unknown as Json);
    }
    const meta = await this.meta();
    if (meta.serviceUrl !== ref.serviceUrl || (ref.tenantId && meta.tenantId !== ref.tenantId)) {
      await this.kv.upsert(CONV_META_NS, 'last', {
        serviceUrl: ref.serviceUrl,
        ...(ref.tenantId
          ? { tenantId: ref.tenantId }
          : meta.tenantId
            ? { tenantId: meta.tenantId }
            : {}),
        botId: ref.botId,
      });
    }
    return current === null;
  }

  async remove(staffId: string): Promise<void> {
    await this.kv.delete(CONV_REFS_NS, staffId);
  }

  /** Last service URL / tenant / bot id seen on any inbound activity. */
  async meta(): Promise<{ serviceUrl?: string; tenantId?: string; botId?: string }> {
    const e = await this.kv.get(CONV_META_NS, 'last');
    return e ? (e.value as { serviceUrl?: string; tenantId?: string; botId?: string }) : {};
  }
}
