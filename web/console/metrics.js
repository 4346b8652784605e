// The Prometheus text exposition format (version 0.0.4) read in the page: families with HELP, TYPE and samples, and a
// history that turns counters into per-second rates. Tolerant: unknown lines are skipped, never thrown on.

/**
 * Parses exposition text into Map<familyName, {name, type, help, samples: [{name, labels, value}]}>. Samples of a
 * histogram or summary (`_bucket`, `_sum`, `_count`) belong to their family; a sample without a TYPE line gets a
 * family of its own with type "untyped".
 */
export function parsePrometheus(text) {
  const families = new Map();
  const family = (name) => {
    let entry = families.get(name);
    if (!entry) {
      entry = { name, type: 'untyped', help: '', samples: [] };
      families.set(name, entry);
    }
    return entry;
  };

  for (const rawLine of String(text).split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const match = /^#\s*(HELP|TYPE)\s+([A-Za-z_:][A-Za-z0-9_:]*)\s*(.*)$/.exec(line);
      if (!match) continue;
      if (match[1] === 'TYPE') family(match[2]).type = match[3].trim().toLowerCase() || 'untyped';
      else family(match[2]).help = unescapeHelp(match[3]);
      continue;
    }

    const sample = parseSample(line);
    if (sample) family(familyOf(sample.name, families)).samples.push(sample);
  }

  for (const [name, entry] of families) {
    if (entry.samples.length === 0 && entry.type === 'untyped' && !entry.help) families.delete(name);
  }
  return families;
}

function familyOf(sampleName, families) {
  for (const suffix of ['_bucket', '_sum', '_count', '_created', '_total']) {
    if (!sampleName.endsWith(suffix)) continue;
    const base = sampleName.slice(0, -suffix.length);
    const known = families.get(base);
    if (known && known.type !== 'untyped') return base;
  }
  return sampleName;
}

function parseSample(line) {
  const name = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(line)?.[0];
  if (!name) return null;
  let rest = line.slice(name.length);
  const labels = {};
  if (rest.startsWith('{')) {
    let i = 1;
    for (;;) {
      while (rest[i] === ' ' || rest[i] === ',') i++;
      if (rest[i] === '}') { i++; break; }
      const labelName = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest.slice(i))?.[0];
      if (!labelName) return null;
      i += labelName.length;
      while (rest[i] === ' ') i++;
      if (rest[i] !== '=') return null;
      i++;
      while (rest[i] === ' ') i++;
      if (rest[i] !== '"') return null;
      i++;
      let value = '';
      for (; i < rest.length && rest[i] !== '"'; i++) {
        if (rest[i] === '\\' && i + 1 < rest.length) {
          i++;
          value += rest[i] === 'n' ? '\n' : rest[i];
        } else {
          value += rest[i];
        }
      }
      if (rest[i] !== '"') return null;
      i++;
      labels[labelName] = value;
    }
    rest = rest.slice(i);
  }

  const parts = rest.trim().split(/\s+/);
  const value = parseValue(parts[0]);
  return Number.isNaN(value) && parts[0] !== 'NaN' ? null : { name, labels, value };
}

function parseValue(text) {
  switch (text) {
    case '+Inf': case 'Inf': return Infinity;
    case '-Inf': return -Infinity;
    case 'NaN': return NaN;
    default: return text === undefined || text === '' ? NaN : Number(text);
  }
}

function unescapeHelp(text) {
  return text.replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
}

/** Is the family counted upwards (a rate makes sense)? Counters, and untyped samples named *_total. */
export function isCounter(entry) {
  return entry.type === 'counter' || (entry.type === 'untyped' && entry.name.endsWith('_total'));
}

/** A stable key for one series: its name and sorted labels. */
export function seriesKey(sample) {
  const labels = Object.keys(sample.labels).sort().map((k) => `${k}="${sample.labels[k]}"`).join(',');
  return labels ? `${sample.name}{${labels}}` : sample.name;
}

/**
 * Keeps the scrapes of the last `windowMs` and answers values and per-second rates. A counter that went down was
 * reset (a restart): its rate over that step is its new value over the step, as Prometheus' rate() does.
 */
export class MetricsHistory {
  constructor({ windowMs = 5 * 60 * 1000 } = {}) {
    this.windowMs = windowMs;
    /** [{t, families}] oldest first. */
    this.scrapes = [];
  }

  add(families, t = Date.now()) {
    this.scrapes.push({ t, families });
    while (this.scrapes.length > 2 && t - this.scrapes[0].t > this.windowMs) this.scrapes.shift();
  }

  get latest() {
    return this.scrapes.at(-1)?.families ?? new Map();
  }

  /**
   * One point per scrape for a family: `select(sample)` returns the line a sample belongs to (or null to skip it);
   * samples of one line are summed. Counters give per-second rates (from the second scrape on), others values.
   * Returns Map<line, [{t, v}]>.
   */
  series(familyName, select = () => '') {
    const lines = new Map();
    let previous = null;
    for (const scrape of this.scrapes) {
      const entry = scrape.families.get(familyName);
      const sums = new Map();
      if (entry) {
        for (const sample of entry.samples) {
          // A histogram's line is its _count (events), a summary's too; plain families use every sample.
          if ((entry.type === 'histogram' || entry.type === 'summary') && !sample.name.endsWith('_count')) continue;
          const line = select(sample);
          if (line === null || line === undefined || !Number.isFinite(sample.value)) continue;
          sums.set(line, (sums.get(line) ?? 0) + sample.value);
        }
      }

      const counted = entry && (isCounter(entry) || entry.type === 'histogram' || entry.type === 'summary');
      for (const [line, value] of sums) {
        if (!lines.has(line)) lines.set(line, []);
        if (!counted) {
          lines.get(line).push({ t: scrape.t, v: value });
        } else if (previous?.sums.has(line)) {
          const seconds = (scrape.t - previous.t) / 1000;
          const before = previous.sums.get(line);
          if (seconds > 0) lines.get(line).push({ t: scrape.t, v: (value >= before ? value - before : value) / seconds });
        }
      }
      previous = { t: scrape.t, sums };
    }
    return lines;
  }
}
