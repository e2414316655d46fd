import { registerRoute } from '../../shared/http';
import { health, healthRoute, type HealthDependencies } from './health.http';

/** The health function's route declaration (for docs/openapi.json). */
export const httpRoutes = () => ({ health: healthRoute });

export function registerHealth(dependencies: HealthDependencies): void {
  registerRoute(healthRoute, health(dependencies));
}
