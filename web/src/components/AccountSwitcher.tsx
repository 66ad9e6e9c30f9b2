import { useState } from 'react';
import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue, Text, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { TSession } from '../../../api/identity.ts';
import { useSelectAccount } from '../lib/useSelectAccount.ts';

/** The customer account being worked on; a select when several accounts are linked to the login. */
export function AccountSwitcher({ session }: { session: TSession }) {
  const { t } = useTranslation();
  const select = useSelectAccount();
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);
  const { accounts, selectedCustomerId } = session;
  const label = (account: TSession['accounts'][number]): string =>
    t('auth.accountValue', { number: account.customerNumber, name: account.name });

  if (accounts.length === 1 && accounts[0]) {
    return (
      <p className="account-current">
        <span className="account-current__label">{t('auth.accountLabel')}</span>{' '}
        <span className="account-current__value">{label(accounts[0])}</span>
      </p>
    );
  }
  if (accounts.length === 0) return null;

  const change = (key: Key | null): void => {
    if (typeof key !== 'string' || key === selectedCustomerId) return;
    setPending(true);
    setFailed(false);
    select(key)
      .catch(() => {
        setFailed(true);
      })
      .finally(() => {
        setPending(false);
      });
  };

  return (
    <div className="account-switcher">
      <Select
        className="account-select"
        value={selectedCustomerId}
        onChange={change}
        placeholder={t('auth.chooseAccountPlaceholder')}
        isDisabled={pending}
      >
        <Label className="account-select__label">{t('auth.accountLabel')}</Label>
        <Button className="account-select__button">
          <SelectValue className="account-select__value">
            {({ isPlaceholder, selectedText, defaultChildren }) => (isPlaceholder ? defaultChildren : selectedText)}
          </SelectValue>
          <span className="account-select__chevron" aria-hidden="true" />
        </Button>
        <Popover className="account-select__popover">
          <ListBox className="account-select__list">
            {accounts.map((account) => (
              <ListBoxItem key={account.customerId} id={account.customerId} textValue={label(account)} className="account-select__option">
                <Text slot="label" className="account-select__number">
                  {label(account)}
                </Text>
                <Text slot="description" className="account-select__address">
                  {account.address}
                </Text>
              </ListBoxItem>
            ))}
          </ListBox>
        </Popover>
      </Select>
      {failed && (
        <p className="field__error" role="alert">
          {t('auth.switchFailed')}
        </p>
      )}
    </div>
  );
}
