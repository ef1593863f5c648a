import { describe, expect, it } from 'vitest';
import { TEMPLATE_IDS, checkTemplateText, defaultTextOf, exampleValuesOf, normaliseTemplateText, renderTemplate } from './mail-templates.js';

const COMMON = { organisationName: 'Example Organisation', contactEmail: 'complaints@example.org' };

describe('mail templates', () => {
  it('every default checks out against its own placeholders and renders its examples without a blank placeholder', () => {
    for (const id of TEMPLATE_IDS) {
      expect(checkTemplateText(id, defaultTextOf(id)), id).toEqual([]);
      const rendered = renderTemplate(defaultTextOf(id), exampleValuesOf(id));
      expect(rendered.subject, id).not.toBe('');
      expect(rendered.body, id).not.toMatch(/\{\{|\}\}|Dear ,/);
    }
  });

  it('renders plain text: nothing is HTML-escaped, and a section drops its line when the value is missing', () => {
    const values = { name: 'Seán O’Brien & Co <sean@example.test>', reference: 'RDR-1', receivedOn: '2026-03-02', stageDescription: 'We read it.', triageBy: null, concludeBy: '2026-09-02', ...COMMON };
    const rendered = renderTemplate(defaultTextOf('complaint_acknowledged'), values);
    expect(rendered.body).toContain('Dear Seán O’Brien & Co <sean@example.test>,');
    expect(rendered.body).not.toContain('Triage will begin');
    expect(rendered.body).toContain('- We read it.\n- We aim to conclude every complaint by 2026-09-02.');
    const withTriage = renderTemplate(defaultTextOf('complaint_acknowledged'), { ...values, name: null, triageBy: '2026-03-09' });
    expect(withTriage.body.startsWith('Hello,\n')).toBe(true);
    expect(withTriage.body).toContain('- We read it.\n- Triage will begin by 2026-03-09.\n- We aim');
  });

  it('lists a list one line per item', () => {
    const rendered = renderTemplate(defaultTextOf('interim_measure_imposed'), { ...exampleValuesOf('interim_measure_imposed'), effects: ['No voting', 'No candidacy'] });
    expect(rendered.body).toContain('from 2026-03-16:\n- No voting\n- No candidacy\n\nReasons:');
  });

  it('keeps the subject to one line whatever the values hold', () => {
    expect(renderTemplate({ subject: 'About {{reference}}', body: 'x' }, { reference: 'RDR-1\nBcc: someone@example.test' }).subject).toBe('About RDR-1 Bcc: someone@example.test');
  });

  it('refuses a placeholder the template does not have, naming the field and the placeholders it has', () => {
    const issues = checkTemplateText('complaint_acknowledged', { subject: 'Received {{refrence}}', body: 'Dear {{nmae}},\n{{reference}}' });
    expect(issues.map((issue) => issue.field)).toEqual(['subject', 'body']);
    expect(issues[0]!.message).toContain('{{refrence}} is not a placeholder of this e-mail');
    expect(issues[0]!.message).toContain('{{reference}}');
    expect(issues[1]!.message).toContain('{{nmae}}');
  });

  it('refuses unpaired sections, partials, a list written as a value, {{.}} outside a section, and a missing required placeholder', () => {
    const field = (id: Parameters<typeof checkTemplateText>[0], body: string) => checkTemplateText(id, { subject: 'S', body }).map((issue) => issue.message);
    expect(field('complaint_stage_changed', '{{#dueOn}}by {{dueOn}}')[0]).toContain('do not pair up');
    expect(field('complaint_stage_changed', '{{> footer}}')[0]).toContain('includes another template');
    expect(field('interim_measure_imposed', '{{effects}} {{reasons}}')[0]).toContain('is a list');
    expect(field('complaint_stage_changed', '{{.}}')[0]).toContain('inside a section');
    expect(field('notice_of_complaint', 'Dear {{name}}, {{coveringLetter}}')).toEqual([expect.stringContaining('must include {{portalLink}}')]);
    expect(field('notice_of_complaint', 'Dear {{name}}, {{{coveringLetter}}} {{& portalLink}} {{! a comment }}')).toEqual([]);
    expect(checkTemplateText('complaint_concluded', { subject: '  ', body: '' }).map((issue) => issue.field)).toEqual(['subject', 'body']);
  });

  it('normalises what a form sends: CRLF line endings, a subject on one line', () => {
    expect(normaliseTemplateText({ subject: '  Hello\r\n {{reference}} ', body: 'a\r\nb\r\n\r\n' })).toEqual({ subject: 'Hello {{reference}}', body: 'a\nb' });
  });
});
