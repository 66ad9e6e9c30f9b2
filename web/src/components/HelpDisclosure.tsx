import type { ReactNode } from 'react';
import { Button, Disclosure, DisclosurePanel } from 'react-aria-components';

/** "Wo finde ich …?": a button that shows or hides help text (aria-expanded). */
export function HelpDisclosure({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Disclosure className="help">
      <Button slot="trigger" className="help__trigger">
        <span className="help__icon" aria-hidden="true" />
        {title}
      </Button>
      <DisclosurePanel className="help__panel">
        <div className="help__content">{children}</div>
      </DisclosurePanel>
    </Disclosure>
  );
}
