import { describe, expect, it } from 'vitest';
import { DeliveryLeases } from '../../src/store/delivery-leases.ts';

describe('delivery leases in memory', () => {
  it('holds a lease until it expires, then forgets it', () => {
    const leases = new DeliveryLeases();
    expect(leases.state('u', 0)).toBeNull();
    leases.take('u', 10_000, 0);
    expect(leases.state('u', 9_999)).toBe('live');
    expect(leases.state('u', 10_000)).toBeNull();
    expect(leases.size).toBe(0);
  });

  it('drops a lease when it is abandoned', () => {
    const leases = new DeliveryLeases();
    leases.take('u', 10_000, 0);
    leases.drop('u');
    expect(leases.state('u', 1)).toBeNull();
    leases.drop('never taken');
    expect(leases.size).toBe(0);
  });

  it('holds a lease whose done mark is being written, past its expiry and through an abandon', () => {
    const leases = new DeliveryLeases();
    leases.take('u', 10_000, 0);
    leases.finishing('u', 5_000);
    leases.drop('u');
    expect(leases.state('u', 60_000)).toBe('finishing');
    leases.finished('u', true);
    expect(leases.state('u', 0)).toBeNull();
  });

  it('keeps the lease until it expires when its done mark could not be written', () => {
    const leases = new DeliveryLeases();
    leases.take('u', 10_000, 0);
    leases.finishing('u', 5_000);
    leases.finished('u', false);
    expect(leases.state('u', 9_999)).toBe('live');
    expect(leases.state('u', 10_000)).toBeNull();
  });

  it('holds a key finished without a lease only while its done mark is being written', () => {
    const leases = new DeliveryLeases();
    leases.finishing('u', 5_000);
    expect(leases.state('u', 5_000)).toBe('finishing');
    leases.finished('u', false);
    expect(leases.state('u', 5_000)).toBeNull();
  });

  it('holds a lease until the last of two writes of its done mark has ended', () => {
    const leases = new DeliveryLeases();
    leases.take('u', 10_000, 0);
    leases.finishing('u', 1);
    leases.finishing('u', 2);
    leases.finished('u', true);
    expect(leases.state('u', 3)).toBe('finishing');
    leases.finished('u', true);
    expect(leases.state('u', 3)).toBeNull();
  });

  it('sweeps expired leases out once the map passes its bound, so a flood of keys stays bounded', () => {
    const leases = new DeliveryLeases(100);
    // Ten thousand updates, one every millisecond, each leased for 10 ms and never finished.
    for (let t = 0; t < 10_000; t++) leases.take(`update:${t}`, t + 10, t);
    expect(leases.size).toBeLessThanOrEqual(100);
    // The live ones are kept: the last ten.
    for (let t = 9_990; t < 10_000; t++) expect(leases.state(`update:${t}`, 9_999)).toBe('live');
  });

  it('never sweeps a live lease or one being finished, and grows its bound to hold them', () => {
    const leases = new DeliveryLeases(100);
    leases.take('finishing', 0, 0);
    leases.finishing('finishing', 0);
    for (let i = 0; i < 1_000; i++) leases.take(`live:${i}`, 60_000, 1);
    expect(leases.size).toBe(1_001);
    expect(leases.state('finishing', 2)).toBe('finishing');
    expect(leases.state('live:0', 2)).toBe('live');
  });
});
