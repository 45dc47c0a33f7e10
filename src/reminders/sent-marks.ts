import type { Store } from '../store/types.ts';
import type { DueReminder } from './due.ts';

/**
 * What this process knows of reminders' sent marks. A mark never changes back once set, so one
 * written or read here is remembered and never looked up again: a tick with nothing due costs no
 * store call beyond the subscription list. A delivered set whose marks could not be written (the
 * store was down) is remembered too, and written before anything else once the store is back.
 */
export class SentMarks {
  private known = new Set<string>();
  private readonly unsaved: string[][] = [];

  constructor(private readonly store: Pick<Store, 'isReminderSent' | 'markRemindersSent'>) {}

  /** True when any of `keys` is known to be sent; never calls the store. */
  anyKnown(keys: string[]): boolean {
    return keys.some((key) => this.known.has(key));
  }

  /** The reminders of `due` none of whose `unlessSent` marks is set, reading only marks not seen yet. */
  async unsent(due: DueReminder[]): Promise<DueReminder[]> {
    const left: DueReminder[] = [];
    for (const d of due) {
      let sent = this.anyKnown(d.unlessSent);
      for (const key of d.unlessSent) {
        if (sent) break;
        if (await this.store.isReminderSent(key)) {
          this.known.add(key);
          sent = true;
        }
      }
      if (!sent) left.push(d);
    }
    return left;
  }

  /** A delivered set: remembered at once, marked in one atomic step (markRemindersSent). */
  async delivered(keys: string[]): Promise<void> {
    for (const key of keys) this.known.add(key);
    this.unsaved.push(keys);
    await this.flush();
  }

  /** Writes the sets not written yet; throws (keeping them) when the store is down. */
  async flush(): Promise<void> {
    // Taken off the list before the write, so two platforms' runs never write (or drop) one set twice.
    for (let set = this.unsaved.shift(); set; set = this.unsaved.shift()) {
      try {
        await this.store.markRemindersSent(set);
      } catch (e) {
        this.unsaved.unshift(set);
        throw e;
      }
    }
  }

  /** Forgets marks outside `inUse` (windows that closed, conversations gone), never unsaved ones. */
  retain(inUse: Iterable<string>): void {
    const kept = new Set(this.unsaved.flat());
    for (const key of inUse) if (this.known.has(key)) kept.add(key);
    this.known = kept;
  }
}
