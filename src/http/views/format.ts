const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

/** "14 March 2026" from a calendar date or an instant; a dash for nothing. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  return DATE.format(new Date(value.length === 10 ? `${value}T00:00:00Z` : value));
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  return DATE_TIME.format(typeof value === 'string' ? new Date(value) : value);
}

export function humanise(value: string | null | undefined): string {
  if (!value) return '—';
  const spaced = value.replaceAll('_', ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
