import { isDomainError, type DomainError } from '../../src/domain/errors.js';

/**
 * The DomainError a refused use case threw; fails the test if it succeeded or
 * threw anything else.
 */
export async function refusal(action: () => Promise<unknown>): Promise<DomainError> {
  try {
    await action();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected the use case to be refused, but it succeeded');
}

/**
 * The event types written since `before`: a refused attempt to open a case
 * leaves its `access_refused` record and nothing else.
 */
export function typesAddedSince(before: readonly { type: string }[], after: readonly { type: string }[]): string[] {
  return after.slice(before.length).map((event) => event.type);
}
