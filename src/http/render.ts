import { h, type VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { DisplayZone } from './views/format.js';

/** Renders a page component in the organisation's time zone; preact escapes every interpolated value. */
export function renderDocument(page: VNode<any>, timeZone: string): string {
  return `<!doctype html>${render(h(DisplayZone.Provider, { value: timeZone }, page))}`;
}
