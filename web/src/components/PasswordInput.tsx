import { useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { TextInput, type TextInputProps } from './TextInput.tsx';

type PasswordInputProps = Omit<TextInputProps, 'type' | 'addon' | 'inputMode'> & {
  autoComplete: 'current-password' | 'new-password';
};

/**
 * A password field with a show/hide button. The password is hidden again when the form is
 * submitted, so browsers offer to save it.
 */
export function PasswordInput(props: PasswordInputProps) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  const anchor = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const form = anchor.current?.closest('form');
    if (!form) return;
    const hide = (): void => {
      setVisible(false);
    };
    form.addEventListener('submit', hide);
    return () => {
      form.removeEventListener('submit', hide);
    };
  }, []);
  const toggle = (
    <Button
      className="field__toggle"
      aria-controls={props.id}
      aria-label={visible ? t('form.hidePassword', { label: props.label }) : t('form.showPassword', { label: props.label })}
      onPress={() => {
        setVisible((v) => !v);
      }}
    >
      <span ref={anchor}>{visible ? t('form.hide') : t('form.show')}</span>
    </Button>
  );
  return <TextInput {...props} type={visible ? 'text' : 'password'} addon={toggle} />;
}
