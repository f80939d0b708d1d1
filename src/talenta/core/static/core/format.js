// The one formatter of chart text (ECharts axes, tooltips): numbers and dates the way the page's language
// writes them, as core/display.py does on the server: 1.234,5 and "26 Januari 2026" / "Maret 2027" in
// Indonesian. Category labels that are ISO dates ("2027-03-01") or months ("2027-03") become dates; other
// labels are left alone.
(function () {
  "use strict";
  const lang = (document.documentElement.lang || "id").toLowerCase().startsWith("en") ? "en-GB" : "id-ID";
  const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
  const ISO_MONTH = /^(\d{4})-(\d{2})$/;

  function number(value, digits) {
    const n = typeof value === "number" ? value : Number(value);
    if (value === null || value === undefined || value === "" || Number.isNaN(n)) return value;
    const d = digits === undefined ? (Number.isInteger(n) ? 0 : 1) : digits;
    return new Intl.NumberFormat(lang, { minimumFractionDigits: d, maximumFractionDigits: d }).format(n);
  }

  function date(value) {
    const s = String(value);
    let m = ISO_DAY.exec(s);
    if (m) {
      const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      return new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(d);
    }
    m = ISO_MONTH.exec(s);
    if (m) {
      const d = new Date(Date.UTC(+m[1], +m[2] - 1, 1));
      return new Intl.DateTimeFormat(lang, { month: "long", year: "numeric", timeZone: "UTC" }).format(d);
    }
    return value;
  }

  // An axis label: a number is grouped and given the decimal comma; an ISO date or month is written out.
  function label(value) {
    if (typeof value === "number") return number(value);
    const s = String(value);
    if (/^-?\d+(\.\d+)?$/.test(s) && !/^\d{4}$/.test(s)) return number(Number(s));
    return date(s);
  }

  window.tlFormat = { lang, number, date, label, axis: { formatter: label }, tooltip: { valueFormatter: (v) => number(v) } };
})();
