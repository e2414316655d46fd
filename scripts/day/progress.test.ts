import { bar, progress } from './progress';

describe('the progress bar', () => {
  it('draws the share done', () => {
    expect(bar(0, 10)).toBe('[----------]   0%');
    expect(bar(0.55, 10)).toBe('[######----]  55%');
    expect(bar(1.2, 10)).toBe('[##########] 100%');
  });

  it('on a pipe, writes a plain line at each tenth of the way and a last one', () => {
    const out: string[] = [];
    const p = progress({ write: (t: string) => out.push(t), isTTY: false }, 'day');
    for (let i = 0; i <= 100; i++) p.update(i / 100, `step ${i}`);
    p.done('done');
    expect(out).toHaveLength(12);
    expect(out.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
    expect(out[3]).toContain('step 30');
    expect(out[11]).toContain('100% done');
  });

  it('on a terminal, redraws in place at most every 100 ms and ends with a newline', () => {
    const out: string[] = [];
    let now = 0;
    const p = progress({ write: (t: string) => out.push(t), isTTY: true, columns: 60 }, 'day', () => now);
    p.update(0.1, 'a');
    p.update(0.2, 'b'); // too soon: not drawn
    now = 150;
    p.update(0.3, 'c');
    p.done('end');
    expect(out.filter((t) => t.startsWith('\r'))).toHaveLength(3);
    expect(out.join('')).not.toContain(' b');
    expect(out[out.length - 1]).toBe('\n');
    expect(out.every((t) => t === '\n' || t.length === 60)).toBe(true);
  });
});
