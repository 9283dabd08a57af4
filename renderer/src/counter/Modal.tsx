// A modal on the native <dialog>: focus is trapped and the rest of the page inert while it is open;
// Escape closes it through onClose.
import { useEffect, useRef, type ReactNode } from 'react';

export function Modal({ labelledBy, onClose, children, testId }: { labelledBy: string; onClose: () => void; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) {
      d.showModal();
      // showModal focuses the first control; a dialog may name a better one (its main action)
      d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    return () => { if (d?.open) d.close(); };
  }, []);
  return (
    <dialog ref={ref} aria-labelledby={labelledBy} data-testid={testId} onCancel={(e) => { e.preventDefault(); onClose(); }}>
      {children}
    </dialog>
  );
}
