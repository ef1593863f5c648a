import type { ComponentChildren } from 'preact';
import { Layout, type Viewer } from './layout.js';

/** The overseer's desk: every section, in the order an overseer works through them. */
export const DESK_SECTIONS = [
  { href: '/oversight', label: 'Summary' },
  { href: '/oversight/timeliness', label: 'Timeliness' },
  { href: '/oversight/fairness', label: 'Fairness' },
  { href: '/oversight/register', label: 'Interference register' },
  { href: '/oversight/record', label: 'The record' },
  { href: '/oversight/audits', label: 'Audit sampling' },
  { href: '/oversight/confidence', label: 'Confidence' },
] as const;

export type DeskHref = (typeof DESK_SECTIONS)[number]['href'];

/** What every desk page is given: who is looking, and whether parties' identities are masked. */
export type DeskProps = { organisation: string; viewer: NonNullable<Viewer>; masked: boolean };

/** A desk link that keeps the masking choice. */
export function deskHref(href: string, masked: boolean): string {
  if (masked) return href;
  return `${href}${href.includes('?') ? '&' : '?'}identities=shown`;
}

/** The desk's frame: its sections, the masking switch, and a reminder that the desk changes nothing. */
export function DeskLayout(props: DeskProps & { title: string; current: DeskHref; here?: string; children: ComponentChildren }) {
  const here = props.here ?? props.current;
  return (
    <Layout title={props.title} organisation={props.organisation} viewer={props.viewer}>
      <nav aria-label="Overseer’s desk" class="desk-nav">
        <ul>
          {DESK_SECTIONS.map((section) => (
            <li>
              <a href={deskHref(section.href, props.masked)} aria-current={section.href === props.current ? 'page' : undefined}>
                {section.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p class="small">
        {props.masked ? (
          <>
            Parties’ identities are masked. <a href={deskHref(here, false)}>Show identities</a> (your viewing is recorded where it opens a case).
          </>
        ) : (
          <>
            Parties’ identities are shown. <a href={here}>Mask identities</a>
          </>
        )}
      </p>
      <h1>{props.title}</h1>
      {props.children}
    </Layout>
  );
}
