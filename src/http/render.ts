import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';

/** Renders a page component; preact escapes every interpolated value. */
export function renderDocument(page: VNode<any>): string {
  return `<!doctype html>${render(page)}`;
}
