import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Journal } from './journal';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));

describe('Journal', () => {
  it('keeps every commit across a reopen and applies a multi-record commit whole', () => {
    const dir = tempDir();
    const first = Journal.open({ directory: dir });
    first.commit([
      { collection: 'c', key: 'a', value: 1 },
      { collection: 'c', key: 'b', value: 2 },
    ]);
    first.commit([{ collection: 'c', key: 'a' }]);
    first.close();
    const second = Journal.open({ directory: dir });
    expect([...second.collection('c').entries()]).toEqual([['b', 2]]);
    second.close();
  });

  it('refuses a state folder another running process holds, and takes over one left by a dead process', async () => {
    const dir = tempDir();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.writeFileSync(path.join(dir, 'journal.lock'), String(holder.pid));
      expect(() => Journal.open({ directory: dir })).toThrow(
        `is in use by another bakery runtime (pid ${holder.pid})`,
      );
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    const journal = Journal.open({ directory: dir });
    expect(fs.readFileSync(path.join(dir, 'journal.lock'), 'utf8')).toBe(String(process.pid));
    journal.close();
    expect(fs.existsSync(path.join(dir, 'journal.lock'))).toBe(false);
  });

  it('starts empty with fresh, without touching a folder someone else holds', () => {
    const dir = tempDir();
    const first = Journal.open({ directory: dir });
    first.commit([{ collection: 'c', key: 'a', value: 1 }]);
    first.close();
    const fresh = Journal.open({ directory: dir, fresh: true });
    expect(fresh.collection('c').size).toBe(0);
    fresh.close();
  });

  it('keeps committing when compaction cannot write its temporary file', () => {
    const dir = tempDir();
    const journal = Journal.open({ directory: dir, compactAfter: 2 });
    fs.mkdirSync(path.join(dir, 'journal.log.tmp')); // compaction's temp file cannot be created now
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      for (let i = 0; i < 10; i++) journal.commit([{ collection: 'c', key: 'k', value: i }]);
      expect(warn).toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    journal.close();
    fs.rmdirSync(path.join(dir, 'journal.log.tmp'));
    const reopened = Journal.open({ directory: dir });
    expect(reopened.get('c', 'k')).toBe(9);
    reopened.close();
  });
});
