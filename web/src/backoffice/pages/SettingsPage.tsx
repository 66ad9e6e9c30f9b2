import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_TYPE_LIMITS, ZDocumentKind, type TDocumentKind, type TDocumentType } from '../../../../api/documents.ts';
import { SETTINGS_LIMITS, type TLogoContentType, type TSettings, type TSettingsPatch } from '../../../../api/settings.ts';
import { ZModule, ZRegistrationMethod, type TModule, type TRegistrationMethod } from '../../../../api/tenant.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { RequiredLegend } from '../../components/RequiredLegend.tsx';
import { SubmitButton } from '../../components/SubmitButton.tsx';
import { TextAreaInput } from '../../components/TextAreaInput.tsx';
import { TextInput } from '../../components/TextInput.tsx';
import { ApiError } from '../../lib/api.ts';
import { contrastRatio, parseHex, WHITE } from '../../lib/color.ts';
import { intlLocale } from '../../lib/format.ts';
import { useLocale } from '../../lib/i18n.ts';
import { useDebouncedValue } from '../../lib/useDebouncedValue.ts';
import { useForm, type FieldBinding, type Form } from '../../lib/useForm.ts';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
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
    // The header and the portal's public tenant data (name, colours, logo) follow.
    void queryClient.invalidateQueries({ queryKey: ['tenant'] });
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
        <SaveButton pending={form.pending} label={t('boSettings.branding.save')} />
      </form>
    </Section>
  );
}

const LOGO_TYPES: readonly TLogoContentType[] = ['image/png', 'image/jpeg', 'image/webp'];
const logoFields = ['branding.logo'] as const;
type ChosenLogo = { name: string; contentType: TLogoContentType; dataUrl: string };

/** Reads a chosen file as a data: URL (preview and upload; the page's CSP allows data: images). */
function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      if (typeof reader.result === 'string') resolve(reader.result);
      else reject(new Error('not read as a data URL'));
    };
    reader.onerror = () => {
      reject(reader.error ?? new Error('read failed'));
    };
    reader.readAsDataURL(file);
  });
}

/** The logo: the current one, a file picker with preview, upload and removal. */
function LogoSection({ settings }: { settings: TSettings }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const save = useSaveSection();
  const inputId = useId();
  const [result, setResult] = useState<Result | null>(null);
  const [chosen, setChosen] = useState<ChosenLogo | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [removing, setRemoving] = useState(false);
  const [removeProblem, setRemoveProblem] = useState<unknown>(null);
  const maxKb = new Intl.NumberFormat(intlLocale(locale)).format(SETTINGS_LIMITS.logoBytes / 1024);
  const form = useForm({
    id: 'bo-settings-logo',
    fields: logoFields,
    validate: () => ({ 'branding.logo': fileProblem ?? (chosen ? undefined : t('boSettings.logo.chooseFirst')) }),
    submit: () => {
      setResult(null);
      if (!chosen) return Promise.reject(new Error('no file'));
      const dataBase64 = chosen.dataUrl.slice(chosen.dataUrl.indexOf(',') + 1);
      return save({ branding: { logo: { contentType: chosen.contentType, dataBase64 } } });
    },
    onSuccess: () => {
      setChosen(null);
      setResult({ text: t('boSettings.logo.saved') });
    },
  });
  const binding = form.field('branding.logo');
  const onFile = async (file: File | undefined) => {
    setResult(null);
    setChosen(null);
    setFileProblem(null);
    // A new choice: the messages of the last attempt no longer apply.
    form.reset();
    binding.onChange(file?.name ?? '');
    if (!file) return;
    const type = LOGO_TYPES.find((candidate) => candidate === file.type);
    if (file.type === 'image/svg+xml' || /\.svg$/i.test(file.name)) setFileProblem(t('boSettings.logo.svg'));
    else if (!type) setFileProblem(t('boSettings.logo.type'));
    else if (file.size > SETTINGS_LIMITS.logoBytes) {
      setFileProblem(t('boSettings.logo.size', { size: new Intl.NumberFormat(intlLocale(locale)).format(Math.ceil(file.size / 1024)), max: maxKb }));
    } else {
      setChosen({ name: file.name, contentType: type, dataUrl: await readAsDataUrl(file) });
    }
  };
  const error = fileProblem ?? binding.errorMessage;
  const remove = () => {
    setResult(null);
    setRemoveProblem(null);
    setRemoving(true);
    save({ branding: { logo: null } })
      .then(() => {
        setResult({ text: t('boSettings.logo.removed') });
      })
      .catch((problem: unknown) => {
        setRemoveProblem(problem);
      })
      .finally(() => {
        setRemoving(false);
      });
  };
  return (
    <Section id="bo-settings-logo-heading" title={t('boSettings.logo.heading')} intro={t('boSettings.logo.intro')} result={result}>
      {removeProblem !== null && (
        <div className="notice notice--error" role="alert">
          <p>{staffProblem(t, removeProblem)}</p>
        </div>
      )}
      <div className="bo-logo">
        <figure className="bo-logo__figure">
          {settings.logo ? (
            <img className="bo-logo__image" src={settings.logo.url} alt={t('boSettings.logo.currentAlt', { name: settings.config.displayName })} />
          ) : (
            <p className="bo-muted">{t('boSettings.logo.none')}</p>
          )}
          <figcaption>{t('boSettings.logo.current')}</figcaption>
        </figure>
        {chosen && (
          <figure className="bo-logo__figure">
            <img className="bo-logo__image" src={chosen.dataUrl} alt={t('boSettings.logo.previewAlt', { file: chosen.name })} />
            <figcaption>{t('boSettings.logo.preview')}</figcaption>
          </figure>
        )}
      </div>
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <Errors form={form} />
        <div className="field">
          <label className="field__label" htmlFor={binding.id}>
            {t('boSettings.logo.file')}
          </label>
          <p className="field__hint" id={`${inputId}-hint`}>
            {t('boSettings.logo.fileHint', { max: maxKb })}
          </p>
          <div className="field__control">
            <input
              id={binding.id}
              name={binding.name}
              type="file"
              className="field__file"
              accept={LOGO_TYPES.join(',')}
              aria-invalid={error !== undefined || undefined}
              aria-describedby={`${inputId}-hint${error !== undefined ? ` ${inputId}-error` : ''}`}
              onChange={(event) => {
                void onFile(event.target.files?.[0]);
              }}
            />
          </div>
          {error !== undefined && (
            <p className="field__error" id={`${inputId}-error`}>
              {error}
            </p>
          )}
        </div>
        <div className="form__actions">
          <SubmitButton pending={form.pending}>{t('boSettings.logo.upload')}</SubmitButton>
          {settings.logo && (
            <ConfirmAction
              label={t('boSettings.logo.remove')}
              title={t('boSettings.logo.removeTitle')}
              text={t('boSettings.logo.removeText')}
              confirmLabel={t('boSettings.logo.removeConfirm')}
              pending={removing}
              onConfirm={remove}
            />
          )}
        </div>
      </form>
    </Section>
  );
}

const generalFields = ['general.displayName', 'general.legalName', 'general.address.street', 'general.address.postalCode', 'general.address.city'] as const;

function GeneralSection({ settings }: { settings: TSettings }) {
  const { t } = useTranslation();
  const save = useSaveSection();
  const [result, setResult] = useState<Result | null>(null);
  const { config } = settings;
  const form = useForm({
    id: 'bo-settings-general',
    fields: generalFields,
    initialValues: {
      'general.displayName': config.displayName,
      'general.legalName': config.legalName,
      'general.address.street': config.address.street,
      'general.address.postalCode': config.address.postalCode,
      'general.address.city': config.address.city,
    },
    validate: (values) => {
      const required = (field: (typeof generalFields)[number], max: number) => {
        const value = values[field].trim();
        if (value === '') return t('boSettings.general.required');
        return value.length > max ? t('boSettings.tooLong', { max }) : undefined;
      };
      return {
        'general.displayName': required('general.displayName', 120),
        'general.legalName': required('general.legalName', 200),
        'general.address.street': required('general.address.street', 120),
        'general.address.postalCode': /^\d{4,5}$/.test(values['general.address.postalCode'].trim()) ? undefined : t('boSettings.general.postalCodeInvalid'),
        'general.address.city': required('general.address.city', 80),
      };
    },
    submit: (values) => {
      setResult(null);
      return save({
        general: {
          displayName: values['general.displayName'].trim(),
          legalName: values['general.legalName'].trim(),
          address: {
            street: values['general.address.street'].trim(),
            postalCode: values['general.address.postalCode'].trim(),
            city: values['general.address.city'].trim(),
          },
        },
      });
    },
    onSuccess: () => {
      setResult({ text: t('boSettings.general.saved') });
    },
  });
  return (
    <Section id="bo-settings-general-heading" title={t('boSettings.general.heading')} intro={t('boSettings.general.intro')} result={result}>
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <Errors form={form} />
        <RequiredLegend />
        <TextInput {...form.field('general.displayName')} label={t('boSettings.general.displayName')} description={t('boSettings.general.displayNameHint')} autoComplete="off" isRequired />
        <TextInput {...form.field('general.legalName')} label={t('boSettings.general.legalName')} description={t('boSettings.general.legalNameHint')} autoComplete="off" isRequired />
        <TextInput {...form.field('general.address.street')} label={t('boSettings.general.street')} autoComplete="off" isRequired />
        <TextInput {...form.field('general.address.postalCode')} label={t('boSettings.general.postalCode')} inputMode="numeric" autoComplete="off" isRequired />
        <TextInput {...form.field('general.address.city')} label={t('boSettings.general.city')} autoComplete="off" isRequired />
        <SaveButton pending={form.pending} label={t('boSettings.general.save')} />
      </form>
    </Section>
  );
}

const LEGAL_MAX = 20_000;
const legalKinds = ['imprint', 'privacy', 'accessibility'] as const;
const legalFields = ['legal.imprint.de', 'legal.imprint.en', 'legal.privacy.de', 'legal.privacy.en', 'legal.accessibility.de', 'legal.accessibility.en'] as const;
type LegalField = (typeof legalFields)[number];

function LegalSection({ settings }: { settings: TSettings }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const save = useSaveSection();
  const [result, setResult] = useState<Result | null>(null);
  const { legal } = settings.config;
  const max = new Intl.NumberFormat(intlLocale(locale)).format(LEGAL_MAX);
  const initialValues = Object.fromEntries(
    legalKinds.flatMap((kind) => [
      [`legal.${kind}.de`, legal[kind].de],
      [`legal.${kind}.en`, legal[kind].en ?? ''],
    ]),
  ) as Record<LegalField, string>;
  const form = useForm({
    id: 'bo-settings-legal',
    fields: legalFields,
    initialValues,
    validate: (values) => {
      const errors: Partial<Record<LegalField, string>> = {};
      for (const field of legalFields) {
        const value = values[field].trim();
        if (field.endsWith('.de') && value === '') errors[field] = t('boSettings.legal.required');
        else if (value.length > LEGAL_MAX) errors[field] = t('boSettings.tooLong', { max });
      }
      return errors;
    },
    submit: (values) => {
      setResult(null);
      const text = (kind: (typeof legalKinds)[number]) => {
        const en = values[`legal.${kind}.en`].trim();
        return { de: values[`legal.${kind}.de`].trim(), ...(en ? { en } : {}) };
      };
      return save({ legal: { imprint: text('imprint'), privacy: text('privacy'), accessibility: text('accessibility') } });
    },
    onSuccess: () => {
      setResult({ text: t('boSettings.legal.saved') });
    },
  });
  return (
    <Section id="bo-settings-legal-heading" title={t('boSettings.legal.heading')} intro={t('boSettings.legal.intro')} result={result}>
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <Errors form={form} />
        <RequiredLegend />
        {legalKinds.map((kind) => (
          <fieldset key={kind} className="fieldset">
            <legend className="fieldset__legend">{t(`boSettings.legal.${kind}`)}</legend>
            <TextAreaInput {...form.field(`legal.${kind}.de`)} label={t('boSettings.legal.german')} description={t('boSettings.legal.hint', { max })} rows={8} isRequired />
            <TextAreaInput {...form.field(`legal.${kind}.en`)} label={t('boSettings.legal.english')} description={t('boSettings.legal.englishHint')} rows={8} />
          </fieldset>
        ))}
        <SaveButton pending={form.pending} label={t('boSettings.legal.save')} />
      </form>
    </Section>
  );
}

type TypeRow = { key: number; saved: boolean; code: string; de: string; en: string; kind: TDocumentKind; notify: boolean };
type TypeField = 'code' | 'de' | 'en';
type TypeErrors = Record<number, Partial<Record<TypeField, string>>>;
const TYPE_CODE = /^[a-z][a-z0-9_-]{1,39}$/;

function rowsOf(types: readonly TDocumentType[]): TypeRow[] {
  return types.map((type, index) => ({ key: index, saved: true, code: type.code, de: type.label.de, en: type.label.en ?? '', kind: type.kind, notify: type.notify }));
}

/**
 * The utility's own document types (ADR 0026): a list of rows, each a fieldset; added and removed
 * here, saved as a whole. A saved code stays fixed (documents refer to it); a type in use cannot be
 * removed (the server names how many documents use it).
 */
function DocumentTypesSection({ settings }: { settings: TSettings }) {
  const { t } = useTranslation();
  const save = useSaveSection();
  const summaryRef = useRef<HTMLDivElement>(null);
  const [rows, setRows] = useState<TypeRow[]>(() => rowsOf(settings.config.documentTypes));
  const [nextKey, setNextKey] = useState(settings.config.documentTypes.length);
  const [errors, setErrors] = useState<TypeErrors>({});
  const [others, setOthers] = useState<string[]>([]);
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [focusKey, setFocusKey] = useState<number | null>(null);
  const [failures, setFailures] = useState(0);
  const fieldId = (key: number, field: TypeField | 'kind' | 'notify') => `bo-settings-types-${String(key)}-${field}`;

  useEffect(() => {
    if (focusKey !== null) document.getElementById(fieldId(focusKey, 'code'))?.focus();
  }, [focusKey]);
  useEffect(() => {
    if (failures > 0) summaryRef.current?.focus();
  }, [failures]);

  const change = (key: number, patch: Partial<TypeRow>) => {
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  };
  const validate = (list: TypeRow[]): TypeErrors => {
    const found: TypeErrors = {};
    list.forEach((row, index) => {
      const rowErrors: Partial<Record<TypeField, string>> = {};
      if (!TYPE_CODE.test(row.code.trim())) rowErrors.code = t('boSettings.types.codeInvalid');
      else if (list.findIndex((other) => other.code.trim() === row.code.trim()) < index) rowErrors.code = t('boSettings.types.codeDuplicate');
      if (row.de.trim() === '') rowErrors.de = t('boSettings.types.labelRequired');
      else if (row.de.trim().length > DOCUMENT_TYPE_LIMITS.label) rowErrors.de = t('boSettings.tooLong', { max: DOCUMENT_TYPE_LIMITS.label });
      if (row.en.trim().length > DOCUMENT_TYPE_LIMITS.label) rowErrors.en = t('boSettings.tooLong', { max: DOCUMENT_TYPE_LIMITS.label });
      if (Object.keys(rowErrors).length > 0) found[row.key] = rowErrors;
    });
    return found;
  };
  const fail = (found: TypeErrors, messages: string[]) => {
    setErrors(found);
    setOthers(messages);
    setFailures((n) => n + 1);
  };
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    setResult(null);
    const found = validate(rows);
    if (Object.keys(found).length > 0) {
      fail(found, []);
      return;
    }
    setPending(true);
    const submitted = rows;
    save({
      documentTypes: submitted.map((row) => ({
        code: row.code.trim(),
        label: { de: row.de.trim(), ...(row.en.trim() ? { en: row.en.trim() } : {}) },
        kind: row.kind,
        notify: row.notify,
      })),
    })
      .then((saved) => {
        setErrors({});
        setOthers([]);
        setRows(rowsOf(saved.config.documentTypes));
        setNextKey(saved.config.documentTypes.length);
        setResult({ text: t('boSettings.types.saved') });
      })
      .catch((problem: unknown) => {
        // Field errors of the server ("documentTypes.2.code") go to their row, the rest to the summary.
        const fields = problem instanceof ApiError ? problem.fields : [];
        const byRow: TypeErrors = {};
        const rest: string[] = [];
        for (const error of fields) {
          const match = /^documentTypes\.(\d+)\.(code|label\.de|label\.en)$/.exec(error.field);
          const row = match ? submitted[Number(match[1])] : undefined;
          if (match && row) {
            const field: TypeField = match[2] === 'code' ? 'code' : match[2] === 'label.de' ? 'de' : 'en';
            byRow[row.key] = { ...byRow[row.key], [field]: error.message };
          } else rest.push(error.message);
        }
        fail(byRow, fields.length === 0 ? [staffProblem(t, problem)] : rest);
      })
      .finally(() => {
        setPending(false);
      });
  };
  const summary = [
    ...rows.flatMap((row, index) =>
      (['code', 'de', 'en'] as const).flatMap((field) => {
        const message = errors[row.key]?.[field];
        return message ? [{ id: fieldId(row.key, field), text: `${t('boSettings.types.rowLegend', { n: index + 1, name: row.de || row.code || '…' })}: ${message}` }] : [];
      }),
    ),
    ...others.map((text) => ({ id: null, text })),
  ];
  const kinds = ZDocumentKind.options;
  return (
    <Section id="bo-settings-types-heading" title={t('boSettings.types.heading')} intro={t('boSettings.types.intro')} result={result}>
      <form className="form" noValidate onSubmit={onSubmit}>
        {summary.length > 0 && (
          <div ref={summaryRef} className="error-summary" tabIndex={-1} aria-labelledby="bo-settings-types-summary">
            <div role="alert">
              <h3 id="bo-settings-types-summary" className="error-summary__title">
                {t('boSettings.types.summary')}
              </h3>
              <ul className="error-summary__list">
                {summary.map((item) => (
                  <li key={`${item.id ?? ''}${item.text}`}>{item.id ? <a href={`#${item.id}`}>{item.text}</a> : item.text}</li>
                ))}
              </ul>
            </div>
          </div>
        )}
        {rows.length === 0 && <p>{t('boSettings.types.none')}</p>}
        {rows.map((row, index) => {
          const rowErrors = errors[row.key] ?? {};
          const input = (field: TypeField, label: string, hint: string | null, options: { required?: boolean; readOnly?: boolean } = {}) => {
            const id = fieldId(row.key, field);
            const error = rowErrors[field];
            const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
            return (
              <div className="field">
                <label className="field__label" htmlFor={id}>
                  {label}
                  {options.required && (
                    <span className="field__required" aria-hidden="true">
                      {' *'}
                    </span>
                  )}
                </label>
                {hint && (
                  <p className="field__hint" id={`${id}-hint`}>
                    {hint}
                  </p>
                )}
                <div className="field__control">
                  <input
                    id={id}
                    className="field__input"
                    value={row[field]}
                    readOnly={options.readOnly}
                    autoComplete="off"
                    spellCheck={field !== 'code'}
                    aria-required={options.required || undefined}
                    aria-invalid={error !== undefined || undefined}
                    aria-describedby={described || undefined}
                    onChange={(event) => {
                      change(row.key, { [field]: event.target.value });
                    }}
                  />
                </div>
                {error && (
                  <p className="field__error" id={`${id}-error`}>
                    {error}
                  </p>
                )}
              </div>
            );
          };
          const name = row.de.trim() || row.code.trim() || t('boSettings.types.newType');
          return (
            <fieldset key={row.key} className="fieldset bo-doctype">
              <legend className="fieldset__legend">{t('boSettings.types.rowLegend', { n: index + 1, name })}</legend>
              {input('code', t('boSettings.types.code'), row.saved ? t('boSettings.types.codeFixed') : t('boSettings.types.codeHint'), { required: true, readOnly: row.saved })}
              {input('de', t('boSettings.types.labelDe'), null, { required: true })}
              {input('en', t('boSettings.types.labelEn'), t('boSettings.types.labelEnHint'))}
              <div className="field">
                <label className="field__label" htmlFor={fieldId(row.key, 'kind')}>
                  {t('boSettings.types.kind')}
                </label>
                <div className="field__control">
                  <select
                    id={fieldId(row.key, 'kind')}
                    className="field__input"
                    value={row.kind}
                    onChange={(event) => {
                      change(row.key, { kind: ZDocumentKind.parse(event.target.value) });
                    }}
                  >
                    {kinds.map((kind) => (
                      <option key={kind} value={kind}>
                        {t(`documents.kind.${kind}`)}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <label className="checkbox">
                <input
                  type="checkbox"
                  id={fieldId(row.key, 'notify')}
                  checked={row.notify}
                  onChange={(event) => {
                    change(row.key, { notify: event.target.checked });
                  }}
                />
                {t('boSettings.types.notify')}
              </label>
              <div className="form__actions">
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => {
                    setRows((current) => current.filter((other) => other.key !== row.key));
                    setResult({ text: t('boSettings.types.removedRow', { name }) });
                  }}
                >
                  <span aria-hidden="true">{t('boSettings.types.remove')}</span>
                  <span className="visually-hidden">{t('boSettings.types.removeOf', { name })}</span>
                </button>
              </div>
            </fieldset>
          );
        })}
        <div className="form__actions">
          <button
            type="button"
            className="button button--secondary"
            disabled={rows.length >= DOCUMENT_TYPE_LIMITS.types}
            onClick={() => {
              setRows((current) => [...current, { key: nextKey, saved: false, code: '', de: '', en: '', kind: 'letter', notify: false }]);
              setFocusKey(nextKey);
              setNextKey((n) => n + 1);
            }}
          >
            {t('boSettings.types.add')}
          </button>
          <SubmitButton pending={pending}>{t('boSettings.types.save')}</SubmitButton>
        </div>
        <p className="bo-muted">{t('boSettings.types.unsavedHint')}</p>
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
          <GeneralSection settings={settings} />
          <BrandingSection settings={settings} />
          <LogoSection settings={settings} />
          <ContactSection settings={settings} />
          <LegalSection settings={settings} />
          <DocumentTypesSection settings={settings} />
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
