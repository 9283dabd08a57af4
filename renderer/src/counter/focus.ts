// The search box keeps the focus: actions hand it back when they finish.
export const searchRef: { current: HTMLInputElement | null } = { current: null };
export function focusSearch(): void {
  const el = searchRef.current;
  if (el && document.activeElement !== el && !document.querySelector('dialog[open]')) el.focus();
}
