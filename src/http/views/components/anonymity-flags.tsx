import { FLAG_KIND_LABELS, type AnonymityFlag } from '../../../domain/publication/anonymity.js';

/** A summary's text with each flagged stretch marked, paragraph by paragraph, so the reader sees where each flag is. */
export function MarkedText(props: { text: string; flags: readonly AnonymityFlag[] }) {
  const pieces: (string | { text: string; kind: AnonymityFlag['kind'] })[] = [];
  let at = 0;
  for (const flag of [...props.flags].sort((a, b) => a.start - b.start)) {
    if (flag.start < at) continue;
    pieces.push(props.text.slice(at, flag.start), { text: props.text.slice(flag.start, flag.end), kind: flag.kind });
    at = flag.end;
  }
  pieces.push(props.text.slice(at));
  return (
    <p class="summary-text">
      {pieces.map((piece) =>
        typeof piece === 'string' ? (
          piece
        ) : (
          <mark title={FLAG_KIND_LABELS[piece.kind]}>
            {piece.text}
            <span class="visually-hidden"> (flagged: {FLAG_KIND_LABELS[piece.kind].toLowerCase()})</span>
          </mark>
        ),
      )}
    </p>
  );
}

/** The anonymity check's flags as a table: what was found, where, and what kind of identifier it looks like. */
export function FlagTable(props: { flags: readonly AnonymityFlag[]; caption: string }) {
  if (props.flags.length === 0) return <p data-testid="anonymity-clear">The anonymity check found nothing that identifies anyone.</p>;
  return (
    <table data-testid="anonymity-flags">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Found</th>
          <th scope="col">Looks like</th>
          <th scope="col">In</th>
        </tr>
      </thead>
      <tbody>
        {props.flags.map((flag) => (
          <tr>
            <th scope="row">{flag.text}</th>
            <td>{FLAG_KIND_LABELS[flag.kind]}</td>
            <td>{flag.field === 'facts' ? 'The facts' : 'The reasons'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
