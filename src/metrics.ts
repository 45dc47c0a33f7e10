/**
 * A small Prometheus registry: counters and histograms with labels, rendered in the text format.
 * One process-wide instance (`metrics`) so every edge can count without threading it through.
 */
type Labels = Record<string, string>;

const DEFAULT_BUCKETS_MS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000];

const renderLabels = (labels: Labels): string =>
  Object.keys(labels)
    .sort()
    .map(
      (k) => `${k}="${String(labels[k]).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
    )
    .join(',');

/**
 * Label sets seen so far, by their names and values in the caller's order, and their rendered key.
 * Counting is on every request's path and the sets are few (platform × intent), so each is sorted
 * and escaped once, not per increment.
 */
const renderedLabels = new Map<string, string>();
const MAX_LABEL_SETS = 10_000;
function labelKey(labels: Labels): string {
  let raw = '';
  for (const k in labels) raw += `${k}\u0000${labels[k]}\u0001`;
  let key = renderedLabels.get(raw);
  if (key === undefined) {
    key = renderLabels(labels);
    if (renderedLabels.size < MAX_LABEL_SETS) renderedLabels.set(raw, key);
  }
  return key;
}

interface HistogramState {
  buckets: number[];
  counts: number[];
  sum: number;
  count: number;
}

export class Metrics {
  private readonly help = new Map<string, { type: 'counter' | 'histogram'; help: string }>();
  private readonly counters = new Map<string, Map<string, number>>();
  private readonly histograms = new Map<string, Map<string, HistogramState>>();
  private readonly bucketsByName = new Map<string, number[]>();

  counter(name: string, help: string): this {
    this.help.set(name, { type: 'counter', help });
    if (!this.counters.has(name)) this.counters.set(name, new Map());
    return this;
  }

  histogram(name: string, help: string, buckets: number[] = DEFAULT_BUCKETS_MS): this {
    this.help.set(name, { type: 'histogram', help });
    this.bucketsByName.set(name, buckets);
    if (!this.histograms.has(name)) this.histograms.set(name, new Map());
    return this;
  }

  inc(name: string, labels: Labels = {}, by = 1): void {
    const series = this.counters.get(name);
    if (!series) throw new Error(`metric ${name} is not registered`);
    const key = labelKey(labels);
    series.set(key, (series.get(key) ?? 0) + by);
  }

  observe(name: string, value: number, labels: Labels = {}): void {
    const series = this.histograms.get(name);
    const buckets = this.bucketsByName.get(name);
    if (!series || !buckets) throw new Error(`metric ${name} is not registered`);
    const key = labelKey(labels);
    let state = series.get(key);
    if (!state) {
      state = { buckets, counts: buckets.map(() => 0), sum: 0, count: 0 };
      series.set(key, state);
    }
    for (let i = 0; i < buckets.length; i += 1) if (value <= buckets[i]!) state.counts[i]! += 1;
    state.sum += value;
    state.count += 1;
  }

  /** The current value of a counter series, for tests and health output. */
  value(name: string, labels: Labels = {}): number {
    return this.counters.get(name)?.get(labelKey(labels)) ?? 0;
  }

  render(): string {
    const out: string[] = [];
    for (const [name, meta] of this.help) {
      out.push(`# HELP ${name} ${meta.help}`, `# TYPE ${name} ${meta.type}`);
      if (meta.type === 'counter') {
        for (const [key, v] of this.counters.get(name) ?? [])
          out.push(`${name}${key ? `{${key}}` : ''} ${v}`);
      } else {
        for (const [key, h] of this.histograms.get(name) ?? []) {
          const sep = key ? ',' : '';
          h.buckets.forEach((b, i) => out.push(`${name}_bucket{${key}${sep}le="${b}"} ${h.counts[i]}`));
          out.push(`${name}_bucket{${key}${sep}le="+Inf"} ${h.count}`);
          out.push(
            `${name}_sum${key ? `{${key}}` : ''} ${h.sum}`,
            `${name}_count${key ? `{${key}}` : ''} ${h.count}`,
          );
        }
      }
    }
    return out.join('\n') + '\n';
  }
}

export const metrics = new Metrics()
  .counter('workplan_requests_total', 'HTTP requests and chat updates received, by platform.')
  .counter('workplan_answers_total', 'Answers given, by intent and platform.')
  .counter('workplan_unknown_answers_total', 'Questions the plan does not cover, by platform.')
  .histogram('workplan_answer_latency_ms', 'Time to answer a question, in milliseconds.')
  .counter('workplan_reminders_sent_total', 'Reminder messages delivered, by platform.')
  .counter('workplan_log_lines_dropped_total', 'Log lines dropped because stdout did not take them.')
  .counter(
    'workplan_reminders_failed_total',
    'Reminder sends that failed, by platform and kind (transient|permanent).',
  )
  .counter(
    'workplan_reminders_retried_total',
    'Reminder sends retried after a transient failure, by platform.',
  )
  .counter('workplan_store_errors_total', 'Store operations that failed, by store kind.');
