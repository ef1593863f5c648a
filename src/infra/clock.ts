/** The time source every use case receives; tests pass a fixed or stepping clock. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };
