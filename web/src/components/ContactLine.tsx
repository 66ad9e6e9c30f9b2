import { telHref } from '../lib/format.ts';
import { useTenant } from '../lib/site.ts';

/** The tenant's phone number and e-mail address as links, in one line. */
export function ContactLine() {
  const { contact } = useTenant();
  return (
    <>
      <a href={telHref(contact.phone)}>{contact.phone}</a>, <a href={`mailto:${contact.email}`}>{contact.email}</a>
    </>
  );
}
