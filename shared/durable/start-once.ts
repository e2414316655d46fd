import type { DurableClient } from 'durable-functions';

export type StartResult = 'started' | 'already-done';

/**
 * Starts an orchestration under a deterministic instance id unless that id was ever used. A
 * redelivered message, a timer firing twice or a duplicate event thus runs the work once.
 *
 * Durable refuses `startNew` for an id that is Pending or Running (409), but would *restart* a
 * completed one, so the status is checked first; the 409 covers the race between two deliveries.
 */
export async function startOnce(
  client: DurableClient,
  orchestrator: string,
  instanceId: string,
  input: unknown,
): Promise<StartResult> {
  if (await exists(client, instanceId)) return 'already-done';
  try {
    await client.startNew(orchestrator, { instanceId, input });
    return 'started';
  } catch (error) {
    if (/status code: 409\b/.test(messageOf(error))) return 'already-done';
    throw error;
  }
}

async function exists(client: DurableClient, instanceId: string): Promise<boolean> {
  try {
    await client.getStatus(instanceId, { showHistory: false, showHistoryOutput: false, showInput: false });
    return true;
  } catch (error) {
    // durable-functions reports an unknown instance as an error naming the HTTP 404.
    if (/HTTP 404\b/.test(messageOf(error))) return false;
    throw error;
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
