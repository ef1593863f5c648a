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
