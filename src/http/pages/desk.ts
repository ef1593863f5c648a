import type { FastifyReply, FastifyRequest } from 'fastify';
import { assertPermission } from '../../services/cases/case-access.js';
import { pageStaff } from '../plugins/staff-auth.js';
import { viewerOf } from './viewer.js';

/**
 * What a desk page needs from its request: the overseer (refused without
 * oversight.read), and the masking choice (masked unless asked otherwise).
 */
export function deskRequest(request: FastifyRequest, reply: FastifyReply, organisation: string) {
  const staff = pageStaff(request);
  assertPermission(staff, 'oversight.read', 'read the overseer’s desk');
  const masked = (request.query as { identities?: string } | undefined)?.identities !== 'shown';
  return { staff, masked, props: { organisation, viewer: viewerOf(request, reply), masked } };
}
