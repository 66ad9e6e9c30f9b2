import { useId, type ReactNode } from 'react';

/** A titled box (a region named by its heading). */
export function InfoBox({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="box" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}
