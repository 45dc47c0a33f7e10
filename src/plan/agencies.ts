/**
 * Reads the 〔…〕 note that closes a task: who leads (牵头) and who shares the work
 * (按职责分工负责). Generic groups ("省直有关部门(单位)", "各市(州)人民政府") are not agencies.
 */

const GENERIC = /有关部门|各市\(州\)|各地|各部门|各级/;
const LEAD_MARK = /牵头$/;
const PARTNER_MARK = /按职责分工负责$/;
const PLAN_WIDE = /以下工作均需(.+?)负责/;

export interface NoteAgencies {
  leads: string[];
  partners: string[];
  /** Agencies the note makes responsible for every task ("以下工作均需各市(州)人民政府负责"). */
  planWide: string[];
}

export function isGenericAgency(name: string): boolean {
  return GENERIC.test(name);
}

function splitNames(list: string): string[] {
  return list
    .split('、')
    .map((n) => n.trim())
    .filter((n) => n.length > 0 && !isGenericAgency(n));
}

export function parseNote(note: string): NoteAgencies {
  const leads: string[] = [];
  const partners: string[] = [];
  const planWide: string[] = [];
  for (const sentence of note.split('。')) {
    const wide = PLAN_WIDE.exec(sentence);
    if (wide?.[1]) {
      planWide.push(wide[1]);
      continue;
    }
    for (const clause of sentence.split(/[，；]/)) {
      if (LEAD_MARK.test(clause)) leads.push(...splitNames(clause.replace(LEAD_MARK, '')));
      else if (PARTNER_MARK.test(clause)) {
        // "A、B等省直有关部门(单位)按职责分工负责": the named ones come before the last 等.
        const named = clause.replace(PARTNER_MARK, '');
        const cut = named.lastIndexOf('等');
        partners.push(...splitNames(cut >= 0 ? named.slice(0, cut) : named));
      }
    }
  }
  return { leads: unique(leads), partners: unique(partners.filter((p) => !leads.includes(p))), planWide };
}

const unique = (xs: string[]): string[] => [...new Set(xs)];
