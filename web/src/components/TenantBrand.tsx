import { useState } from 'react';
import { Link } from 'react-router';
import { useTenant } from '../lib/site.ts';

/** Logo and name of the tenant, linking to the start page. */
export function TenantBrand() {
  const tenant = useTenant();
  const [logoFailed, setLogoFailed] = useState(false);
  const logoUrl = logoFailed ? null : tenant.branding.logoUrl;
  return (
    <Link to="/" className="brand">
      {logoUrl !== null && (
        <img
          className="brand__logo"
          src={logoUrl}
          alt={tenant.displayName}
          onError={() => {
            setLogoFailed(true);
          }}
        />
      )}
      {/* With a logo its alt text already names the tenant; the visible name is not read twice. */}
      <span className="brand__name" aria-hidden={logoUrl !== null ? true : undefined}>
        {tenant.displayName}
      </span>
    </Link>
  );
}
