import { describe, expect, it } from 'vitest';
import { renderReply } from '../../adapters/line/render.ts';
import { answerToReply } from '../../src/core/reply.ts';
import { textReply } from '../../src/core/types.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { emptyContext, type Answer } from '../../src/engine/types.ts';
import { loadAliases, loadPlan } from '../../src/plan/load.ts';

const engine = createEngine(loadPlan(), loadAliases());
const NOW = new Date('2022-08-15T09:00:00+08:00');
const answerTo = (question: string): Answer =>
  engine.answer(question, { now: NOW, context: emptyContext() }).answer;

describe('LINE renderReply', () => {
  it('renders an answer given again (as the answer cache hands it out) to the same messages', () => {
    const answer = answerTo('谁牵头川渝通办');
    const first = renderReply(answerToReply(answer));
    const again = renderReply(answerToReply(answer));
    expect(again).toBe(first);
    expect(first[0]).toMatchObject({ type: 'text' });
    expect(JSON.stringify(first)).toContain(answer.text.split('\n', 1)[0]!.slice(0, 10));
  });

  it('renders a reply whose text or choices differ from what its answer was rendered with afresh', () => {
    const answer = answerTo('谁牵头川渝通办');
    const plain = renderReply(answerToReply(answer));
    const retold = renderReply({ ...answerToReply(answer), text: '另一种说法' });
    expect(retold).not.toBe(plain);
    expect(retold[0]).toMatchObject({ type: 'text', text: '另一种说法' });

    const choices = [{ label: '换个问法', text: '谁负责川渝通办' }];
    const withChoices = renderReply({ ...answerToReply(answer), choices });
    expect(withChoices).not.toBe(plain);
    expect(withChoices.at(-1)?.quickReply?.items?.map((i) => i.action)).toEqual([
      { type: 'message', label: '换个问法', text: '谁负责川渝通办' },
    ]);
    // And the plain reply is still what it was.
    expect(renderReply(answerToReply(answer))).toEqual(plain);
  });

  it('renders a reply without an answer each time', () => {
    const reply = textReply('好的');
    const first = renderReply(reply);
    expect(renderReply(reply)).not.toBe(first);
    expect(renderReply(reply)).toEqual([{ type: 'text', text: '好的' }]);
  });
});
