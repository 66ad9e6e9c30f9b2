// Every migration, in order. Old migrations run against Kysely<unknown> and never import today's types.
import type { Migration } from 'kysely';
import * as core from './2026_11_21_0001_core.ts';
import * as identity from './2026_11_21_0002_identity.ts';
import * as gpNumberRequests from './2026_11_21_0003_gp_number_requests.ts';
import * as secondFactors from './2026_11_21_0004_second_factors.ts';
import * as customerRequests from './2026_11_22_0005_customer_requests.ts';
import * as readings from './2026_11_22_0006_readings.ts';
import * as bankAccounts from './2026_11_22_0010_bank_accounts.ts';
import * as auditTargetIndex from './2026_11_22_0011_audit_target_index.ts';
import * as changeFeed from './2026_11_22_0012_change_feed.ts';
import * as staff from './2026_11_22_0013_staff.ts';
import * as integration from './2026_11_22_0020_integration.ts';
import * as integrationEvents from './2026_11_22_0021_integration_events.ts';
import * as intervalImport from './2026_11_22_0022_interval_import.ts';
import * as gpLetters from './2026_11_22_0023_gp_letters.ts';
import * as documentTypes from './2026_11_22_0025_document_types.ts';
import * as registrationReviews from './2026_11_22_0026_registration_reviews.ts';
import * as platformOperators from './2026_11_22_0024_platform_operators.ts';
import * as housekeepingIndexes from './2026_11_22_0028_housekeeping_indexes.ts';

export const migrations: Record<string, Migration> = {
  '2026_11_21_0001_core': core,
  '2026_11_21_0002_identity': identity,
  '2026_11_21_0003_gp_number_requests': gpNumberRequests,
  '2026_11_21_0004_second_factors': secondFactors,
  '2026_11_22_0005_customer_requests': customerRequests,
  '2026_11_22_0006_readings': readings,
  '2026_11_22_0010_bank_accounts': bankAccounts,
  '2026_11_22_0011_audit_target_index': auditTargetIndex,
  '2026_11_22_0012_change_feed': changeFeed,
  '2026_11_22_0013_staff': staff,
  '2026_11_22_0020_integration': integration,
  '2026_11_22_0021_integration_events': integrationEvents,
  '2026_11_22_0022_interval_import': intervalImport,
  '2026_11_22_0023_gp_letters': gpLetters,
  '2026_11_22_0024_platform_operators': platformOperators,
  '2026_11_22_0025_document_types': documentTypes,
  '2026_11_22_0026_registration_reviews': registrationReviews,
  '2026_11_22_0028_housekeeping_indexes': housekeepingIndexes,
};
