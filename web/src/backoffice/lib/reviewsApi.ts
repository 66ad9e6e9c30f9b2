// Registrations needing review (ADR 0027) and invitations from the customer view.
import { ZRegistrationReview, type TRegistrationReview } from '../../../../api/registration-reviews.ts';
import type { TLocale } from '../../../../api/tenant.ts';
import { get, send, sendWithoutBody } from './api.ts';

const id = (value: string) => encodeURIComponent(value);
const base = (reviewId: string) => `/registration-reviews/${id(reviewId)}`;

export function getReview(reviewId: string, signal?: AbortSignal): Promise<TRegistrationReview> {
  return get(base(reviewId), ZRegistrationReview, signal);
}

export function startReview(reviewId: string): Promise<TRegistrationReview> {
  return send(`${base(reviewId)}/start`, ZRegistrationReview, { method: 'POST' });
}

export function assignReview(reviewId: string, staffId: string | null): Promise<TRegistrationReview> {
  return send(`${base(reviewId)}/assign`, ZRegistrationReview, { method: 'POST', body: { staffId } });
}

export function addReviewNote(reviewId: string, text: string): Promise<TRegistrationReview> {
  return send(`${base(reviewId)}/notes`, ZRegistrationReview, { method: 'POST', body: { text } });
}

export function acceptReview(reviewId: string, customerId: string): Promise<TRegistrationReview> {
  return send(`${base(reviewId)}/accept`, ZRegistrationReview, { method: 'POST', body: { customerId } });
}

export function rejectReview(reviewId: string, reason: string): Promise<TRegistrationReview> {
  return send(`${base(reviewId)}/reject`, ZRegistrationReview, { method: 'POST', body: { reason } });
}

export function inviteCustomer(customerId: string, body: { email: string; locale: TLocale }): Promise<void> {
  return sendWithoutBody(`/customers/${id(customerId)}/invitations`, { method: 'POST', body });
}
