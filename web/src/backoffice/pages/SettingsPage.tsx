import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SETTINGS_LIMITS, type TSettings, type TSettingsPatch } from '../../../../api/settings.ts';
import { ZModule, ZRegistrationMethod, type TModule, type TRegistrationMethod } from '../../../../api/tenant.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { RequiredLegend } from '../../components/RequiredLegend.tsx';
import { SubmitButton } from '../../components/SubmitButton.tsx';
import { TextAreaInput } from '../../components/TextAreaInput.tsx';
import { TextInput } from '../../components/TextInput.tsx';
import { contrastRatio, parseHex, WHITE } from '../../lib/color.ts';
import { intlLocale } from '../../lib/format.ts';
import { useLocale } from '../../lib/i18n.ts';
import { useDebouncedValue } from '../../lib/useDebouncedValue.ts';
import { useForm, type FieldBinding, type Form } from '../../lib/useForm.ts';
import { RequireStaff } from '../components/RequireStaff.tsx';
import { ResultMessage, type Result } from '../components/ResultMessage.tsx';
import { staffProblem } from '../lib/problems.ts';
import { STAFF_KEY } from '../lib/session.ts';
import { getSettings, testNumberFormat, updateSettings } from '../lib/settingsApi.ts';

const SETTINGS_KEY = [...STAFF_KEY, 'settings'] as const;
const HEX = /^#[0-9a-fA-F]{6}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()/.-]{3,40}$/;
/** The server checks the primary colour against white text and the white page background. */
const MIN_CONTRAST = 4.5;

/**
 * Saves one section with the version read last (so a change another admin made meanwhile is
 * refused with 409) and keeps the answer, with its new version, as the page's settings.
 */
function useSaveSection(): (patch: Omit<TSettingsPatch, 'version'>) => Promise<TSettings> {
  const queryClient = useQueryClient();
  return async (patch) => {
    const current = queryClient.getQueryData<TSettings>(SETTINGS_KEY);
    const saved = await updateSettings(patch, current?.version ?? '');
    queryClient.setQueryData(SETTINGS_KEY, saved);
    return saved;
  };
}

/** A section of the page: heading, intro, the announced result of its last save, and its form. */
function Section({ id, title, intro, result, children }: { id: string; title: string; intro?: string; result: Result | null; children: ReactNode }) {
  return (
    <section className="section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {intro && <p>{intro}</p>}
      <ResultMessage result={result} />
      {children}
    </section>
  );
}

function Errors<F extends string>({ form }: { form: Form<F> }) {
  const { t } = useTranslation();
  return <FormErrors form={form} renderProblem={(problem) => <p>{staffProblem(t, problem)}</p>} />;
}

function SaveButton({ pending, label }: { pending: boolean; label: string }) {
  return (
    <div className="form__actions">
      <SubmitButton pending={pending}>{label}</SubmitButton>
    </div>
  );
}

/** "4,52" / "4.52": rounded down like the server, so a ratio shown as 4.5 really reaches it. */
function formatRatio(ratio: number, locale: 'de' | 'en'): string {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 2 }).format(Math.floor(ratio * 100) / 100);
}

/** A #rrggbb field with a colour picker beside it. */
function ColorInput({ binding, label, description }: { binding: FieldBinding; label: string; description?: ReactNode }) {
  const { t } = useTranslation();
  const valid = HEX.test(binding.value);
  return (
    <TextInput
      {...binding}
      label={label}
      description={description}
      autoComplete="off"
      isRequired
      addon={
        <input
          type="color"
         
          aria-label={t('boSettings.branding.picker', { label })}
          value={valid ? binding.value.toLowerCase() : '#000000'}
          onChange={(event) => {
            binding.onChange(event.target.value);
          }}
        />
      }
    />
  );
}

function ContrastHint({ color }: { color: string }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const rgb = parseHex(color);
  if (!rgb) return <>{t('boSettings.branding.colorFormat')}</>;
  const ratio = contrastRatio(rgb, WHITE);
  const text = formatRatio(ratio, locale);
  return <>{ratio >= MIN_CONTRAST ? t('boSettings.branding.contrastOk', { ratio: text }) : t('boSettings.branding.contrastLow', { ratio: text })}</>;
}

const brandingFields = ['branding.primaryColor', 'branding.accentColor'] as const;

function BrandingSection({ settings }: { settings: TSettings }) {
  const { t } = useTranslation();
  const save = useSaveSection();
  const [result, setResult] = useState<Result | null>(null);
  const form = useForm({
    id: 'bo-settings-branding',
    fields: brandingFields,
    initialValues: { 'branding.primaryColor': settings.config.branding.primaryColor, 'branding.accentColor': settings.config.branding.accentColor },
    validate: (values) => ({
      'branding.primaryColor': HEX.test(values['branding.primaryColor'].trim()) ? undefined : t('boSettings.branding.colorInvalid'),
      'branding.accentColor': HEX.test(values['branding.accentColor'].trim()) ? undefined : t('boSettings.branding.colorInvalid'),
    }),
    submit: (values) => {
      setResult(null);
      return save({ branding: { primaryColor: values['branding.primaryColor'].trim(), accentColor: values['branding.accentColor'].trim() } });
    },
    onSuccess: () => {
      setResult({ text: t('boSettings.branding.saved') });
    },
  });
  return (
    <Section id="bo-settings-branding-heading" title={t('boSettings.branding.heading')} intro={t('boSettings.branding.intro')} result={result}>
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <Errors form={form} />
        <RequiredLegend />
        <ColorInput binding={form.field('branding.primaryColor')} label={t('boSettings.branding.primary')} description={<ContrastHint color={form.values['branding.primaryColor'].trim()} />} />
        <ColorInput binding={form.field('branding.accentColor')} label={t('boSettings.branding.accent')} description={t('boSettings.branding.colorFormat')} />
        <p className="bo-muted">{t('boSettings.branding.noLogo')}</p>
        <SaveButton pending={form.pending} label={t('boSettings.branding.save')} />
      </form>
    </Section>
  );
}

const contactFields = ['contact.phone', 'contact.email', 'contact.hours.de', 'contact.hours.en'] as const;

function ContactSection({ settings }: { settings: TSettings }) {
  const { t } = useTranslation();
  const save = useSaveSection();
  const [result, setResult] = useState<Result | null>(null);
  const { contact } = settings.config;
  const form = useForm({
    id: 'bo-settings-contact',
    fields: contactFields,
    initialValues: { 'contact.phone': contact.phone, 'contact.email': contact.email, 'contact.hours.de': contact.hours.de, 'contact.hours.en': contact.hours.en ?? '' },
    validate: (values) => ({
      'contact.phone': PHONE.test(values['contact.phone'].trim()) ? undefined : t('boSettings.contact.phoneInvalid'),
      'contact.email': EMAIL.test(values['contact.email'].trim()) ? undefined : t('boSettings.contact.emailInvalid'),
      'contact.hours.de': values['contact.hours.de'].trim() === '' ? t('boSettings.contact.hoursRequired') : undefined,
    }),
    submit: (values) => {
      setResult(null);
      const en = values['contact.hours.en'].trim();
      return save({
        contact: {
          phone: values['contact.phone'].trim(),
          email: values['contact.email'].trim(),
          hours: { de: values['contact.hours.de'].trim(), ...(en ? { en } : {}) },
        },
      });
    },
    onSuccess: () => {
      setResult({ text: t('boSettings.contact.saved') });
    },
  });
  return (
    <Section id="bo-settings-contact-heading" title={t('boSettings.contact.heading')} intro={t('boSettings.contact.intro')} result={result}>
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <Errors form={form} />
        <RequiredLegend />
        <TextInput {...form.field('contact.phone')} label={t('boSettings.contact.phone')} description={t('boSettings.contact.phoneHint')} autoComplete="off" isRequired />
        <TextInput {...form.field('contact.email')} label={t('boSettings.contact.email')} type="email" autoComplete="off" isRequired />
        <TextAreaInput {...form.field('contact.hours.de')} label={t('boSettings.contact.hoursDe')} rows={3} isRequired />
        <TextAreaInput {...form.field('contact.hours.en')} label={t('boSettings.contact.hoursEn')} description={t('boSettings.contact.hoursEnHint')} rows={3} />
        <SaveButton pending={form.pending} label={t('boSettings.contact.save')} />
      </form>
    </Section>
  );
}

/** The live test: does a number match the pattern as typed (debounced, answered politely)? */
function NumberFormatTest({ pattern }: { pattern: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [value, setValue] = useState('');
  const debouncedPattern = useDebouncedValue(pattern, 400);
  const debouncedValue = useDebouncedValue(value, 400);
  const enabled = debouncedPattern !== '' && debouncedValue.trim() !== '';
  const query = useQuery({
    queryKey: [...SETTINGS_KEY, 'number-format-test', debouncedPattern, debouncedValue],
    queryFn: ({ signal }) => testNumberFormat(debouncedPattern, debouncedValue, signal),
    enabled,
    retry: false,
    staleTime: Infinity,
  });
  let answer = '';
  if (enabled && query.isError) answer = staffProblem(t, query.error);
  else if (enabled && query.data) {
    const r = query.data;
    if (!r.valid) answer = t('boSettings.numbers.testInvalid', { error: r.error ?? '' });
    else if (r.matches) answer = t('boSettings.numbers.testMatches', { value: r.normalized });
    else answer = t('boSettings.numbers.testNoMatch', { value: r.normalized });
  }
  return (
    <div className="field">
      <label className="field__label" htmlFor={`${id}-input`}>
        {t('boSettings.numbers.test')}
      </label>
      <p className="field__hint" id={`${id}-hint`}>
        {t('boSettings.numbers.testHint')}
      </p>
      <div className="field__control">
        <input
          id={`${id}-input`}
          className="field__input"
          value={value}
          maxLength={64}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${id}-hint ${id}-answer`}
          onChange={(event) => {
            setValue(event.target.value);
          }}
        />
      </div>
      <p role="status" id={`${id}-answer`}>
        {answer}
      </p>
    </div>
  );
}

const numberFields = ['numberFormats.customerNumber.pattern', 'numberFormats.customerNumber.example'] as const;

function NumberFormatSection({ settings }: { settings: TSettings }) {
  const { t } = useTranslation();
  const save = useSaveSection();
  const [result, setResult] = useState<Result | null>(null);
  const { customerNumber } = settings.config;
  const form = useForm({
    id: 'bo-settings-numbers',
    fields: numberFields,
    initialValues: { 'numberFormats.customerNumber.pattern': customerNumber.pattern, 'numberFormats.customerNumber.example': customerNumber.example },
    validate: (values) => ({
      'numberFormats.customerNumber.pattern': values['numberFormats.customerNumber.pattern'] === '' ? t('boSettings.numbers.patternRequired') : undefined,
      'numberFormats.customerNumber.example': values['numberFormats.customerNumber.example'].trim() === '' ? t('boSettings.numbers.exampleRequired') : undefined,
    }),
    submit: (values) => {
      setResult(null);
      return save({
        numberFormats: {
          customerNumber: { pattern: values['numberFormats.customerNumber.pattern'], example: values['numberFormats.customerNumber.example'].trim() },
        },
      });
    },
    onSuccess: () => {
      setResult({ text: t('boSettings.numbers.saved') });
    },
  });
  return (
    <Section id="bo-settings-numbers-heading" title={t('boSettings.numbers.heading')} intro={t('boSettings.numbers.intro')} result={result}>
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <Errors form={form} />
        <RequiredLegend />
        <TextInput {...form.field('numberFormats.customerNumber.pattern')} label={t('boSettings.numbers.pattern')} description={t('boSettings.numbers.patternHint')} autoComplete="off" isRequired />
        <TextInput {...form.field('numberFormats.customerNumber.example')} label={t('boSettings.numbers.example')} description={t('boSettings.numbers.exampleHint')} autoComplete="off" isRequired />
        <NumberFormatTest pattern={form.values['numberFormats.customerNumber.pattern']} />
        <SaveButton pending={form.pending} label={t('boSettings.numbers.save')} />
      </form>
    </Section>
  );
}

/** A group of checkboxes bound to one form field (the chosen values joined by commas). */
function CheckboxGroup<V extends string>({ binding, legend, options, labelOf }: { binding: FieldBinding; legend: string; options: readonly V[]; labelOf: (value: V) => string }) {
  const chosen = binding.value === '' ? [] : binding.value.split(',');
  const errorId = `${binding.id}-error`;
  return (
    <fieldset className="fieldset" aria-describedby={binding.errorMessage ? errorId : undefined}>
      <legend className="fieldset__legend">{legend}</legend>
      {binding.errorMessage && (
        <p className="field__error" id={errorId}>
          {binding.errorMessage}
        </p>
      )}
      {options.map((option, index) => (
        <label key={option} className="checkbox">
          <input
            type="checkbox"
            id={index === 0 ? binding.id : `${binding.id}-${option}`}
            name={binding.name}
            value={option}
            checked={chosen.includes(option)}
            aria-invalid={binding.errorMessage !== undefined || undefined}
            onChange={(event) => {
              const next = event.target.checked ? [...chosen, option] : chosen.filter((c) => c !== option);
              binding.onChange(options.filter((o) => next.includes(o)).join(','));
            }}
          />
          {labelOf(option)}
        </label>
      ))}
    </fieldset>
  );
}

const accessFields = ['registrationMethods', 'modules'] as const;

function AccessSection({ settings }: { settings: TSettings }) {
  const { t } = useTranslation();
  const save = useSaveSection();
  const [result, setResult] = useState<Result | null>(null);
  const form = useForm({
    id: 'bo-settings-access',
    fields: accessFields,
    initialValues: { registrationMethods: settings.config.registrationMethods.join(','), modules: settings.config.modules.join(',') },
    validate: (values) => ({ registrationMethods: values.registrationMethods === '' ? t('boSettings.access.methodRequired') : undefined }),
    submit: (values) => {
      setResult(null);
      const list = (value: string) => (value === '' ? [] : value.split(','));
      return save({
        registrationMethods: list(values.registrationMethods).map((m) => ZRegistrationMethod.parse(m)),
        modules: list(values.modules).map((m) => ZModule.parse(m)),
      });
    },
    onSuccess: () => {
      setResult({ text: t('boSettings.access.saved') });
    },
  });
  return (
    <Section id="bo-settings-access-heading" title={t('boSettings.access.heading')} intro={t('boSettings.access.intro')} result={result}>
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <Errors form={form} />
        <CheckboxGroup<TRegistrationMethod>
          binding={form.field('registrationMethods')}
          legend={t('boSettings.access.methods')}
          options={ZRegistrationMethod.options}
          labelOf={(m) => t(`boSettings.access.method.${m}`)}
        />
        <CheckboxGroup<TModule> binding={form.field('modules')} legend={t('boSettings.access.modules')} options={ZModule.options} labelOf={(m) => t(`modules.${m}.title`)} />
        <SaveButton pending={form.pending} label={t('boSettings.access.save')} />
      </form>
    </Section>
  );
}

const limitFields = ['security.idleTimeoutMinutes', 'security.passwordMinLength', 'instalments.maxIncreasePercent', 'instalments.maxDecreasePercent'] as const;
type LimitField = (typeof limitFields)[number];
const LIMIT_BOUNDS: Record<LimitField, { min: number; max: number }> = {
  'security.idleTimeoutMinutes': SETTINGS_LIMITS.idleTimeoutMinutes,
  'security.passwordMinLength': SETTINGS_LIMITS.passwordMinLength,
  'instalments.maxIncreasePercent': { min: 0, max: 1000 },
  'instalments.maxDecreasePercent': { min: 0, max: 100 },
};

function LimitsSection({ settings }: { settings: TSettings }) {
  const { t } = useTranslation();
  const save = useSaveSection();
  const [result, setResult] = useState<Result | null>(null);
  const { config } = settings;
  const form = useForm({
    id: 'bo-settings-limits',
    fields: limitFields,
    initialValues: {
      'security.idleTimeoutMinutes': String(config.session.idleTimeoutMinutes),
      'security.passwordMinLength': String(config.passwordMinLength),
      'instalments.maxIncreasePercent': String(config.instalmentLimits.maxIncreasePercent),
      'instalments.maxDecreasePercent': String(config.instalmentLimits.maxDecreasePercent),
    },
    validate: (values) => {
      const errors: Partial<Record<LimitField, string>> = {};
      for (const field of limitFields) {
        const { min, max } = LIMIT_BOUNDS[field];
        const text = values[field].trim();
        const n = Number(text);
        if (!/^\d{1,4}$/.test(text) || n < min || n > max) errors[field] = t('boSettings.limits.range', { min, max });
      }
      return errors;
    },
    submit: (values) => {
      setResult(null);
      const n = (field: LimitField) => Number(values[field].trim());
      return save({
        security: { idleTimeoutMinutes: n('security.idleTimeoutMinutes'), passwordMinLength: n('security.passwordMinLength') },
        instalments: { maxIncreasePercent: n('instalments.maxIncreasePercent'), maxDecreasePercent: n('instalments.maxDecreasePercent') },
      });
    },
    onSuccess: () => {
      setResult({ text: t('boSettings.limits.saved') });
    },
  });
  const numeric = (field: LimitField, label: string, hint: string) => (
    <TextInput {...form.field(field)} label={label} description={`${hint} ${t('boSettings.limits.range', LIMIT_BOUNDS[field])}`} inputMode="numeric" autoComplete="off" isRequired />
  );
  return (
    <Section id="bo-settings-limits-heading" title={t('boSettings.limits.heading')} intro={t('boSettings.limits.intro')} result={result}>
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <Errors form={form} />
        <RequiredLegend />
        {numeric('security.idleTimeoutMinutes', t('boSettings.limits.idle'), t('boSettings.limits.idleHint'))}
        {numeric('security.passwordMinLength', t('boSettings.limits.password'), t('boSettings.limits.passwordHint'))}
        {numeric('instalments.maxIncreasePercent', t('boSettings.limits.increase'), t('boSettings.limits.increaseHint'))}
        {numeric('instalments.maxDecreasePercent', t('boSettings.limits.decrease'), t('boSettings.limits.decreaseHint'))}
        <SaveButton pending={form.pending} label={t('boSettings.limits.save')} />
      </form>
    </Section>
  );
}

const mailFields = ['mail.fromName', 'mail.fromAddress'] as const;

function MailSection({ settings }: { settings: TSettings }) {
  const { t } = useTranslation();
  const save = useSaveSection();
  const [result, setResult] = useState<Result | null>(null);
  const { mail } = settings.config;
  const form = useForm({
    id: 'bo-settings-mail',
    fields: mailFields,
    initialValues: { 'mail.fromName': mail.fromName ?? '', 'mail.fromAddress': mail.fromAddress ?? '' },
    validate: (values) => {
      const address = values['mail.fromAddress'].trim();
      return {
        'mail.fromName': /["<>\\]/.test(values['mail.fromName']) ? t('boSettings.mail.nameInvalid') : undefined,
        'mail.fromAddress': address !== '' && !EMAIL.test(address) ? t('boSettings.mail.addressInvalid') : undefined,
      };
    },
    submit: (values) => {
      setResult(null);
      const name = values['mail.fromName'].trim();
      const address = values['mail.fromAddress'].trim();
      return save({ mail: { fromName: name === '' ? null : name, fromAddress: address === '' ? null : address } });
    },
    onSuccess: () => {
      setResult({ text: t('boSettings.mail.saved') });
    },
  });
  return (
    <Section id="bo-settings-mail-heading" title={t('boSettings.mail.heading')} intro={t('boSettings.mail.intro')} result={result}>
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <Errors form={form} />
        <TextInput {...form.field('mail.fromName')} label={t('boSettings.mail.name')} description={t('boSettings.mail.emptyHint')} autoComplete="off" />
        <TextInput {...form.field('mail.fromAddress')} label={t('boSettings.mail.address')} description={t('boSettings.mail.emptyHint')} type="email" autoComplete="off" />
        <SaveButton pending={form.pending} label={t('boSettings.mail.save')} />
      </form>
    </Section>
  );
}

function LoadedSettings() {
  const query = useQuery({ queryKey: SETTINGS_KEY, queryFn: ({ signal }) => getSettings(signal), refetchOnWindowFocus: false });
  return (
    <QueryState query={query}>
      {(settings) => (
        <>
          <BrandingSection settings={settings} />
          <ContactSection settings={settings} />
          <NumberFormatSection settings={settings} />
          <AccessSection settings={settings} />
          <LimitsSection settings={settings} />
          <MailSection settings={settings} />
        </>
      )}
    </QueryState>
  );
}

/** /backoffice/einstellungen: the utility's settings (admins only), one form per section. */
export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('boSettings.title')} />
      <p>{t('boSettings.intro')}</p>
      <RequireStaff permission="admin">{() => <LoadedSettings />}</RequireStaff>
    </>
  );
}
