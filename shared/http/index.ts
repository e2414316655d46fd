export { handle, type HttpHandler } from './handle';
export { json } from './json';
export { PROBLEM_CONTENT_TYPE, problemResponse, toProblem, type ProblemDetails } from './problem';
export { readJson } from './read-json';
