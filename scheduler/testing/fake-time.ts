/**
 * Test helpers for the scheduler (used by tests and the simulated week, never by the product):
 * a fake time source whose sleep advances it at once, so rate limits are checked
 * deterministically rather than by wall-clock timing, and a recording Notifier double.
 */
import type { Clock } from '../../ports/clock';
import type { Notifier, OutboundMessage, SendOutcome } from '../../ports/notifier';
import type { TimeSource } from '../../delivery/send-queue';

export class FakeTime implements TimeSource {
  constructor(public t = 0) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.t += Math.max(0, ms);
  }
}

/** A TimeSource that reads a Clock (e.g. a ManualClock) and advances it when sleeping. */
export function timeFromClock(clock: Clock & { advance(ms: number): void }): TimeSource {
  return {
    now: () => clock.now().getTime(),
    sleep: async (ms) => clock.advance(Math.max(0, ms)),
  };
}

export interface RecordedSend {
  at: number;
  message: OutboundMessage;
  outcome: SendOutcome;
}

/** Records every send; `script` may answer differently per message (throttle, fail...). */
export class RecordingNotifier implements Notifier {
  readonly sends: RecordedSend[] = [];
  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly script?: (m: OutboundMessage, attempt: number) => SendOutcome | undefined,
  ) {}
  private readonly attempts = new Map<string, number>();
  async send(message: OutboundMessage): Promise<SendOutcome> {
    const attempt = (this.attempts.get(message.key) ?? 0) + 1;
    this.attempts.set(message.key, attempt);
    const outcome = this.script?.(message, attempt) ?? {
      status: 'sent',
      activityId: `act-${this.sends.length + 1}`,
    };
    this.sends.push({ at: this.now(), message, outcome });
    return outcome;
  }
  /** Keys delivered (status sent), in order. */
  delivered(): string[] {
    return this.sends.filter((s) => s.outcome.status === 'sent').map((s) => s.message.key);
  }
}
