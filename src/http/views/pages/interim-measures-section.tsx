import { REVIEW_OUTCOMES, type InterimStatus } from '../../../domain/due-process/interim-measures.js';
import type { InterimMeasuresView, InterimMeasureView } from '../../../services/due-process/interim-measures.js';
import { ActionBox, type ActionForm } from '../components/action-box.js';
import { Choices, TextArea, TextInput } from '../components/forms.js';
import { formatDate, formatDateTime } from '../format.js';

type Props = {
  caseId: string;
  view: InterimMeasuresView;
  viewer: { csrfToken: string };
  failed: ActionForm | null;
};

const STATUS_LABELS: Record<InterimStatus, string> = { in_force: 'In force', lifted: 'Lifted', lapsed: 'Lapsed' };

function MeasureCard(props: { measure: InterimMeasureView }) {
  const { measure } = props;
  return (
    <div class="interim-measure" data-testid="interim-measure">
      <h3>
        {STATUS_LABELS[measure.status]}: imposed {formatDate(measure.startsOn)}
      </h3>
      <p>
        Imposed {formatDateTime(measure.imposedAt)} by {measure.imposedBy}; in force from {formatDate(measure.startsOn)} to {formatDate(measure.endsOn)} at the latest.
      </p>
      <p>While it is in force the respondent:</p>
      <ul data-testid="interim-effects">
        {measure.effects.map((effect) => (
          <li>{effect.label}</li>
        ))}
      </ul>
      {measure.status === 'in_force' ? (
        <p>
          Review due: <strong>{formatDate(measure.reviewDueOn)}</strong>
          {measure.reviewOverdue ? <span class="tag tag--overdue"> Review overdue</span> : null}
        </p>
      ) : measure.endedAt ? (
        <p>
          {STATUS_LABELS[measure.status]} {formatDateTime(measure.endedAt)}: {measure.endReason}
        </p>
      ) : (
        <p>Lapsed: it reached its maximum length, or the case closed. The server records the lapse within the hour.</p>
      )}
      <p class="prewrap">Reasons: {measure.reasons}</p>
      {measure.reviews.length > 0 ? (
        <details open={measure.status === 'in_force'}>
          <summary>Reviews ({measure.reviews.length})</summary>
          <ol>
            {measure.reviews.map((review) => (
              <li>
                {formatDateTime(review.reviewed_at)}, {review.reviewer_name}: {review.outcome === 'lifted' ? 'lifted' : `continued, next review due ${formatDate(review.next_review_due_on)}`}.{' '}
                <span class="prewrap">{review.reasons}</span>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </div>
  );
}

/**
 * Interim measures on the case page: each measure with its effects, its
 * review date (flagged when overdue) and its reviews, and the forms to
 * impose one and to review the one in force.
 */
export function InterimMeasuresSection(props: Props) {
  const { view } = props;
  const box = { failed: props.failed, viewer: props.viewer, caseId: props.caseId };
  const { policy } = view;
  return (
    <section aria-labelledby="interim-title" class="interim-measures" data-testid="interim-measures">
      <h2 id="interim-title">Interim measures</h2>
      {view.measures.length === 0 ? <p>No interim measure has been imposed.</p> : view.measures.map((measure) => <MeasureCard measure={measure} />)}
      {view.mayReview || props.failed?.action === 'interim-measure-review' ? (
        <ActionBox {...box} id="interim-measure-review" action="interim-measure-review" title="Review the interim measure" submit="Record the review">
          {(form) => (
            <>
              <Choices form={form} name="outcome" label="Outcome of the review" required options={Object.entries(REVIEW_OUTCOMES).map(([value, label]) => ({ value, label }))} />
              <TextArea form={form} name="reasons" label="Reasons" hint="Sent to the respondent." required rows={3} />
              <TextInput
                form={form}
                name="nextReviewOn"
                label="Next review by (when it continues)"
                hint={view.latestNextReview ? `YYYY-MM-DD, no later than ${view.latestNextReview}. Leave blank for ${view.latestNextReview}.` : 'YYYY-MM-DD.'}
                width="short"
              />
            </>
          )}
        </ActionBox>
      ) : null}
      {view.mayImpose || props.failed?.action === 'interim-measure' ? (
        <ActionBox {...box} id="interim-measure" action="interim-measure" title="Impose an interim measure" submit="Impose and tell the respondent">
          {(form) => (
            <>
              <p class="hint">
                An administrative suspension while the case is open: it is not a finding. It is reviewed every {policy.reviewEveryWorkingDays} working days, and lapses at the end of its length, or when the case
                closes, unless lifted sooner.
              </p>
              <Choices form={form} name="effects" label="Effects" required multiple options={policy.effects.map((effect) => ({ value: effect.id, label: effect.label }))} />
              <TextInput form={form} name="weeks" label="Length in weeks" hint={`At most ${policy.maxWeeks}.`} inputmode="numeric" width="short" required />
              <TextArea form={form} name="reasons" label="Reasons" hint="Sent to the respondent. Say why the measure is needed and why these effects are proportionate." required rows={4} />
            </>
          )}
        </ActionBox>
      ) : null}
    </section>
  );
}
