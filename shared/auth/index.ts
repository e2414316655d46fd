export {
  createTokenVerifier,
  requireRole,
  type Principal,
  type Role,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './verify-token';
