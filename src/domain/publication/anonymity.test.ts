import { describe, expect, it } from 'vitest';
import { checkAnonymity, distinctFlags, flagKey, unresolvedFlags, type CaseIdentifiers } from './anonymity.js';

const IDENTIFIERS: CaseIdentifiers = {
  names: ['Councillor Gerald Fictional', 'Ruth Example', 'Cara Manager', '[erased]'],
  membershipNumbers: ['X77/12'],
  caseReferences: ['RDR-2026-000123'],
};
const OPTIONS = { membershipNumberPattern: 'M-\\d+', latestBirthYear: 2016 };

const check = (facts: string, reasons = '') => checkAnonymity({ facts, reasons }, IDENTIFIERS, OPTIONS);
const kindsIn = (facts: string) => check(facts).map((flag) => [flag.kind, flag.text]);

describe('the anonymity check', () => {
  it('passes a summary with nothing identifying in it', () => {
    expect(check('A member posted messages in a branch group repeating a conspiracy theory about Jewish people.', 'The panel found the messages breached the code.')).toEqual([]);
  });

  it('flags whole names and surnames alone, whatever their case, but not a surname inside a longer word', () => {
    expect(kindsIn('councillor gerald fictional wrote; later FICTIONAL said so; Exampled is not a name.')).toEqual([
      ['name', 'councillor gerald fictional'],
      ['name', 'FICTIONAL'],
    ]);
    expect(kindsIn('Ruth  Example complained.')).toEqual([['name', 'Ruth  Example']]);
  });

  it('ignores erased placeholders as names', () => {
    expect(check('The record says [erased] here.')).toEqual([]);
  });

  it('flags the case’s membership numbers and anything of the membership-number pattern', () => {
    expect(kindsIn('Member X77/12 and member m-4521 were present.')).toEqual([
      ['membership_number', 'X77/12'],
      ['membership_number', 'm-4521'],
    ]);
  });

  it('flags e-mail addresses, phone numbers, web addresses and handles', () => {
    expect(kindsIn('Write to someone@example.org or ring 07700 900123 or +44 20 7946 0958.')).toEqual([
      ['email', 'someone@example.org'],
      ['phone', '07700 900123'],
      ['phone', '+44 20 7946 0958'],
    ]);
    expect(kindsIn('See https://social.example/posts/1, www.example.com and example.co.uk/page. Posted as @branch_voice.')).toEqual([
      ['url', 'https://social.example/posts/1'],
      ['url', 'www.example.com'],
      ['url', 'example.co.uk/page'],
      ['handle', '@branch_voice'],
    ]);
  });

  it('flags postcodes, the case reference and other references', () => {
    expect(kindsIn('The meeting at SW1A 1AA, case RDR-2026-000123, and ABC-2025-000001.')).toEqual([
      ['postcode', 'SW1A 1AA'],
      ['case_reference', 'RDR-2026-000123'],
      ['case_reference', 'ABC-2025-000001'],
    ]);
  });

  it('flags full dates that could be dates of birth, not recent dates or years alone', () => {
    expect(kindsIn('Born 12/03/1985, or 3 March 1979, or March 3, 1990; the meeting on 12 February 2026 and in 1985.')).toEqual([
      ['date_of_birth', '12/03/1985'],
      ['date_of_birth', '3 March 1979'],
      ['date_of_birth', 'March 3, 1990'],
    ]);
  });

  it('gives each flag its field and offsets, and one flag where matches overlap', () => {
    const flags = checkAnonymity({ facts: 'Mail ruth.example@example.org now.', reasons: 'Ruth Example agreed.' }, IDENTIFIERS, OPTIONS);
    expect(flags).toEqual([
      { kind: 'email', field: 'facts', text: 'ruth.example@example.org', start: 5, end: 29 },
      { kind: 'name', field: 'reasons', text: 'Ruth Example', start: 0, end: 12 },
    ]);
  });

  it('treats a flag marked not identifying as resolved wherever and however it recurs', () => {
    const flags = check('Fictional spoke. Later fictional spoke again. Call 07700 900123.');
    expect(distinctFlags(flags)).toHaveLength(2);
    const accepted = [{ key: flagKey({ kind: 'name', text: 'FICTIONAL' }), reason: 'A common word here, not the surname.', by: 'x', at: 'y' }];
    expect(unresolvedFlags(flags, accepted).map((flag) => flag.kind)).toEqual(['phone']);
  });
});
