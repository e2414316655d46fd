import { app } from '@azure/functions';
import { health, type HealthDependencies } from './health.http';

export function registerHealth(dependencies: HealthDependencies): void {
  app.http('health', {
    methods: ['GET'],
    route: 'health',
    authLevel: 'anonymous',
    handler: health(dependencies),
  });
}
