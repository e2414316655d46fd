import * as path from 'node:path';
import { deployedTopology, subscriptionsInCode } from './deployed';
import {
  root,
  read,
  deployed,
  generatedTopology,
  mainBicep,
  serviceBusBicep,
  ROLE,
  resourceBlocks,
  moduleBlock,
  walk,
} from './infra-test-kit';

/** Service Bus: the deployed topology and its roles. */
describe('Service Bus topology: only what deployed code publishes or reads', () => {
  const topology = deployedTopology(generatedTopology, deployed);

  it('cuts the generated topology in Bicep by the deployed services (servicebus.bicep, main.bicep)', () => {
    expect(serviceBusBicep).toMatch(/^param deployedServices array$/m);
    expect(serviceBusBicep).toMatch(
      /var topicsInUse = filter\(topology\.topics, t => contains\(deployedServices, t\.name\) \|\| length\(filter\(t\.subscriptions, s => contains\(deployedServices, s\.name\)\)\) > 0\)/,
    );
    expect(serviceBusBicep).toMatch(
      /subscriptions: filter\(t\.subscriptions, s => contains\(deployedServices, s\.name\)\)/,
    );
    // Every resource loop runs over the cut topology, never the whole catalog.
    expect(serviceBusBicep).not.toMatch(/\bfor\b[^\n]*\btopology\.topics\b/);
    expect(serviceBusBicep).not.toMatch(/range\(0, length\(topology\.topics\)\)/);
    expect(moduleBlock(mainBicep, 'serviceBus')).toMatch(/deployedServices: serviceNames/);
  });

  it('has a subscription exactly where deployed code subscribes (none that nobody reads)', () => {
    const inInfra = topology.topics
      .flatMap((t) => t.subscriptions.map((s) => `${s.name}-on-${t.name}`))
      .sort();
    const inCode = deployed
      .flatMap((service) =>
        subscriptionsInCode(
          walk(path.join(root, 'functions', service))
            .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
            .map(read),
        ).map((s) => {
          expect(s.consumer).toBe(service);
          return `${s.consumer}-on-${s.topic}`;
        }),
      )
      .sort();
    expect(inInfra).toEqual(inCode);
  });

  it('keeps a topic for every deployed publisher and none for a topic nobody publishes or reads', () => {
    const names = topology.topics.map((t) => t.name);
    for (const t of generatedTopology.topics.filter((t) => deployed.includes(t.name)))
      expect(names).toContain(t.name);
    for (const t of topology.topics)
      expect(deployed.includes(t.name) || t.subscriptions.length > 0).toBe(true);
    // A service not deployed (none is planned once every service is built) has no subscriptions in infra.
    const subscribers = new Set(topology.topics.flatMap((t) => t.subscriptions.map((s) => s.name)));
    for (const name of subscribers) expect(deployed).toContain(name);
  });
});

describe('Service Bus roles (infra/modules/servicebus.bicep)', () => {
  const assignments = resourceBlocks(serviceBusBicep).filter((r) =>
    r.type.startsWith('Microsoft.Authorization/roleAssignments@'),
  );
  const roleOf = (body: string) => {
    const variable = /roleDefinitionId:\s*(\w+)/.exec(body)?.[1] ?? '';
    return new RegExp(`var ${variable} = [^\n]*'([0-9a-f-]{36})'`).exec(serviceBusBicep)?.[1];
  };

  it('gives each trigger identity Data Owner (Manage, read by the scale controller) on its own subscriptions only', () => {
    const onSubscriptions = assignments.filter((r) => /scope:\s*topicSubscriptions\[/.test(r.body));
    expect(onSubscriptions.length).toBeGreaterThan(0);
    for (const r of onSubscriptions) {
      expect({ name: r.name, role: roleOf(r.body) }).toEqual({
        name: r.name,
        role: ROLE.serviceBusDataOwner,
      });
      // The principal is the one named after the subscription, i.e. the consuming service.
      expect(r.body).toMatch(/servicePrincipalIds\[\?s\.name\]/);
    }
  });

  it('grants no Service Bus role at namespace scope and no Data Receiver-only trigger', () => {
    expect(assignments.filter((r) => /scope:\s*namespace\b/.test(r.body)).map((r) => r.name)).toEqual([]);
    expect(serviceBusBicep).not.toContain(ROLE.serviceBusDataReceiver);
  });

  it('gives each publisher Data Sender on its own topic', () => {
    const onTopics = assignments.filter((r) => /scope:\s*topics\[/.test(r.body));
    expect(onTopics.map((r) => roleOf(r.body))).toEqual([ROLE.serviceBusDataSender]);
  });
});
