// A modal on the native <dialog>: focus is trapped and the rest of the page inert while it is open;
// Escape closes it through onClose.
import { useEffect, useRef, type ReactNode } from 'react';

export function Modal({ labelledBy, onClose, children, testId }: { labelledBy: string; onClose: () => void; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    // the control that opened it gets focus back when it closes (React removes the dialog before a native
    // close could restore it, which would leave focus on <body>); the counter then moves it to its search box
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (d && !d.open) {
      d.showModal();
      // showModal focuses the first control; a dialog may name a better one (its main action)
      d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    // the dialog scrolls within the window (200 % zoom, a small window): the focused control is kept in view
    // when content comes in late above it (the sell dialog's quote note) or an error line grows the form
    const keepFocusInView = () => {
      const f = document.activeElement;
      if (d?.open && f instanceof HTMLElement && f !== d && d.contains(f)) f.scrollIntoView({ block: 'nearest' });
    };
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(keepFocusInView);
    if (d) for (const child of Array.from(d.children)) ro?.observe(child);
    return () => {
      ro?.disconnect();
      if (d?.open) d.close();
      if (opener?.isConnected && (document.activeElement === document.body || document.activeElement === null || d?.contains(document.activeElement))) opener.focus();
    };
  }, []);
  return (
    <dialog ref={ref} aria-labelledby={labelledBy} data-testid={testId} onCancel={(e) => { e.preventDefault(); onClose(); }}>
      {children}
    </dialog>
  );
}
