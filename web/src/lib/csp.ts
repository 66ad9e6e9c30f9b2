// Side-effect module, imported first by main.tsx (before any zod schema is built).
// The server's Content-Security-Policy allows only same-origin scripts and styles. Two libraries
// would otherwise trip over it (blocked, but reported as violations on every page):
// - zod probes `new Function('')` when a schema is built, to decide whether to compile parsers;
//   jitless mode skips the probe.
// - React Aria's usePress prepends a <style id="react-aria-pressable-style"> unless an element with
//   that id exists. styles.css carries the same rule ([data-react-aria-pressable] touch-action), so
//   an empty marker element is enough.
import { z } from 'zod';

const PRESSABLE_STYLE_ID = 'react-aria-pressable-style';

z.config({ jitless: true });

if (!document.getElementById(PRESSABLE_STYLE_ID)) {
  const marker = document.createElement('meta');
  marker.id = PRESSABLE_STYLE_ID;
  document.head.append(marker);
}
