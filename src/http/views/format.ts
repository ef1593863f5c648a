import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** The organisation's time zone, provided once per rendered page (see renderDocument). */
export const DisplayZone = createContext('Europe/London');

const formats = new Map<string, { date: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat }>();

function formatsFor(timeZone: string) {
  let found = formats.get(timeZone);
  if (!found) {
    found = {
      date: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone }),
      dateTime: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone }),
    };
    formats.set(timeZone, found);
  }
  return found;
}

/**
 * "14 March 2026" from a calendar date (as it is) or an instant (on the
 * organisation's calendar); a dash for nothing. Call while rendering a page.
 */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (value.length === 10) return formatsFor('UTC').date.format(new Date(`${value}T00:00:00Z`));
  return formatsFor(useContext(DisplayZone)).date.format(new Date(value));
}

/** "14 Mar 2026, 09:30" in the organisation's time zone. Call while rendering a page. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  return formatsFor(useContext(DisplayZone)).dateTime.format(typeof value === 'string' ? new Date(value) : value);
}

export function humanise(value: string | null | undefined): string {
  if (!value) return '—';
  const spaced = value.replaceAll('_', ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
