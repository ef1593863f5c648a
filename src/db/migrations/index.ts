import type { Migration } from 'kysely';
import * as createCoreSchema from './2026_11_29_0900_create_core_schema.js';
import * as createLedger from './2026_11_29_1200_create_ledger.js';
import * as allowPayloadErasure from './2026_11_29_1300_allow_payload_erasure.js';
import * as dueProcess from './2026_11_29_1400_due_process.js';
import * as interimMeasures from './2026_11_29_1500_interim_measures.js';
import * as caseMessages from './2026_11_29_1600_case_messages.js';
import * as reminders from './2026_11_29_1700_reminders.js';
import * as mailTemplates from './2026_11_29_1800_mail_templates.js';
import * as evidenceRoles from './2026_11_29_1900_evidence_roles.js';
import * as oversight from './2026_11_29_2000_oversight.js';
import * as singleSignOn from './2026_11_29_2100_single_sign_on.js';
import * as subjectAccess from './2026_11_29_2200_subject_access.js';
import * as retention from './2026_11_29_2300_retention.js';
import * as auditsAndSurvey from './2026_11_29_2400_audits_and_survey.js';
import * as publishedDecisions from './2026_11_29_2500_published_decisions.js';
import * as commitments from './2026_11_29_2600_commitments.js';
import * as statisticsIndexes from './2026_11_29_2700_statistics_indexes.js';
import * as commitmentDocuments from './2026_11_29_2800_commitment_documents.js';
// (imports of later migrations go above this line, in name order)

/** Every migration, in order. Names are timestamps so the order is the names' order. */
export const MIGRATIONS: Record<string, Migration> = {
  '2026_11_29_0900_create_core_schema': createCoreSchema,
  '2026_11_29_1200_create_ledger': createLedger,
  '2026_11_29_1300_allow_payload_erasure': allowPayloadErasure,
  '2026_11_29_1400_due_process': dueProcess,
  '2026_11_29_1500_interim_measures': interimMeasures,
  '2026_11_29_1600_case_messages': caseMessages,
  '2026_11_29_1700_reminders': reminders,
  '2026_11_29_1800_mail_templates': mailTemplates,
  '2026_11_29_1900_evidence_roles': evidenceRoles,
  '2026_11_29_2000_oversight': oversight,
  '2026_11_29_2100_single_sign_on': singleSignOn,
  '2026_11_29_2200_subject_access': subjectAccess,
  '2026_11_29_2300_retention': retention,
  '2026_11_29_2400_audits_and_survey': auditsAndSurvey,
  '2026_11_29_2500_published_decisions': publishedDecisions,
  '2026_11_29_2600_commitments': commitments,
  '2026_11_29_2700_statistics_indexes': statisticsIndexes,
  '2026_11_29_2800_commitment_documents': commitmentDocuments,
  // (later migrations go above this line, in name order)
};
