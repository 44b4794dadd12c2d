// Medians, ratios and the Markdown tables bench/run prints.

export function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// The value at `fraction` (0..1) of the sorted numbers (nearest rank).
export function percentile(numbers, fraction) {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

export function fixed(number, digits = 0) {
  return number.toLocaleString('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits});
}

// Two significant decimals for ratios, more below 0.1.
export function ratio(twofold, anchor) {
  if (!anchor) return '—';
  const value = twofold / anchor;
  return value >= 0.1 ? fixed(value, 2) : fixed(value, 3);
}

// rows: [{figure, twofold, anchor, ratio, goal}] (strings).
export function table(rows) {
  const lines = ['| figure | Twofold | anchor, same run | ratio | goal |', '|---|---|---|---|---|'];
  for (const row of rows) lines.push(`| ${row.figure} | ${row.twofold} | ${row.anchor} | ${row.ratio} | ${row.goal} |`);
  return lines.join('\n');
}

// "a, b, c" of the rounds' values, as measured, for the line under a table.
export function rounds_of(values, digits = 0) {
  return values.map((value) => fixed(value, digits)).join(', ');
}
