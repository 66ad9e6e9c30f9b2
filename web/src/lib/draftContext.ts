// The signed-in area of a page (RequireSession) tells the forms in it whose drafts they keep and
// whether the session has just been lost. Forms outside (sign-in, registration) keep no drafts.
import { createContext } from 'react';
import type { DraftOwner } from './drafts.ts';

export interface DraftContextValue {
  owner: DraftOwner;
  storage: Storage | null;
  /** True once the session has ended other than by signing out by hand (expired, ended elsewhere). */
  sessionLost: () => boolean;
}

export const DraftContext = createContext<DraftContextValue | null>(null);
