import type { Role } from '../domain/access.js';
import type { ActorRef } from '../domain/case/case-event.js';

/** A signed-in member of staff, through a browser session or an API token. */
export type Staff = {
  userId: string;
  name: string;
  roles: Role[];
  apiToken?: { id: string; name: string } | undefined;
};

export function staffActor(staff: Staff): ActorRef {
  return staff.apiToken
    ? { kind: 'api_token', userId: staff.userId, tokenId: staff.apiToken.id, name: staff.name }
    : { kind: 'user', userId: staff.userId, name: staff.name };
}
