import type { z } from 'zod';
import type { FieldIssue } from '../../domain/errors.js';
import { list, text, type FormFields } from '../form-body.js';

/** Turns the complaint form's flat field names into the shape the complaint schema reads. */
export function complaintFromForm(fields: FormFields): Record<string, unknown> {
  const links = [0, 1, 2]
    .map((index) => text(fields, `links.${index}.url`)?.trim())
    .filter((url): url is string => Boolean(url))
    .map((url) => ({ url }));
  return {
    relation: text(fields, 'relation'),
    anonymous: text(fields, 'anonymous') === 'yes',
    complainant: { name: text(fields, 'complainant.name'), email: text(fields, 'complainant.email'), phone: text(fields, 'complainant.phone') },
    respondent: { name: text(fields, 'respondent.name') ?? '', membershipNumber: text(fields, 'respondent.membershipNumber'), unit: text(fields, 'respondent.unit') },
    summary: text(fields, 'summary') ?? '',
    description: text(fields, 'description') ?? '',
    incidentDate: text(fields, 'incidentDate'),
    location: text(fields, 'location'),
    onlinePlatform: text(fields, 'onlinePlatform'),
    onlineUrl: text(fields, 'onlineUrl'),
    perception: text(fields, 'perception'),
    clauses: list(fields, 'clauses'),
    links,
  };
}

/** Zod issues as form issues, with the dotted paths the form's field names use. */
export { issuesOf } from '../../domain/errors.js';
