export { handle, type HttpHandler } from './handle';
export { json } from './json';
export {
  PROBLEM_CONTENT_TYPE,
  problemResponse,
  problemResponseOptions,
  toProblem,
  type ProblemDetails,
  type ProblemResponseOptions,
} from './problem';
export { parseJsonBody, readJson, type JsonBodyResult } from './read-json';
export {
  defineRoute,
  httpFunction,
  registerRoute,
  type RouteAuth,
  type RouteDeclaration,
  type RouteHandler,
  type RouteInput,
  type RouteOptions,
  type RouteReply,
} from './route';
