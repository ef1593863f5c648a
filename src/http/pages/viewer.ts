import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageStaff } from '../plugins/staff-auth.js';

/** The signed-in person as the page layout shows them, with a fresh CSRF token for the page's forms. */
export function viewerOf(request: FastifyRequest, reply: FastifyReply) {
  const staff = pageStaff(request);
  return { userId: staff.userId, name: staff.name, roles: staff.roles as string[], csrfToken: reply.generateCsrf() };
}
