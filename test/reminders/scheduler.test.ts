import { makeEmbeddedHarness } from '../store/embedded-harness.ts';
import { makeRedisHarness } from '../store/redis-harness.ts';
import { describeSchedulerBehaviour } from './scheduler-behaviour.ts';

describeSchedulerBehaviour('embedded', makeEmbeddedHarness);
describeSchedulerBehaviour('redis', makeRedisHarness);
