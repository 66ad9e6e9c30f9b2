// The translation catalogs: the shared keys (de.json, en.json) plus one file per self-service
// module (de/<module>.json, en/<module>.json, keys under the module's name), so modules own their texts.
import de from './de.json';
import en from './en.json';
import de_overview from './de/overview.json';
import de_customerData from './de/customerData.json';
import de_banking from './de/banking.json';
import de_readings from './de/readings.json';
import de_consumption from './de/consumption.json';
import de_documents from './de/documents.json';
import de_instalments from './de/instalments.json';
import de_account from './de/account.json';
import de_contracts from './de/contracts.json';
import de_myData from './de/myData.json';
import de_backoffice from './de/backoffice.json';
import de_boSettings from './de/boSettings.json';
import de_integrationAdmin from './de/integrationAdmin.json';
import de_gpLetters from './de/gpLetters.json';
import de_registrationReview from './de/registrationReview.json';
import de_operator from './de/operator.json';
import en_overview from './en/overview.json';
import en_customerData from './en/customerData.json';
import en_banking from './en/banking.json';
import en_readings from './en/readings.json';
import en_consumption from './en/consumption.json';
import en_documents from './en/documents.json';
import en_instalments from './en/instalments.json';
import en_account from './en/account.json';
import en_contracts from './en/contracts.json';
import en_myData from './en/myData.json';
import en_backoffice from './en/backoffice.json';
import en_boSettings from './en/boSettings.json';
import en_integrationAdmin from './en/integrationAdmin.json';
import en_gpLetters from './en/gpLetters.json';
import en_registrationReview from './en/registrationReview.json';
import en_operator from './en/operator.json';

export const deCatalog = {
  ...de,
  overview: de_overview,
  customerData: de_customerData,
  banking: de_banking,
  readings: de_readings,
  consumption: de_consumption,
  documents: de_documents,
  instalments: de_instalments,
  account: de_account,
  contracts: de_contracts,
  myData: de_myData,
  backoffice: de_backoffice,
  boSettings: de_boSettings,
  integrationAdmin: de_integrationAdmin,
  gpLetters: de_gpLetters,
  registrationReview: de_registrationReview,
  operator: de_operator,
};

export const enCatalog = {
  ...en,
  overview: en_overview,
  customerData: en_customerData,
  banking: en_banking,
  readings: en_readings,
  consumption: en_consumption,
  documents: en_documents,
  instalments: en_instalments,
  account: en_account,
  contracts: en_contracts,
  myData: en_myData,
  backoffice: en_backoffice,
  boSettings: en_boSettings,
  integrationAdmin: en_integrationAdmin,
  gpLetters: en_gpLetters,
  registrationReview: en_registrationReview,
  operator: en_operator,
};

export type Catalog = typeof deCatalog;
