() => {
  const parse = (c) => {
    const m = c && c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const over = (top, below) => ({r: top.r * top.a + below.r * (1 - top.a),
    g: top.g * top.a + below.g * (1 - top.a), b: top.b * top.a + below.b * (1 - top.a), a: 1});
  const background = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    return layers.reverse().reduce((below, top) => over(top, below), {r: 255, g: 255, b: 255, a: 1});
  };
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const problems = [];
  let checked = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.closest('details:not([open]) > :not(summary)')) continue;
    el.focus({focusVisible: true});
    if (document.activeElement !== el) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const cs = getComputedStyle(el);
    // The ring sits outside the element (outline-offset >= 0): what is behind it is the parent's.
    const behind = background(el.parentElement || el);
    const rings = [];
    if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) rings.push(parse(cs.outlineColor));
    for (const shadow of (cs.boxShadow === 'none' ? [] : cs.boxShadow.split(/,(?![^(]*\))/))) {
      const c = parse(shadow);
      const sizes = shadow.replace(/rgba?\([^)]*\)/, '').trim().split(/\s+/).map(parseFloat);
      if (c && c.a > 0 && (sizes[3] || 0) >= 2 && !shadow.includes('inset')) rings.push(over(c, behind));
    }
    const best = Math.max(0, ...rings.filter(Boolean).map((c) => ratio(over(c, behind), behind)));
    checked += 1;
    if (best < 3) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
      problems.push(`${name} "${(el.textContent || el.value || '').trim().slice(0, 30)}": ${best.toFixed(2)}:1`);
    }
  }
  document.activeElement && document.activeElement.blur();
  return {checked, problems: [...new Set(problems)].slice(0, 8)};
}
