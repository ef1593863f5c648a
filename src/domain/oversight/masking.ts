/**
 * The overseer may read the desk with the parties' identities masked: names
 * and membership numbers of complainants and respondents become their role.
 * Staff names are never masked; who did what is what oversight is for.
 */
export type PartyIdentity = { role: 'complainant' | 'respondent'; name: string | null; membershipNumber?: string | null };

export function partyLabel(identity: PartyIdentity, masked: boolean): string {
  const role = identity.role === 'complainant' ? 'Complainant' : 'Respondent';
  if (masked || !identity.name) return `${role} (identity masked)`;
  return identity.membershipNumber ? `${identity.name} (${identity.membershipNumber})` : identity.name;
}
