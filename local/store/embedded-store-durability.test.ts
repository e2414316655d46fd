import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Journal } from '../persistence/journal';
import { EmbeddedDocumentStore } from './embedded-store';

describe('EmbeddedDocumentStore on a journal folder', () => {
  const definition = { name: 'accounts', partitionKeyPath: '/accountId' };
  let directory: string;
  let journal: Journal;
  const file = () => path.join(directory, 'journal.log');
  const lines = () =>
    fs
      .readFileSync(file(), 'utf8')
      .split('\n')
      .filter((l) => l !== '').length;
  const reopen = () => {
    journal.close();
    journal = Journal.open({ directory });
    return new EmbeddedDocumentStore({ journal });
  };

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-durability-'));
    journal = Journal.open({ directory });
  });
  afterEach(() => {
    journal.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('writes a whole batch as one journal line and a failed batch as none', async () => {
    const accounts = await new EmbeddedDocumentStore({ journal }).container(definition);
    await accounts.create({ id: 'a1', accountId: 'a1', balance: 100 });
    const before = lines();
    await accounts.batch(
      [
        { operationType: 'Replace', id: 'a1', resourceBody: { id: 'a1', accountId: 'a1', balance: 90 } },
        { operationType: 'Create', resourceBody: { id: 'charge-1', accountId: 'a1', amount: 10 } },
        { operationType: 'Create', resourceBody: { id: 'outbox-1', accountId: 'a1' } },
      ],
      'a1',
    );
    expect(lines()).toBe(before + 1);
    await expect(
      accounts.batch(
        [
          { operationType: 'Replace', id: 'a1', resourceBody: { id: 'a1', accountId: 'a1', balance: 80 } },
          { operationType: 'Create', resourceBody: { id: 'charge-1', accountId: 'a1', amount: 10 } },
        ],
        'a1',
      ),
    ).rejects.toMatchObject({ code: 'batch-failed', statusCode: 409, operationIndex: 1 });
    expect(lines()).toBe(before + 1);

    const reopened = await reopen().container(definition);
    expect(await reopened.read('a1', 'a1')).toMatchObject({ balance: 90 });
    expect((await reopened.query({ partitionKey: 'a1' })).map((d) => d.id).sort()).toEqual([
      'a1',
      'charge-1',
      'outbox-1',
    ]);
  });

  it('recovers from a torn last line: the unfinished commit is gone, everything before it stays', async () => {
    const accounts = await new EmbeddedDocumentStore({ journal }).container(definition);
    const kept = await accounts.create({ id: 'a1', accountId: 'a1', balance: 100 });
    const cursor = (await accounts.readChangeFeed()).continuation;
    journal.close();
    // A crash in the middle of write(2): half of a commit line, no newline.
    fs.appendFileSync(file(), '[["store:docs:accounts","[\\"a1\\",\\"a2\\"]",{"id":"a2","acc');
    journal = Journal.open({ directory });

    const reopened = await new EmbeddedDocumentStore({ journal }).container(definition);
    expect(await reopened.read('a1', 'a1')).toEqual(kept);
    expect(await reopened.read('a2', 'a1')).toBeUndefined();
    await reopened.create({ id: 'a2', accountId: 'a1', balance: 5 });
    expect((await reopened.readChangeFeed({ continuation: cursor })).items.map((d) => d.id)).toEqual(['a2']);

    const again = await reopen().container(definition);
    expect(await again.read('a2', 'a1')).toMatchObject({ balance: 5 });
  });

  it('persists container definitions: reopening with another partition key path fails clearly', async () => {
    await (
      await new EmbeddedDocumentStore({ journal }).container(definition)
    ).create({ id: 'a1', accountId: 'a1' });
    const store = reopen();
    await expect(store.container({ name: 'accounts', partitionKeyPath: '/customerId' })).rejects.toThrow(
      'container "accounts" already exists with partition key path /accountId',
    );
    expect(store.findContainer('accounts')?.definition).toEqual(definition);
  });
});
