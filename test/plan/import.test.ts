import { describe, expect, it } from 'vitest';
import { decodeText, extractText } from '../../src/plan/extract.ts';
import type { Plan } from '../../src/plan/model.ts';
import { parsePlan } from '../../src/plan/parse.ts';
import { PlanFormatError } from '../../src/errors.ts';

/**
 * test/fixtures/plans/import/: one real plan (国发〔2018〕39号) as text, and as DOCX, PDF and HTML
 * made from that text by LibreOffice (see the README there). Each must read to the same model.
 */
const FIXTURE = 'test/fixtures/plans/import/gov-employment-2018';

/** Line numbers differ between formats; everything else must not. */
const withoutLines = (plan: Plan): unknown =>
  JSON.parse(JSON.stringify(plan, (key, value: unknown) => (key === 'line' ? undefined : value)));

describe('import', () => {
  const fromText = extractText(`${FIXTURE}.txt`).then((t) => parsePlan(t));

  it('reads the text fixture as the document has it: 15 tasks, leads by its own rule', async () => {
    const plan = await fromText;
    expect(plan.tasks).toHaveLength(15);
    expect(plan.meta).toMatchObject({
      documentNumber: '国发〔2018〕39号',
      issueDate: '2018-11-16',
      yearSource: 'document-number',
    });
    expect(plan.tasks[0]?.leads).toEqual(['人力资源社会保障部']);
    expect(plan.findings).toEqual([]);
  });

  for (const format of ['pdf', 'docx', 'html']) {
    it(`gives the same model from the ${format.toUpperCase()} made from the same text`, async () => {
      const plan = parsePlan(await extractText(`${FIXTURE}.${format}`));
      expect(withoutLines(plan)).toEqual(withoutLines(await fromText));
    });
  }

  it('decodes GB18030 text as well as UTF-8', () => {
    const gbk = new Uint8Array([0xc4, 0xea, 0xb5, 0xd7, 0xc7, 0xb0]); // 年底前
    expect(decodeText(gbk)).toBe('年底前');
    expect(decodeText(new TextEncoder().encode('年底前'))).toBe('年底前');
  });

  it('says clearly what it cannot read', async () => {
    await expect(extractText('test/fixtures/plans/none.pdf')).rejects.toThrow(PlanFormatError);
    await expect(extractText('package.json')).rejects.toThrow(/cannot import .json/);
    await expect(extractText(`${FIXTURE}.txt`.replace('.txt', '.docx').replace('gov', 'x'))).rejects.toThrow(
      /cannot read/,
    );
  });
});
