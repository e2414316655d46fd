import { VirtualClock } from './virtual-clock';

describe('VirtualClock', () => {
  it('runs speed times as fast as the wall clock from startAt', () => {
    let wall = 1_000;
    const clock = new VirtualClock({ startAt: 50_000, speed: 600, wallClock: () => wall });
    wall += 100;
    expect(clock.now()).toBe(50_000 + 60_000);
  });

  it('holds time at startAt until start(), then runs from that moment', () => {
    let wall = 1_000;
    const clock = new VirtualClock({ startAt: 50_000, speed: 600, held: true, wallClock: () => wall });
    wall += 2_000; // the host loading the app
    expect(clock.now()).toBe(50_000);
    clock.start();
    wall += 100;
    expect(clock.now()).toBe(50_000 + 60_000);
    clock.close();
  });

  it('fires nothing due after startAt while held', async () => {
    const clock = new VirtualClock({ startAt: 0, speed: 1_000_000, held: true });
    const fired: string[] = [];
    clock.schedule(0, () => void fired.push('due now'));
    clock.schedule(1, () => void fired.push('later'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fired).toEqual(['due now']);
    clock.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fired).toEqual(['due now', 'later']);
    clock.close();
  });

  it('ignores held in manual mode', () => {
    const clock = new VirtualClock({ mode: 'manual', startAt: 5, held: true });
    expect(clock.now()).toBe(5);
  });
});
