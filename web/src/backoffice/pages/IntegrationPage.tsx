import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TImportRun } from '../../../../api/backoffice.ts';
import { INTEGRATION_SCOPES, ZIntegrationScope, type TIntegrationClient, type TIntegrationScope } from '../../../../api/integration.ts';
import { WEBHOOK_LIMITS, ZFeedEventType, type TEventType, type TWebhookSubscription } from '../../../../api/integration-events.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { RequiredLegend } from '../../components/RequiredLegend.tsx';
import { PendingButton, SubmitButton } from '../../components/SubmitButton.tsx';
import { TextInput } from '../../components/TextInput.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useLocale } from '../../lib/i18n.ts';
import { useTenant } from '../../lib/site.ts';
import { useForm, type FieldBinding, type Form } from '../../lib/useForm.ts';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { RequireStaff } from '../components/RequireStaff.tsx';
import { ResultMessage, type Result } from '../components/ResultMessage.tsx';
import { createClient, createWebhook, deleteWebhook, importRuns, listClients, listWebhooks, revokeClient, setWebhookActive, testWebhook, updateWebhook, webhookDeliveries } from '../lib/integrationApi.ts';
import { staffProblem } from '../lib/problems.ts';
import { STAFF_KEY } from '../lib/session.ts';
import './IntegrationPage.css';

const KEY = [...STAFF_KEY, 'integration'] as const;
const CLIENTS_KEY = [...KEY, 'clients'] as const;
const WEBHOOKS_KEY = [...KEY, 'webhooks'] as const;
const IMPORTS_KEY = [...KEY, 'imports'] as const;

/** Catalog keys of the scopes and event types (':' and '.' separate namespaces and keys in i18next). */
const SCOPE_KEYS = {
  'customers:write': 'customers_write',
  'supply:write': 'supply_write',
  'readings:write': 'readings_write',
  'readings:read': 'readings_read',
  'billing:write': 'billing_write',
  'intervals:write': 'intervals_write',
  'requests:read': 'requests_read',
  'requests:write': 'requests_write',
  'webhooks:manage': 'webhooks_manage',
} as const satisfies Record<TIntegrationScope, string>;

const EVENT_KEYS = {
  'reading.submitted': 'reading_submitted',
  'request.created': 'request_created',
  'request.status_changed': 'request_status_changed',
  'gp_number.requested': 'gp_number_requested',
  'webhook.test': 'webhook_test',
} as const satisfies Record<TEventType, string>;

function useDateTime(): (iso: string) => string {
  const [locale] = useLocale();
  const tenant = useTenant();
  return (iso) => formatDateTime(iso, locale, tenant.timeZone);
}

/** The comma-joined value of a checkbox group, as a list. */
function chosen(value: string): string[] {
  return value === '' ? [] : value.split(',');
}

/** Checkboxes for a list value kept comma-joined in one form field; the first box carries the field's id. */
function CheckboxGroup({ field, legend, options }: { field: FieldBinding; legend: string; options: { value: string; label: string; hint?: string }[] }) {
  const errorId = `${field.id}-error`;
  const selected = chosen(field.value);
  return (
    <fieldset className="fieldset field" aria-describedby={field.errorMessage ? errorId : undefined}>
      <legend className="fieldset__legend">
        {legend}
        <span className="field__required" aria-hidden="true">
          {' *'}
        </span>
      </legend>
      {field.errorMessage && (
        <p className="field__error" id={errorId}>
          {field.errorMessage}
        </p>
      )}
      {options.map((option, index) => (
        <label key={option.value} className="banking-option">
          <input
            type="checkbox"
            id={index === 0 ? field.id : `${field.id}-${option.value.replace(/[^a-z0-9]/gi, '-')}`}
            name={field.name}
            value={option.value}
            checked={selected.includes(option.value)}
            aria-invalid={field.errorMessage !== undefined || undefined}
            onChange={(event) => {
              const next = event.target.checked ? [...selected, option.value] : selected.filter((value) => value !== option.value);
              field.onChange(options.filter((o) => next.includes(o.value)).map((o) => o.value).join(','));
            }}
          />
          <span>
            {option.label}
            {option.hint && (
              <>
                {' '}
                <code className="bo-muted">{option.hint}</code>
              </>
            )}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** A secret the server answers only once: marked, with a warning, a copy button; it takes the focus. */
function OneTimeSecret({ what, secret, onDismiss }: { what: string; secret: string; onDismiss: () => void }) {
  const { t } = useTranslation();
  const headingId = useId();
  const box = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState<Result | null>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);
  return (
    <div ref={box} tabIndex={-1} className="notice bo-secret" role="region" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('integrationAdmin.secret.heading', { what })}</h3>
      <p>
        <strong>{t('integrationAdmin.secret.warning')}</strong>
      </p>
      <p>
        <code className="bo-secret__value" data-testid="one-time-secret">
          {secret}
        </code>
      </p>
      <div className="form__actions">
        <PendingButton
          pending={false}
          onPress={() => {
            setCopied(null);
            navigator.clipboard.writeText(secret).then(
              () => {
                setCopied({ text: t('integrationAdmin.secret.copied') });
              },
              () => {
                setCopied({ text: t('integrationAdmin.secret.copyFailed'), error: true });
              },
            );
          }}
        >
          {t('integrationAdmin.secret.copy')}
        </PendingButton>
        <PendingButton pending={false} variant="secondary" onPress={onDismiss}>
          {t('integrationAdmin.secret.dismiss')}
        </PendingButton>
      </div>
      <ResultMessage result={copied} />
    </div>
  );
}

/** Runs one action at a time and reports its outcome. */
function useAction(onResult: (result: Result) => void, invalidate: readonly string[]) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const run = (action: () => Promise<unknown>, done: string) => {
    if (pending) return;
    setPending(true);
    action()
      .then(() => {
        onResult({ text: done });
        void queryClient.invalidateQueries({ queryKey: invalidate });
      })
      .catch((error: unknown) => {
        onResult({ text: staffProblem(t, error), error: true });
      })
      .finally(() => {
        setPending(false);
      });
  };
  return { pending, run };
}

// --- API clients ---------------------------------------------------------------------------------

const clientFields = ['name', 'scopes'] as const;

function CreateClientForm({ onCreated }: { onCreated: (name: string, clientId: string, secret: string) => void }) {
  const { t } = useTranslation();
  const form = useForm({
    id: 'bo-client',
    fields: clientFields,
    validate: (values) => ({
      name: values.name.trim() === '' || values.name.trim().length > 100 ? t('integrationAdmin.clients.nameRequired') : undefined,
      scopes: chosen(values.scopes).length === 0 ? t('integrationAdmin.clients.scopesRequired') : undefined,
    }),
    submit: (values) => createClient({ name: values.name.trim(), scopes: chosen(values.scopes).map((scope) => ZIntegrationScope.parse(scope)) }),
    onSuccess: (created) => {
      form.reset();
      onCreated(created.name, created.clientId, created.clientSecret);
    },
  });
  return (
    <form className="form" noValidate onSubmit={form.onSubmit}>
      <FormErrors form={form} renderProblem={(problem) => <p>{staffProblem(t, problem)}</p>} />
      <RequiredLegend />
      <TextInput {...form.field('name')} label={t('integrationAdmin.clients.name')} autoComplete="off" isRequired />
      <CheckboxGroup
        field={form.field('scopes')}
        legend={t('integrationAdmin.clients.scopes')}
        options={INTEGRATION_SCOPES.map((scope) => ({ value: scope, label: t(`integrationAdmin.scopes.${SCOPE_KEYS[scope]}`), hint: scope }))}
      />
      <div className="form__actions">
        <SubmitButton pending={form.pending}>{t('integrationAdmin.clients.create')}</SubmitButton>
      </div>
    </form>
  );
}

function RevokeClient({ client, onResult }: { client: TIntegrationClient; onResult: (result: Result) => void }) {
  const { t } = useTranslation();
  const { pending, run } = useAction(onResult, CLIENTS_KEY);
  const name = client.name;
  return (
    <ConfirmAction
      label={t('integrationAdmin.clients.revoke')}
      accessibleLabel={t('integrationAdmin.clients.revokeOf', { name })}
      title={t('integrationAdmin.clients.revokeTitle')}
      text={t('integrationAdmin.clients.revokeText', { name })}
      confirmLabel={t('integrationAdmin.clients.revoke')}
      pending={pending}
      onConfirm={() => {
        run(() => revokeClient(client.id), t('integrationAdmin.clients.revokedDone', { name }));
      }}
    />
  );
}

function Clients({ clients }: { clients: TIntegrationClient[] }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<Result | null>(null);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  return (
    <>
      <ResultMessage result={result} />
      {secret && (
        <OneTimeSecret
          what={t('integrationAdmin.secret.clientWhat', { name: secret.name })}
          secret={secret.secret}
          onDismiss={() => {
            setSecret(null);
          }}
        />
      )}
      {clients.length === 0 ? (
        <p>{t('integrationAdmin.clients.none')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="integration-clients-caption" tabIndex={0}>
          <table className="bo-table">
            <caption id="integration-clients-caption">{t('integrationAdmin.clients.caption', { count: clients.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('integrationAdmin.clients.name')}</th>
                <th scope="col">{t('integrationAdmin.clients.clientId')}</th>
                <th scope="col">{t('integrationAdmin.clients.scopes')}</th>
                <th scope="col">{t('integrationAdmin.clients.created')}</th>
                <th scope="col">{t('integrationAdmin.clients.lastUsed')}</th>
                <th scope="col">{t('integrationAdmin.clients.revoked')}</th>
                <th scope="col">{t('integrationAdmin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {clients.map((client) => (
                <tr key={client.id}>
                  <th scope="row">{client.name}</th>
                  <td>
                    <code>{client.clientId}</code>
                  </td>
                  <td>
                    <ul className="bo-plain-list">
                      {client.scopes.map((scope) => (
                        <li key={scope}>
                          <code>{scope}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{dateTime(client.createdAt)}</td>
                  <td>{client.lastUsedAt ? dateTime(client.lastUsedAt) : t('integrationAdmin.never')}</td>
                  <td>{client.revokedAt ? dateTime(client.revokedAt) : t('integrationAdmin.clients.active')}</td>
                  <td>{client.revokedAt === null && <RevokeClient client={client} onResult={setResult} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t('integrationAdmin.clients.createHeading')}</h3>
      <CreateClientForm
        onCreated={(name, _clientId, clientSecret) => {
          setResult({ text: t('integrationAdmin.clients.created_', { name }) });
          setSecret({ name, secret: clientSecret });
          void queryClient.invalidateQueries({ queryKey: CLIENTS_KEY });
        }}
      />
    </>
  );
}

function ClientsSection() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: CLIENTS_KEY, queryFn: ({ signal }) => listClients(signal) });
  return (
    <section className="section" aria-labelledby="integration-clients">
      <h2 id="integration-clients">{t('integrationAdmin.clients.heading')}</h2>
      <p>{t('integrationAdmin.clients.intro')}</p>
      <QueryState query={query}>{(clients) => <Clients clients={clients} />}</QueryState>
    </section>
  );
}

// --- webhooks ------------------------------------------------------------------------------------

const webhookFields = ['url', 'description', 'eventTypes'] as const;

function validUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const protocol = new URL(value).protocol;
  return protocol === 'https:' || protocol === 'http:';
}

type WebhookField = (typeof webhookFields)[number];

/** The client-side checks of the add and the edit form. */
function useWebhookValidation(): (values: Record<WebhookField, string>) => Partial<Record<WebhookField, string>> {
  const { t } = useTranslation();
  return (values) => ({
    url: validUrl(values.url.trim()) && values.url.trim().length <= WEBHOOK_LIMITS.url ? undefined : t('integrationAdmin.webhooks.urlInvalid'),
    description: values.description.trim().length > WEBHOOK_LIMITS.description ? t('integrationAdmin.webhooks.descriptionTooLong') : undefined,
    eventTypes: chosen(values.eventTypes).length === 0 ? t('integrationAdmin.webhooks.eventsRequired') : undefined,
  });
}

/** URL, description and event types: the fields of the add and the edit form. */
function WebhookFields({ form }: { form: Form<WebhookField> }) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput {...form.field('url')} label={t('integrationAdmin.webhooks.url')} description={t('integrationAdmin.webhooks.urlHint')} autoComplete="off" isRequired />
      <TextInput {...form.field('description')} label={t('integrationAdmin.webhooks.description')} description={t('integrationAdmin.webhooks.descriptionHint')} autoComplete="off" />
      <CheckboxGroup
        field={form.field('eventTypes')}
        legend={t('integrationAdmin.webhooks.events')}
        options={ZFeedEventType.options.map((type) => ({ value: type, label: t(`integrationAdmin.events.${EVENT_KEYS[type]}`), hint: type }))}
      />
    </>
  );
}

function AddWebhookForm({ onAdded }: { onAdded: (url: string, secret: string) => void }) {
  const { t } = useTranslation();
  const validate = useWebhookValidation();
  const form = useForm({
    id: 'bo-webhook',
    fields: webhookFields,
    validate,
    submit: (values) =>
      createWebhook({
        url: values.url.trim(),
        ...(values.description.trim() === '' ? {} : { description: values.description.trim() }),
        event_types: chosen(values.eventTypes).map((type) => ZFeedEventType.parse(type)),
      }),
    onSuccess: (created) => {
      form.reset();
      onAdded(created.url, created.secret);
    },
  });
  return (
    <form className="form" noValidate onSubmit={form.onSubmit}>
      <FormErrors form={form} renderProblem={(problem) => <p>{staffProblem(t, problem)}</p>} />
      <RequiredLegend />
      <WebhookFields form={form} />
      <div className="form__actions">
        <SubmitButton pending={form.pending}>{t('integrationAdmin.webhooks.add')}</SubmitButton>
      </div>
    </form>
  );
}

/** Changes a webhook's URL, description and event types (the secret stays). */
function EditWebhookForm({ webhook, id, onSaved, onCancel }: { webhook: TWebhookSubscription; id: string; onSaved: (url: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const validate = useWebhookValidation();
  const headingId = useId();
  const form = useForm({
    id: `bo-webhook-edit-${webhook.id}`,
    fields: webhookFields,
    initialValues: { url: webhook.url, description: webhook.description, eventTypes: ZFeedEventType.options.filter((type) => webhook.event_types.includes(type)).join(',') },
    validate,
    submit: (values) =>
      updateWebhook(webhook.id, {
        url: values.url.trim(),
        description: values.description.trim(),
        event_types: chosen(values.eventTypes).map((type) => ZFeedEventType.parse(type)),
      }),
    onSuccess: (updated) => {
      onSaved(updated.url);
    },
  });
  return (
    <section id={id} className="section" aria-labelledby={headingId}>
      <h4 id={headingId}>{t('integrationAdmin.webhooks.editHeading', { url: webhook.url })}</h4>
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <FormErrors form={form} renderProblem={(problem) => <p>{staffProblem(t, problem)}</p>} />
        <RequiredLegend />
        <WebhookFields form={form} />
        <div className="form__actions">
          <SubmitButton pending={form.pending}>{t('integrationAdmin.webhooks.save')}</SubmitButton>
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t('integrationAdmin.webhooks.cancelEdit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function DeliveryLog({ webhook, id }: { webhook: TWebhookSubscription; id: string }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const headingId = useId();
  const query = useQuery({ queryKey: [...WEBHOOKS_KEY, webhook.id, 'deliveries'], queryFn: ({ signal }) => webhookDeliveries(webhook.id, signal) });
  return (
    <section id={id} className="section" aria-labelledby={headingId}>
      <h4 id={headingId}>{t('integrationAdmin.webhooks.logHeading')}</h4>
      <QueryState query={query}>
        {(deliveries) =>
          deliveries.length === 0 ? (
            <p>{t('integrationAdmin.webhooks.logEmpty')}</p>
          ) : (
            <div className="table-scroll" role="region" aria-labelledby={`${headingId}-caption`} tabIndex={0}>
              <table className="bo-table">
                <caption id={`${headingId}-caption`}>{t('integrationAdmin.webhooks.logCaption', { url: webhook.url })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('integrationAdmin.webhooks.time')}</th>
                    <th scope="col">{t('integrationAdmin.webhooks.eventType')}</th>
                    <th scope="col">{t('integrationAdmin.webhooks.attempt')}</th>
                    <th scope="col">{t('integrationAdmin.webhooks.outcome')}</th>
                    <th scope="col">{t('integrationAdmin.webhooks.httpStatus')}</th>
                    <th scope="col">{t('integrationAdmin.webhooks.duration')}</th>
                    <th scope="col">{t('integrationAdmin.webhooks.error')}</th>
                  </tr>
                </thead>
                <tbody>
                  {deliveries.map((delivery) => (
                    <tr key={delivery.id}>
                      <td className="bo-nowrap">{dateTime(delivery.attempted_at)}</td>
                      <td>{t(`integrationAdmin.events.${EVENT_KEYS[delivery.event_type]}`)}</td>
                      <td className="bo-num">{delivery.attempt}</td>
                      <td>{t(`integrationAdmin.webhooks.${delivery.outcome}`)}</td>
                      <td className="bo-num">{delivery.status_code ?? '–'}</td>
                      <td className="bo-num">{t('integrationAdmin.webhooks.durationMs', { ms: delivery.duration_ms })}</td>
                      <td>{delivery.error ?? '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
      <PendingButton
        pending={query.isFetching}
        variant="secondary"
        onPress={() => {
          void query.refetch();
        }}
      >
        {t('integrationAdmin.webhooks.reloadLog')}
      </PendingButton>
    </section>
  );
}

function Webhook({ webhook, onResult, onSecret }: { webhook: TWebhookSubscription; onResult: (result: Result) => void; onSecret: (url: string, secret: string) => void }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const logId = useId();
  const editId = useId();
  const editButton = useRef<HTMLButtonElement>(null);
  const [logOpen, setLogOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const queryClient = useQueryClient();
  const { pending, run } = useAction(onResult, WEBHOOKS_KEY);
  const url = webhook.url;
  return (
    <li className="box">
      <h3 className="bo-break">{url}</h3>
      {webhook.description && <p>{webhook.description}</p>}
      <dl>
        <dt>{t('integrationAdmin.webhooks.status')}</dt>
        <dd>{webhook.active ? t('integrationAdmin.webhooks.active') : t('integrationAdmin.webhooks.inactive')}</dd>
        <dt>{t('integrationAdmin.webhooks.events')}</dt>
        <dd>{webhook.event_types.map((type) => t(`integrationAdmin.events.${EVENT_KEYS[type]}`)).join(', ')}</dd>
      </dl>
      <p className="bo-muted">{t('integrationAdmin.webhooks.created', { date: dateTime(webhook.created_at) })}</p>
      <div className="bo-actions form__actions">
        <PendingButton
          pending={pending}
          variant="secondary"
          onPress={() => {
            run(() => setWebhookActive(webhook.id, !webhook.active), t(webhook.active ? 'integrationAdmin.webhooks.deactivated' : 'integrationAdmin.webhooks.activated', { url }));
          }}
        >
          <span aria-hidden="true">{webhook.active ? t('integrationAdmin.webhooks.deactivate') : t('integrationAdmin.webhooks.activate')}</span>
          <span className="visually-hidden">{t(webhook.active ? 'integrationAdmin.webhooks.deactivateOf' : 'integrationAdmin.webhooks.activateOf', { url })}</span>
        </PendingButton>
        <PendingButton
          pending={pending}
          variant="secondary"
          onPress={() => {
            run(async () => {
              await testWebhook(webhook.id);
              void queryClient.invalidateQueries({ queryKey: [...WEBHOOKS_KEY, webhook.id, 'deliveries'] });
            }, t('integrationAdmin.webhooks.tested', { url }));
          }}
        >
          <span aria-hidden="true">{t('integrationAdmin.webhooks.test')}</span>
          <span className="visually-hidden">{t('integrationAdmin.webhooks.testOf', { url })}</span>
        </PendingButton>
        <button
          type="button"
          className="button button--secondary"
          aria-expanded={logOpen}
          aria-controls={logOpen ? logId : undefined}
          onClick={() => {
            setLogOpen((open) => !open);
          }}
        >
          <span aria-hidden="true">{logOpen ? t('integrationAdmin.webhooks.hideLog') : t('integrationAdmin.webhooks.showLog')}</span>
          <span className="visually-hidden">{t(logOpen ? 'integrationAdmin.webhooks.hideLogOf' : 'integrationAdmin.webhooks.showLogOf', { url })}</span>
        </button>
        <button
          ref={editButton}
          type="button"
          className="button button--secondary"
          aria-expanded={editing}
          aria-controls={editing ? editId : undefined}
          onClick={() => {
            setEditing((open) => !open);
          }}
        >
          <span aria-hidden="true">{t('integrationAdmin.webhooks.edit')}</span>
          <span className="visually-hidden">{t('integrationAdmin.webhooks.editOf', { url })}</span>
        </button>
        <ConfirmAction
          label={t('integrationAdmin.webhooks.rotate')}
          accessibleLabel={t('integrationAdmin.webhooks.rotateOf', { url })}
          title={t('integrationAdmin.webhooks.rotateTitle')}
          text={t('integrationAdmin.webhooks.rotateText', { url })}
          confirmLabel={t('integrationAdmin.webhooks.rotateConfirm')}
          pending={pending}
          onConfirm={() => {
            run(async () => {
              const rotated = await updateWebhook(webhook.id, { rotate_secret: true });
              if (rotated.secret) onSecret(rotated.url, rotated.secret);
            }, t('integrationAdmin.webhooks.rotated', { url }));
          }}
        />
        <ConfirmAction
          label={t('integrationAdmin.webhooks.delete')}
          accessibleLabel={t('integrationAdmin.webhooks.deleteOf', { url })}
          title={t('integrationAdmin.webhooks.deleteTitle')}
          text={t('integrationAdmin.webhooks.deleteText', { url })}
          confirmLabel={t('integrationAdmin.webhooks.delete')}
          pending={pending}
          onConfirm={() => {
            run(() => deleteWebhook(webhook.id), t('integrationAdmin.webhooks.deleted', { url }));
          }}
        />
      </div>
      {editing && (
        <EditWebhookForm
          webhook={webhook}
          id={editId}
          onSaved={(newUrl) => {
            setEditing(false);
            onResult({ text: t('integrationAdmin.webhooks.saved', { url: newUrl }) });
            void queryClient.invalidateQueries({ queryKey: WEBHOOKS_KEY });
          }}
          onCancel={() => {
            setEditing(false);
            editButton.current?.focus();
          }}
        />
      )}
      {logOpen && <DeliveryLog webhook={webhook} id={logId} />}
    </li>
  );
}

function Webhooks({ webhooks }: { webhooks: TWebhookSubscription[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<Result | null>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  return (
    <>
      <ResultMessage result={result} />
      {secret && (
        <OneTimeSecret
          what={t('integrationAdmin.secret.webhookWhat', { url: secret.url })}
          secret={secret.secret}
          onDismiss={() => {
            setSecret(null);
          }}
        />
      )}
      {webhooks.length === 0 ? (
        <p>{t('integrationAdmin.webhooks.none')}</p>
      ) : (
        <ul className="bo-plain-list" aria-label={t('integrationAdmin.webhooks.listLabel')}>
          {webhooks.map((webhook) => (
            <Webhook
              key={`${webhook.id}-${String(webhook.active)}`}
              webhook={webhook}
              onResult={setResult}
              onSecret={(url, webhookSecret) => {
                setSecret({ url, secret: webhookSecret });
              }}
            />
          ))}
        </ul>
      )}
      <h3>{t('integrationAdmin.webhooks.addHeading')}</h3>
      <AddWebhookForm
        onAdded={(url, webhookSecret) => {
          setResult({ text: t('integrationAdmin.webhooks.added', { url }) });
          setSecret({ url, secret: webhookSecret });
          void queryClient.invalidateQueries({ queryKey: WEBHOOKS_KEY });
        }}
      />
    </>
  );
}

function WebhooksSection() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: WEBHOOKS_KEY, queryFn: ({ signal }) => listWebhooks(signal) });
  return (
    <section className="section" aria-labelledby="integration-webhooks">
      <h2 id="integration-webhooks">{t('integrationAdmin.webhooks.heading')}</h2>
      <p>{t('integrationAdmin.webhooks.intro')}</p>
      <QueryState query={query}>{(webhooks) => <Webhooks webhooks={webhooks} />}</QueryState>
    </section>
  );
}

// --- import runs ---------------------------------------------------------------------------------

function ImportRuns({ runs }: { runs: TImportRun[] }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  if (runs.length === 0) return <p>{t('integrationAdmin.imports.none')}</p>;
  return (
    <div className="table-scroll" role="region" aria-labelledby="integration-imports-caption" tabIndex={0}>
      <table className="bo-table">
        <caption id="integration-imports-caption">{t('integrationAdmin.imports.caption', { count: runs.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('integrationAdmin.imports.started')}</th>
            <th scope="col">{t('integrationAdmin.imports.kind')}</th>
            <th scope="col">{t('integrationAdmin.imports.source')}</th>
            <th scope="col">{t('integrationAdmin.imports.file')}</th>
            <th scope="col">{t('integrationAdmin.imports.status')}</th>
            <th scope="col">{t('integrationAdmin.imports.counts')}</th>
            <th scope="col">{t('integrationAdmin.imports.errors')}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <td className="bo-nowrap">{dateTime(run.startedAt)}</td>
              <td>
                {run.kind} ({run.format})
              </td>
              <td>
                {run.source}
                {run.actor && (
                  <>
                    <br />
                    <span className="bo-muted">{run.actor}</span>
                  </>
                )}
              </td>
              <td>{run.fileName ?? '–'}</td>
              <td>{t(`integrationAdmin.imports.statuses.${run.status === 'succeeded' || run.status === 'failed' ? run.status : 'running'}`)}</td>
              <td>{t('integrationAdmin.imports.countsText', { records: run.records, series: run.series, values: run.values, days: run.days })}</td>
              <td>
                {run.errorCount === 0 ? (
                  t('integrationAdmin.imports.noErrors')
                ) : (
                  <>
                    {t('integrationAdmin.imports.errorCount', { count: run.errorCount })}
                    <ul>
                      {run.errors.map((error, index) => (
                        <li key={`${error.position}-${String(index)}`}>
                          {error.position}: {error.message}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ImportsSection() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: IMPORTS_KEY, queryFn: ({ signal }) => importRuns(signal) });
  return (
    <section className="section" aria-labelledby="integration-imports">
      <h2 id="integration-imports">{t('integrationAdmin.imports.heading')}</h2>
      <p>{t('integrationAdmin.imports.intro')}</p>
      <QueryState query={query}>{(runs) => <ImportRuns runs={runs} />}</QueryState>
    </section>
  );
}

/** /backoffice/schnittstellen: API clients, webhooks with their delivery log, import runs (admins only). */
export function IntegrationPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('integrationAdmin.title')} />
      <RequireStaff permission="admin">
        {() => (
          <>
            <p>{t('integrationAdmin.intro')}</p>
            <ClientsSection />
            <WebhooksSection />
            <ImportsSection />
          </>
        )}
      </RequireStaff>
    </>
  );
}
