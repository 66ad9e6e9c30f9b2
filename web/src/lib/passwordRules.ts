// Client-side checks of a new password and its repetition, shared by every form that sets one.
// The server has the final say (length, common passwords); this only catches the obvious early.
import type { TFunction } from 'i18next';
import { ZEmail } from '../../../api/identity.ts';
import { passwordLength } from './passwordStrength.ts';

export function newPasswordError(t: TFunction, password: string, minLength: number): string | undefined {
  if (password === '') return t('validation.newPasswordRequired');
  if (passwordLength(password) < minLength) return t('validation.passwordTooShort', { min: minLength });
  return undefined;
}

export function repeatError(t: TFunction, password: string, repeat: string): string | undefined {
  if (repeat === '') return t('validation.passwordRepeatRequired');
  if (repeat !== password) return t('validation.passwordMismatch');
  return undefined;
}

export function emailError(t: TFunction, email: string): string | undefined {
  if (email.trim() === '') return t('validation.emailRequired');
  return ZEmail.safeParse(email).success ? undefined : t('validation.emailInvalid');
}
