// Small progressive enhancement; every page works without it.
document.addEventListener('DOMContentLoaded', () => {
  // Move focus to a form's error summary so screen-reader users hear what to fix first.
  const summary = document.querySelector('[data-autofocus]');
  if (summary) summary.focus();
});
