import type { CaseListItem } from '../../../services/cases/list-cases.js';
import { formatDate, humanise } from '../format.js';

export function CaseTable(props: { items: CaseListItem[]; caption: string; empty: string }) {
  if (props.items.length === 0) return <p class="empty">{props.empty}</p>;
  return (
    <table class="case-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Reference</th>
          <th scope="col">Summary</th>
          <th scope="col">Stage</th>
          <th scope="col">Due</th>
          <th scope="col">Received</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((item) => (
          <tr>
            <td>
              <a href={`/staff/cases/${item.id}`}>{item.reference}</a>
            </td>
            <td>{item.summary}</td>
            <td>{humanise(item.stage)}</td>
            <td>
              {item.paused_since ? <span class="tag tag--paused">Paused</span> : formatDate(item.stage_due_on)}
              {item.overdue ? <span class="tag tag--overdue"> Overdue</span> : null}
            </td>
            <td>{formatDate(item.received_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
