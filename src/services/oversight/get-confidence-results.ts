import { confidenceResults, type ConfidenceResults, type SurveyRole } from '../../domain/oversight/confidence.js';
import { countSurveyInvitations, listSurveyResponses } from '../../db/repositories/survey.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';

/** The confidence survey's results for the overseer's desk (see confidenceResults for what is shown and suppressed). */
export async function getConfidenceResults(options: { ctx: ServiceContext; staff: Staff }): Promise<ConfidenceResults> {
  const { ctx, staff } = options;
  assertPermission(staff, 'oversight.read', 'read the confidence survey');
  return loadConfidenceResults(ctx);
}

/** The survey's results, already suppressed; also published, without the comments, on the public statistics. */
export async function loadConfidenceResults(ctx: ServiceContext): Promise<ConfidenceResults> {
  const [responses, invitations] = await Promise.all([listSurveyResponses(ctx.db), countSurveyInvitations(ctx.db)]);
  return confidenceResults(
    responses.map((row) => ({
      role: row.role as SurveyRole,
      responseQuarter: row.response_quarter,
      scores: { fair: Number(row.fair), informed: Number(row.informed), timely: Number(row.timely), confidence: Number(row.confidence) },
      comment: row.comment,
    })),
    invitations.map((row) => ({ role: row.role as SurveyRole, quarter: row.closure_quarter, answered: row.answered === 1, count: row.count })),
  );
}
