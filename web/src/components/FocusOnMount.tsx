import { useEffect } from 'react';

/**
 * Moves the focus to the element with `targetId` when it mounts, e.g. the password field of a
 * dialog (the dialog would focus itself; its title and description are still read as its name).
 */
export function FocusOnMount({ targetId }: { targetId: string }) {
  useEffect(() => {
    document.getElementById(targetId)?.focus();
  }, [targetId]);
  return null;
}
