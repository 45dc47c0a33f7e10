import type { MessageHandler } from '../core/bot.ts';
import type { Clock } from '../core/clock.ts';
import type { Choice, IncomingMessage, Reply } from '../core/types.ts';
import type { Engine } from '../engine/types.ts';
import { AppError, describeError, StoreUnavailableError } from '../errors.ts';
import { hashId, type Logger } from '../log.ts';
import { MESSAGES } from '../messages.ts';
import type { Plan } from '../plan/model.ts';
import { dueReply, milestoneWhen, targetLabel, targetWords } from '../reminders/format.ts';
import { agencyConcerns, allMilestones, milestonesFor, type Milestone } from '../reminders/milestones.ts';
import { otherPlanName, singlePlanSet, type LoadedPlan, type PlanSet } from '../plan/plan-set.ts';
import { deadlinePasses, type ReminderPolicy } from '../reminders/policy.ts';
import type { Store, SubscriptionTarget } from '../store/types.ts';
import { meansAll, parseCommand, VERBS, type Command } from './parse.ts';

export interface SubscriptionDeps {
  store: Store;
  engine: Engine;
  plan: Plan;
  /** The plan's clock (PLAN_NOW): what "upcoming" means. */
  clock: Clock;
  policy: ReminderPolicy;
  logger: Logger;
  /** Platforms with a PushTarget. Elsewhere a subscription would promise reminders that never come. */
  pushPlatforms: readonly string[];
  /** PUBLIC_URL: when set (or the request's own address is known), /due links to the calendar feed. */
  publicUrl: string | null;
  /** How many upcoming deadlines /due lists. */
  dueLimit?: number;
  /** Every loaded plan, and which one a target's words name ("2023 4.1", "成都 全部"; issue 10). */
  plans?: PlanChooser;
}

/** A plan with the engine that resolves its targets. */
export type ChoosablePlan = LoadedPlan & { engine: Pick<Engine, 'lookup'> };

export interface PlanChooser {
  set: PlanSet<ChoosablePlan>;
  /** The plan the words name with those words taken out; `missing` says what named no loaded plan. */
  choose(words: string, now: Date): { plan: ChoosablePlan | null; rest: string; missing: string | null };
}

type Resolved = { kind: 'target'; target: SubscriptionTarget } | { kind: 'reply'; reply: Reply };

const reply = (text: string, choices: Choice[] = []): Reply => ({ text, choices, citations: [] });
const choice = (text: string, label = text): Choice => ({ label, text });
const isStoreFailure = (e: unknown): boolean =>
  e instanceof AppError && (e.code === 'store_unavailable' || e.code === 'store_corrupt');

/**
 * The subscription commands as a Bot middleware: 订阅 / 取消订阅 / 退订 / 我的订阅 / 近期截止 and the
 * Telegram-style /subscribe, /unsubscribe, /mysubs, /due. Anything else goes on to the engine.
 * A conversation id is the subscriber, so a group subscribes as a group; a web conversation's
 * subscriber is its browser (IncomingMessage.subscriberId), so every chat of the browser shares them.
 */
export function subscriptionHandler(deps: SubscriptionDeps): MessageHandler {
  const commands = new SubscriptionCommands(deps);
  return async (message, next) => {
    const command = parseCommand(message.text);
    return command ? commands.run(command, message) : next();
  };
}

class SubscriptionCommands {
  private readonly plans: PlanSet;

  constructor(private readonly deps: SubscriptionDeps) {
    this.plans = deps.plans?.set ?? singlePlanSet(deps.plan);
  }

  private get milestones(): Milestone[] {
    return allMilestones(this.plans);
  }

  /** The plan a target is in: its own key, else the default plan. */
  private planOf(target: SubscriptionTarget): Plan {
    return (target.plan ? this.plans.get(target.plan) : undefined)?.plan ?? this.plans.defaultEntry().plan;
  }

  /** "任务 4.1 …", with the plan's name when the target is in another plan than the default. */
  private label(target: SubscriptionTarget): string {
    const label = targetLabel(target, this.planOf(target).tasks);
    const entry = target.plan ? this.plans.get(target.plan) : undefined;
    return entry && entry !== this.plans.defaultEntry() ? `${label}（${entry.name}）` : label;
  }

  async run(command: Command, message: IncomingMessage): Promise<Reply> {
    // The subscriber: the conversation, or the browser a web conversation runs in.
    const owner = message.subscriberId ?? message.conversationId;
    if (command.kind === 'due') return this.due(owner, message.publicUrl);
    try {
      if (command.kind === 'list') return await this.list(owner);
      if (command.kind === 'unsubscribe') return await this.unsubscribe(owner, command.target);
      return await this.subscribe(message, owner, command.target);
    } catch (e) {
      if (!isStoreFailure(e)) throw e;
      // A change the store may still have applied (a Redis that timed out) must not be called
      // failed: say it is unknown, and how to find out. Subscribing again is harmless.
      const unknown =
        command.kind !== 'list' && e instanceof StoreUnavailableError && e.outcome === 'unknown';
      this.deps.logger.warn(
        {
          conversation: hashId(message.conversationId),
          err: describeError(e),
          outcome: unknown ? 'unknown' : 'failed',
        },
        'subscription command not confirmed: store unavailable',
      );
      return unknown
        ? reply(MESSAGES.storeOutcomeUnknown, [choice(MESSAGES.mySubscriptionsChoice)])
        : reply(MESSAGES.storeUnavailable);
    }
  }

  private async subscribe(message: IncomingMessage, conversationId: string, text: string): Promise<Reply> {
    const { store, policy, clock } = this.deps;
    if (!this.deps.pushPlatforms.includes(message.platform)) return reply(MESSAGES.subscribeUnsupported);
    if (!text) return reply(MESSAGES.subscribeUsage, this.examples());
    const resolved = this.resolve(text, VERBS.subscribe);
    if (resolved.kind === 'reply') return resolved.reply;
    const { target } = resolved;
    const plan = this.planOf(target);
    if (target.kind === 'agency' && !plan.tasks.some((t) => agencyConcerns(plan, target.agency, t)))
      return reply(MESSAGES.agencyWithoutTasks(target.agency));

    const now = clock.now();
    const added = await store.addSubscription({ conversationId, target, createdAt: now.toISOString() });
    // Subscribing again is how a conversation that was disabled (bot blocked, then unblocked) comes back.
    if ((await store.getSubscriberStatus(conversationId))?.disabled) {
      await store.setSubscriberStatus({
        conversationId,
        disabled: false,
        reason: null,
        updatedAt: now.toISOString(),
      });
    }
    const label = this.label(target);
    const when = policy.days.map((d) => (d === 0 ? '当天' : `前${d}天`)).join('、');
    const next = this.upcoming([target])[0];
    const lines = [
      added ? MESSAGES.subscribed(label, when, policy.at) : MESSAGES.alreadySubscribed(label),
      next
        ? MESSAGES.subscribedNext(
            `${milestoneWhen(next, now, policy.timeZone)} ${next.task.id} ${next.deadline.text}`,
          )
        : MESSAGES.subscribedNothingUpcoming,
    ];
    // The web page's chat id lives in one browser's storage; elsewhere the chat app is the address.
    if (message.platform === 'web') lines.push(MESSAGES.subscribedOnWeb);
    return reply(lines.join('\n'), [choice(MESSAGES.mySubscriptionsChoice), choice(MESSAGES.dueChoice)]);
  }

  private async unsubscribe(conversationId: string, text: string): Promise<Reply> {
    const { store } = this.deps;
    if (!text) {
      const own = await store.listSubscriptions(conversationId);
      const [only] = own;
      if (!only) return reply(MESSAGES.noSubscriptions, [choice(MESSAGES.subscribeAllChoice)]);
      if (own.length > 1) {
        // "退订 全部" removes everything, the whole-plan subscription included: one button for both.
        return reply(MESSAGES.unsubscribeWhich, [
          ...own
            .filter((s) => s.target.kind !== 'all')
            .map((s) => choice(`${VERBS.unsubscribe} ${this.words(s.target)}`, this.label(s.target))),
          choice(`${VERBS.unsubscribe} 全部`),
        ]);
      }
      await store.removeSubscriptions(conversationId, only.target);
      return reply(MESSAGES.unsubscribed(this.label(only.target)));
    }
    if (meansAll(text)) {
      const count = await store.removeSubscriptions(conversationId, null);
      return reply(count > 0 ? MESSAGES.unsubscribedAll(count) : MESSAGES.noSubscriptions);
    }
    const resolved = this.resolve(text, VERBS.unsubscribe);
    if (resolved.kind === 'reply') return resolved.reply;
    const label = this.label(resolved.target);
    if ((await store.removeSubscriptions(conversationId, resolved.target)) > 0)
      return reply(MESSAGES.unsubscribed(label));
    const own = await store.listSubscriptions(conversationId);
    return reply(
      MESSAGES.notSubscribedTo(label),
      own.map((s) => choice(`${VERBS.unsubscribe} ${this.words(s.target)}`, this.label(s.target))),
    );
  }

  private async list(conversationId: string): Promise<Reply> {
    const { store } = this.deps;
    const own = await store.listSubscriptions(conversationId);
    if (own.length === 0) return reply(MESSAGES.noSubscriptions, [choice(MESSAGES.subscribeAllChoice)]);
    const lines = [MESSAGES.mySubscriptions, ...own.map((s) => `· ${this.label(s.target)}`)];
    if ((await store.getSubscriberStatus(conversationId))?.disabled)
      lines.push(MESSAGES.subscriptionDisabled);
    return reply(lines.join('\n'), [choice(MESSAGES.dueChoice), choice(MESSAGES.unsubscribeChoice)]);
  }

  /** The whole plan's next deadlines, or the subscriber's own; still answers with the store down. */
  private async due(conversationId: string, publicUrl?: string): Promise<Reply> {
    const { store, clock, policy, logger } = this.deps;
    let targets: SubscriptionTarget[] = [];
    let note: string | undefined;
    try {
      targets = (await store.listSubscriptions(conversationId)).map((s) => s.target);
    } catch (e) {
      if (!isStoreFailure(e)) throw e;
      logger.warn({ err: describeError(e) }, '/due without subscriptions: store unavailable');
      note = MESSAGES.dueStoreFallback;
    }
    const scope = targets.length > 0 ? 'mine' : 'all';
    // Without subscriptions: every loaded plan's deadlines ahead, each named when not the default's.
    const everyPlan = this.plans.entries().map((e): SubscriptionTarget => ({ kind: 'all', plan: e.key }));
    const all = this.upcoming(scope === 'mine' ? targets : everyPlan);
    const upcoming = all.slice(0, this.deps.dueLimit ?? 8);
    return dueReply(upcoming, clock.now(), policy.timeZone, {
      scope,
      calendarUrl: this.calendarUrl(targets, publicUrl ?? this.deps.publicUrl),
      note,
      hidden: all.length - upcoming.length,
      planName: (task) => otherPlanName(this.plans, task),
    });
  }

  /** Milestones of `targets` whose deadline has not passed, soonest first. */
  private upcoming(targets: SubscriptionTarget[]): Milestone[] {
    const now = this.deps.clock.now().getTime();
    return milestonesFor(this.plans, this.milestones, targets).filter(
      (m) => deadlinePasses(m.deadline.date, this.deps.policy.timeZone).getTime() > now,
    );
  }

  /** The calendar feed under `publicUrl` (the request's, else PUBLIC_URL); null without either. */
  private calendarUrl(targets: SubscriptionTarget[], publicUrl: string | null): string | null {
    if (!publicUrl) return null;
    const base = `${publicUrl.replace(/\/+$/, '')}/calendar.ics`;
    const [only] = targets;
    return targets.length === 1 && only?.kind === 'agency'
      ? `${base}?agency=${encodeURIComponent(only.agency)}`
      : base;
  }

  /** The words that name a target again in a command: "2023年 4.1" for another plan's 4.1. */
  private words(target: SubscriptionTarget): string {
    const entry = target.plan ? this.plans.get(target.plan) : undefined;
    return entry ? `${entry.key} ${targetWords(target)}` : targetWords(target);
  }

  /** What a free-text target names; an unclear one becomes a choice, never a guess. */
  private resolve(input: string, verb: string): Resolved {
    let engine: Pick<Engine, 'lookup'> = this.deps.engine;
    let plan = this.deps.plan;
    let text = input;
    // Several plans: the words may name one ("订阅 2023 4.1", "订阅 成都 全部"); else the default.
    let planKey: { plan?: string } = {};
    if (this.deps.plans) {
      const chosen = this.deps.plans.choose(input, this.deps.clock.now());
      if (!chosen.plan)
        return {
          kind: 'reply',
          reply: reply(
            MESSAGES.planNotLoaded(
              chosen.missing ?? input,
              this.plans
                .entries()
                .map((e) => e.name)
                .join('、'),
            ),
          ),
        };
      ({ engine, plan } = chosen.plan);
      text = chosen.rest || '全部';
      if (chosen.plan !== this.deps.plans.set.defaultEntry()) planKey = { plan: chosen.plan.key };
    }
    const prefix = planKey.plan ? `${planKey.plan} ` : '';
    if (meansAll(text)) return { kind: 'target', target: { kind: 'all', ...planKey } };
    const found = engine.lookup(text);
    switch (found.kind) {
      case 'agency':
        return { kind: 'target', target: { kind: 'agency', agency: found.agency, ...planKey } };
      case 'task':
        return { kind: 'target', target: { kind: 'task', taskId: found.taskId, ...planKey } };
      case 'ambiguous': {
        const tasks = found.taskIds.flatMap((id) => plan.tasks.filter((t) => t.id === id));
        return {
          kind: 'reply',
          reply: reply(
            MESSAGES.targetAmbiguous(text),
            tasks.map((t) => choice(`${verb} ${prefix}${t.id}`, `${t.id} ${t.title}`)),
          ),
        };
      }
      case 'none':
        return { kind: 'reply', reply: reply(MESSAGES.targetNotFound(text), this.examples()) };
    }
  }

  /** Example commands taken from the plan itself: the next deadline's task and its lead. */
  private examples(): Choice[] {
    const next = this.upcoming([{ kind: 'all' }])[0] ?? this.milestones[0];
    const examples: string[] = [MESSAGES.subscribeAllChoice];
    if (next) examples.push(`${VERBS.subscribe} ${next.task.id}`);
    if (next?.task.leads[0]) examples.push(`${VERBS.subscribe} ${next.task.leads[0]}`);
    return examples.map((e) => choice(e));
  }
}
