import { useLayoutEffect } from 'react';
import { Route, Routes } from 'react-router';
import type { TPublicTenant } from '../../api/tenant.ts';
import { BackofficeApp } from './backoffice/BackofficeApp.tsx';
import { PortalLayout } from './components/PortalLayout.tsx';
import { applyBranding } from './lib/branding.ts';
import { applyDefaultLocale } from './lib/i18n.ts';
import { legalPages, paths } from './lib/routes.ts';
import { SiteNameContext, TenantContext } from './lib/site.ts';
import { AccountPage } from './pages/AccountPage.tsx';
import { ActivatePage } from './pages/ActivatePage.tsx';
import { BankingPage } from './pages/BankingPage.tsx';
import { ChooseAccountPage } from './pages/ChooseAccountPage.tsx';
import { ConfirmEmailPage } from './pages/ConfirmEmailPage.tsx';
import { ConsumptionPage } from './pages/ConsumptionPage.tsx';
import { ContractsPage } from './pages/ContractsPage.tsx';
import { CustomerDataPage } from './pages/CustomerDataPage.tsx';
import { DocumentsPage } from './pages/DocumentsPage.tsx';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage.tsx';
import { InstalmentsPage } from './pages/InstalmentsPage.tsx';
import { LegalPage } from './pages/LegalPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { MyAccessPage } from './pages/MyAccessPage.tsx';
import { MyDataPage } from './pages/MyDataPage.tsx';
import { NewRequestPage } from './pages/NewRequestPage.tsx';
import { OverviewPage } from './pages/OverviewPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { RegisterPage } from './pages/RegisterPage.tsx';
import { RequestGpNumberPage } from './pages/RequestGpNumberPage.tsx';
import { RegistrationReviewPage } from './pages/RegistrationReviewPage.tsx';
import { RequestDetailPage } from './pages/RequestDetailPage.tsx';
import { ReadingsPage } from './pages/ReadingsPage.tsx';
import { RequestsPage } from './pages/RequestsPage.tsx';
import { ResetPasswordPage } from './pages/ResetPasswordPage.tsx';
import { SecondFactorPage } from './pages/SecondFactorPage.tsx';
import { StartPage } from './pages/StartPage.tsx';

/** A tenant's branded portal with its routes. */
export function TenantPortal({ tenant }: { tenant: TPublicTenant }) {
  // Layout effects, so the first paint already has the tenant's colours and language.
  useLayoutEffect(() => {
    applyBranding(document.documentElement, tenant.branding);
  }, [tenant.branding]);
  useLayoutEffect(() => {
    applyDefaultLocale(tenant.defaultLocale);
  }, [tenant.defaultLocale]);
  return (
    <TenantContext value={tenant}>
      <SiteNameContext value={tenant.displayName}>
        <Routes>
          <Route path="/backoffice/*" element={<BackofficeApp />} />
          <Route element={<PortalLayout />}>
            <Route index element={<StartPage />} />
            {legalPages.map((page) => (
              <Route key={page.path} path={page.path} element={<LegalPage kind={page.kind} label={page.label} />} />
            ))}
            <Route path={paths.login} element={<LoginPage />} />
            <Route path={paths.register} element={<RegisterPage />} />
            <Route path={paths.requestGpNumber} element={<RequestGpNumberPage />} />
            <Route path={paths.registrationReview} element={<RegistrationReviewPage />} />
            <Route path={paths.activate} element={<ActivatePage />} />
            <Route path={paths.forgotPassword} element={<ForgotPasswordPage />} />
            <Route path={paths.resetPassword} element={<ResetPasswordPage />} />
            <Route path={paths.confirmEmail} element={<ConfirmEmailPage />} />
            <Route path={paths.secondFactor} element={<SecondFactorPage />} />
            <Route path={paths.chooseAccount} element={<ChooseAccountPage />} />
            <Route path={paths.myAccess} element={<MyAccessPage />} />
            <Route path={paths.consumption} element={<ConsumptionPage />} />
            <Route path={paths.overview} element={<OverviewPage />} />
            <Route path={paths.myData} element={<MyDataPage />} />
            <Route path={paths.requests} element={<RequestsPage />} />
            <Route path={paths.newRequest} element={<NewRequestPage />} />
            <Route path={`${paths.requests}/:id`} element={<RequestDetailPage />} />
            <Route path={paths.banking} element={<BankingPage />} />
            <Route path={paths.readings} element={<ReadingsPage />} />
            <Route path={paths.documents} element={<DocumentsPage />} />
            <Route path={paths.account} element={<AccountPage />} />
            <Route path={paths.contracts} element={<ContractsPage />} />
            <Route path={paths.instalments} element={<InstalmentsPage />} />
            <Route path={paths.customerData} element={<CustomerDataPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </SiteNameContext>
    </TenantContext>
  );
}
