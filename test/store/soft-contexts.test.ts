import { describe, expect, it } from 'vitest';
import { SoftContexts, type ContextRow } from '../../src/store/soft-contexts.ts';

const NOW = 1_000_000;
const LATER = NOW + 60_000;

function contexts(maxChars: number) {
  const written: ContextRow[] = [];
  const memory = new SoftContexts({
    write: (rows) => written.push(...rows),
    now: () => NOW,
    onError: (e) => {
      throw e;
    },
    maxChars,
  });
  return { memory, written };
}

const json = (chars: number) => `"${'营'.repeat(chars - 2)}"`;

describe('follow-up contexts in memory', () => {
  it('hand back the object a turn wrote, and decode a remembered JSON only at its first read', () => {
    const { memory } = contexts(10_000);
    const written = { lastTaskIds: ['4.1'] };
    memory.set('web:a', JSON.stringify(written), LATER, written);
    const decoded: string[] = [];
    const decode = (text: string) => {
      decoded.push(text);
      return JSON.parse(text) as unknown;
    };
    expect(memory.read('web:a', NOW, decode)).toBe(written);
    memory.remember('web:b', '{"lastTaskIds":["1.2"]}', LATER);
    const first = memory.read('web:b', NOW, decode);
    expect(first).toEqual({ lastTaskIds: ['1.2'] });
    expect(memory.read('web:b', NOW, decode)).toBe(first);
    expect(decoded).toEqual(['{"lastTaskIds":["1.2"]}']);
    expect(memory.read('web:unknown', NOW, decode)).toBeUndefined();
    expect(memory.read('web:a', LATER, decode)).toBeNull();
  });

  it('forget the least recent past their character budget, written to the store first', () => {
    const { memory, written } = contexts(250);
    memory.set('web:a', json(100), LATER);
    memory.set('web:b', json(100), LATER);
    memory.set('web:c', json(100), LATER);
    // a went to make room; it was written before it was forgotten, so store.db answers for it.
    expect(memory.get('web:a', NOW)).toBeUndefined();
    expect(written.map((r) => r.conversationId)).toContain('web:a');
    expect(memory.get('web:b', NOW)).toBe(json(100));
    expect(memory.get('web:c', NOW)).toBe(json(100));
    memory.stop();
  });

  it('count a context that grows by its new size', () => {
    const { memory } = contexts(250);
    memory.set('web:a', json(60), LATER);
    memory.set('web:b', json(100), LATER);
    memory.set('web:b', json(200), LATER);
    expect(memory.get('web:a', NOW)).toBeUndefined();
    expect(memory.get('web:b', NOW)).toBe(json(200));
    memory.stop();
  });

  it('keep every context while they fit, however often they are rewritten', () => {
    const { memory } = contexts(250);
    for (let i = 0; i < 100; i += 1) {
      memory.set('web:a', json(100), LATER);
      memory.set('web:b', json(100), LATER);
    }
    expect(memory.get('web:a', NOW)).toBe(json(100));
    expect(memory.get('web:b', NOW)).toBe(json(100));
    memory.stop();
  });
});
