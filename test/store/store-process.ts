/**
 * A process of its own that opens the embedded store, for the tests that need a second process
 * (the server lock) or one to kill (kill -9 mid-write). Run with tsx:
 *   store-process.ts DIR hold   opens the store, prints "open", and holds it until killed
 *   store-process.ts DIR write  opens it, then adds subscriptions one by one, printing each id once
 *                               the store has acknowledged it, until killed
 *   store-process.ts DIR lease  opens it, begins delivery "telegram:update:7" (its lease held, as
 *                               while a reply is being sent), begins and finishes "telegram:update:8",
 *                               prints "leased", and holds it until killed
 * A store that refuses to open prints "refused: <message>" and exits with 3.
 */
import { systemClock } from '../../src/core/clock.ts';
import { EmbeddedStore } from '../../src/store/embedded.ts';

const [dir, mode] = process.argv.slice(2);
if (!dir || (mode !== 'hold' && mode !== 'write' && mode !== 'lease')) {
  process.stderr.write('usage: store-process.ts DIR hold|write|lease\n');
  process.exit(2);
}

let store: EmbeddedStore;
try {
  store = await EmbeddedStore.open(dir, { clock: systemClock });
} catch (e) {
  process.stdout.write(`refused: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(3);
}
process.stdout.write('open\n');
if (mode === 'hold') {
  setInterval(() => undefined, 60_000);
} else if (mode === 'lease') {
  await store.beginDelivery('telegram:update:7', 60_000);
  await store.beginDelivery('telegram:update:8', 60_000);
  await store.finishDelivery('telegram:update:8', 60_000);
  process.stdout.write('leased\n');
  setInterval(() => undefined, 60_000);
} else {
  for (let i = 0; ; i++) {
    const conversationId = `telegram:${i}`;
    // A reminder set and a subscription per step: the kill may land inside either transaction.
    await store.markRemindersSent([`${conversationId}:a`, `${conversationId}:b`, `${conversationId}:c`]);
    await store.addSubscription({
      conversationId,
      target: { kind: 'all' },
      createdAt: new Date().toISOString(),
    });
    process.stdout.write(`${i}\n`);
  }
}
