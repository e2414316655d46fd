/** The bus takes the topology exactly as the event catalog derives it (and Bicep deploys it). */
export type {
  Topology,
  TopicDefinition,
  SubscriptionDefinition,
  RuleDefinition,
  CorrelationFilter,
} from '../../shared/events/topology';
