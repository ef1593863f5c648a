import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database.js';

/** Repositories run on the database or inside a use case's transaction alike. */
export type Executor = Kysely<Database> | Transaction<Database>;

export const flag = (value: boolean): number => (value ? 1 : 0);
