import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createEngine } from '../engine/engine.ts';
import type { Engine } from '../engine/types.ts';
import { ConfigError, describeError, PlanFormatError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { ALIASES_DIR, loadAliasesFor, loadPlan } from '../plan/load.ts';
import type { Plan } from '../plan/model.ts';
import { planCounts, planSummary } from '../plan/summary.ts';
import { bareRegion, planKey, planRegion, planShortName } from './key.ts';

/** One loaded plan: its key, its file, the parsed model (tasks stamped with the key) and its engine. */
export interface PlanEntry {
  /** "sichuan-2022-fangguanfu" (key.ts). */
  key: string;
  file: string;
  plan: Plan;
  engine: Engine;
  /** The region the plan is for ("四川省", "全国"), from its text or its file name; null if unknown. */
  region: string | null;
  /** How replies name it when it is not the default: "2023年要点", or "威海市2023年要点" when that is taken. */
  name: string;
  /** Title, section and task text: tells a region word that is the plan's own phrase ("成都海关") from a scope. */
  text: string;
}

export interface CatalogueOptions {
  /** Every .txt in this folder is a plan (PLAN_DIR). */
  dir?: string;
  /** Or exactly these files (PLAN_FILE, --plan). */
  files?: string[];
  /** PLAN_DEFAULT: a plan key or file name. */
  defaultPlan?: string;
  /** PLAN_YEAR, for plans that give no year. */
  year?: number;
  timeZone: string;
  aliasesDir?: string;
  logger?: Logger;
}

/** What a reload did: plans added or re-read, plans dropped with their file, files that failed. */
export interface ReloadResult {
  loaded: string[];
  dropped: string[];
  failed: { file: string; error: string }[];
}

interface Loaded {
  entry: Omit<PlanEntry, 'name'>;
  mtimeMs: number;
  size: number;
}

/**
 * Every plan of PLAN_DIR (or the files given), loaded side by side. A file that fails its check is
 * logged and skipped; on reload it never replaces or drops the plan already running from it.
 * Entries change only by whole-array swap, so a question in flight sees one consistent set.
 */
export class PlanCatalogue {
  private loaded = new Map<string, Loaded>(); // by file
  private list: PlanEntry[] = [];
  private byKey = new Map<string, PlanEntry>();
  private defaultKey = '';
  private listeners: (() => void)[] = [];
  /** Increases on every change of the loaded set. */
  version = 0;

  constructor(private readonly options: CatalogueOptions) {}

  /**
   * Loads every plan; throws PlanFormatError when none loads, ConfigError when PLAN_DEFAULT names
   * none of them.
   */
  static load(options: CatalogueOptions): PlanCatalogue {
    const catalogue = new PlanCatalogue(options);
    const result = catalogue.reload();
    if (catalogue.list.length === 0) {
      const why = result.failed.map((f) => `${basename(f.file)}: ${f.error}`).join('; ');
      throw new PlanFormatError(`no usable plan in ${catalogue.where()}${why ? ` (${why})` : ''}`);
    }
    const wanted = options.defaultPlan;
    if (wanted && !catalogue.find(wanted)) {
      throw new ConfigError(
        `invalid configuration:\n  PLAN_DEFAULT: no loaded plan is "${wanted}" (loaded: ${catalogue.list.map((e) => e.key).join(', ')})`,
      );
    }
    return catalogue;
  }

  entries(): readonly PlanEntry[] {
    return this.list;
  }

  get(key: string): PlanEntry | undefined {
    return this.byKey.get(key);
  }

  /** A plan by key or file name ("sichuan-2022-fangguanfu", "sichuan-fangguanfu-2022.txt"). */
  find(name: string): PlanEntry | undefined {
    return this.byKey.get(name) ?? this.list.find((e) => basename(e.file) === name);
  }

  /** PLAN_DEFAULT, else the newest plan of the most common issuer (issue 10). */
  defaultEntry(): PlanEntry {
    return this.byKey.get(this.defaultKey) ?? (this.list[0] as PlanEntry);
  }

  isDefault(key: string): boolean {
    return key === this.defaultKey;
  }

  /** Called after every change of the loaded set (a reload that loaded or dropped a plan). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The folder (or files) plans come from, for logs and errors. */
  where(): string {
    return this.options.files ? this.options.files.join(', ') : resolve(this.options.dir ?? '.');
  }

  /** Re-reads new and changed files; unchanged ones keep their engine. Never throws. */
  reload(): ReloadResult {
    const { logger } = this.options;
    const result: ReloadResult = { loaded: [], dropped: [], failed: [] };
    const next = new Map<string, Loaded>();
    for (const file of this.planFiles(result)) {
      let stat: { mtimeMs: number; size: number };
      try {
        stat = statSync(file);
      } catch (e) {
        result.failed.push({ file, error: describeError(e).message });
        const old = this.loaded.get(file);
        if (old) next.set(file, old);
        continue;
      }
      const old = this.loaded.get(file);
      if (old && old.mtimeMs === stat.mtimeMs && old.size === stat.size) {
        next.set(file, old);
        continue;
      }
      try {
        const entry = this.read(file);
        next.set(file, { entry, mtimeMs: stat.mtimeMs, size: stat.size });
        result.loaded.push(file);
        logger?.[entry.plan.findings.length > 0 ? 'warn' : 'info'](
          { plan: entry.key, file, ...planCounts(entry.plan) },
          `plan loaded: ${planSummary(entry.plan)}`,
        );
      } catch (e) {
        const error = describeError(e).message;
        result.failed.push({ file, error });
        // A plan that fails its check never replaces the one running from the same file.
        if (old) next.set(file, old);
        logger?.error(
          { file: basename(file), err: describeError(e), kept: old?.entry.key ?? null },
          old ? 'plan failed its check; the running version stays' : 'plan failed its check; skipped',
        );
      }
    }
    for (const [file, old] of this.loaded) {
      if (next.has(file)) continue;
      result.dropped.push(file);
      logger?.info({ plan: old.entry.key, file: basename(file) }, 'plan file removed; plan dropped');
    }
    if (result.loaded.length > 0 || result.dropped.length > 0 || this.list.length === 0) {
      this.loaded = next;
      this.publish();
    }
    return result;
  }

  private planFiles(result: ReloadResult): string[] {
    if (this.options.files) return this.options.files.map((f) => resolve(f));
    const dir = resolve(this.options.dir ?? '.');
    try {
      return readdirSync(dir)
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .map((f) => join(dir, f));
    } catch (e) {
      result.failed.push({ file: dir, error: describeError(e).message });
      // The folder gone for a moment (a remount) must not drop the running plans.
      return [...this.loaded.keys()];
    }
  }

  private read(file: string): Omit<PlanEntry, 'name'> {
    const parsed = loadPlan(file, { year: this.options.year });
    const region = planRegion(parsed, file);
    const key = planKey(parsed, region, file);
    const plan: Plan = {
      ...parsed,
      meta: { ...parsed.meta, region },
      tasks: parsed.tasks.map((t) => ({ ...t, plan: key })),
    };
    const engine = createEngine(plan, loadAliasesFor(plan, this.options.aliasesDir ?? ALIASES_DIR), {
      timeZone: this.options.timeZone,
    });
    const text = [
      plan.title,
      ...plan.sections.map((s) => s.title),
      ...plan.tasks.map((t) => `${t.title}。${t.text}${t.note ?? ''}`),
      ...plan.agencies,
    ]
      .join('\n')
      .replace(/[“”]/g, '');
    return { key, file, plan, engine, region, text };
  }

  /** Makes keys unique (a second file of the same key gets "-2"), names unique, and picks the default. */
  private publish(): void {
    const seen = new Map<string, number>();
    const entries = [...this.loaded.values()].map(({ entry }) => {
      const n = (seen.get(entry.key) ?? 0) + 1;
      seen.set(entry.key, n);
      if (n === 1) return entry;
      const key = `${entry.key}-${n}`;
      return {
        ...entry,
        key,
        plan: { ...entry.plan, tasks: entry.plan.tasks.map((t) => ({ ...t, plan: key })) },
      };
    });
    const short = entries.map((e) => planShortName(e.plan));
    const named = entries.map((e, i) => {
      const base = short[i] as string;
      if (short.filter((s) => s === base).length === 1) return { ...e, name: base };
      const regional = `${e.region ? bareRegion(e.region) : ''}${base}`;
      const clash = entries.some(
        (o, j) => j !== i && `${o.region ? bareRegion(o.region) : ''}${short[j]}` === regional,
      );
      return { ...e, name: clash ? e.key : regional };
    });
    this.list = named;
    this.byKey = new Map(named.map((e) => [e.key, e]));
    this.defaultKey = this.chooseDefault();
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  private chooseDefault(): string {
    const wanted = this.options.defaultPlan;
    const chosen = wanted ? this.find(wanted) : undefined;
    if (chosen) return chosen.key;
    if (wanted) this.options.logger?.warn({ wanted }, 'PLAN_DEFAULT names no loaded plan; choosing one');
    return chooseDefault(this.list)?.key ?? '';
  }
}

/** Who issued a plan, as far as the text tells: the issuer, else its region (a province's plans). */
const issuerOf = (e: Pick<PlanEntry, 'plan' | 'region'>): string =>
  e.plan.meta.issuer ?? (e.region ? `${e.region}` : '');

/** Newest first: year covered, issue date, then key, so the choice never depends on file order. */
export function newer(a: Pick<PlanEntry, 'plan' | 'key'>, b: Pick<PlanEntry, 'plan' | 'key'>): number {
  return (
    b.plan.meta.endYear - a.plan.meta.endYear ||
    b.plan.year - a.plan.year ||
    (b.plan.meta.issueDate ?? '').localeCompare(a.plan.meta.issueDate ?? '') ||
    a.key.localeCompare(b.key)
  );
}

/**
 * The newest plan of the most common issuer. A plan that does not name its issuer counts under its
 * region, and a named issuer counts for its region too ("四川省人民政府办公厅" is Sichuan's), so a
 * province's yearly plans group together however their headers were kept.
 */
export function chooseDefault<E extends Pick<PlanEntry, 'plan' | 'key' | 'region'>>(
  entries: readonly E[],
): E | null {
  const group = (e: E): string => e.region ?? issuerOf(e);
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(group(e), (counts.get(group(e)) ?? 0) + 1);
  const most = Math.max(0, ...counts.values());
  const candidates = entries.filter((e) => counts.get(group(e)) === most);
  return [...candidates].sort(newer)[0] ?? null;
}
