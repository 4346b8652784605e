// Dashboard: live charts of the server's own figures from /metrics (Prometheus text, parsed in metrics.js; the
// series are listed in docs/metrics.md). Which series exist depends on the server version, so every panel reads whichever parley_* families match it and says
// so when none do; the table under the charts lists every family the server exposes.

import { LineChart } from '/console/chart.js';
import { toConsoleError } from '/console/api.js';
import { MetricsHistory, isCounter, parsePrometheus } from '/console/metrics.js';
import { field, fill, format, h, note, table } from '/console/dom.js';

export const MetricsPath = '/metrics';

/**
 * The panels. `rate`: counters as per-second rates; `gauge`: current values. `match`/`exclude` test the family
 * name after the parley_ prefix; `split` names the labels that make separate lines (the first one present wins).
 */
export const Panels = [
  { title: 'Sessions', kind: 'gauge', match: /session/, exclude: /seconds|bytes|duration/ },
  { title: 'Rooms', kind: 'gauge', match: /(^|_)rooms?(_|$)/, exclude: /seconds|member|participant/ },
  { title: 'Participants', kind: 'gauge', match: /participant|room_members?|members_in_room/ },
  { title: 'Tracks', kind: 'gauge', match: /track|producer|consumer/, split: ['kind', 'source'] },
  { title: 'Packets', kind: 'rate', unit: '/s', match: /packets/, exclude: /nack|pli|fir|lost|expected/, split: ['direction', 'dir', 'kind'] },
  { title: 'Bytes', kind: 'rate', unit: ' B/s', match: /bytes/, exclude: /memory|heap|gc|upload|file/, split: ['direction', 'dir', 'kind'] },
  { title: 'NACKs', kind: 'rate', unit: '/s', match: /nack|retransmission/, split: ['direction', 'dir'] },
  { title: 'PLIs', kind: 'rate', unit: '/s', match: /pli|fir|keyframe_request/, split: ['direction', 'dir'] },
  { title: 'Messages', kind: 'rate', unit: '/s', match: /message/, exclude: /bytes/, split: ['kind', 'type', 'direction'] },
  { title: 'Callbacks', kind: 'rate', unit: '/s', match: /callback/, split: ['outcome', 'result', 'status'] },
  { title: 'Limit hits', kind: 'rate', unit: '/s', match: /limit/, split: ['limit', 'reason'] },
];

const Prefix = 'parley_';

/** The families of `families` a panel shows. */
export function familiesFor(panel, families) {
  return [...families.values()].filter((family) => {
    if (!family.name.startsWith(Prefix)) return false;
    const name = family.name.slice(Prefix.length);
    if (!panel.match.test(name) || panel.exclude?.test(name)) return false;
    const counted = isCounter(family) || family.type === 'histogram' || family.type === 'summary';
    return panel.kind === 'rate' ? counted : !counted;
  });
}

function shortName(name) {
  return name.slice(Prefix.length).replace(/_total$/, '');
}

/** Lines of one panel: Map<label, points> over every family the panel shows. */
export function panelLines(panel, history) {
  const lines = new Map();
  const families = familiesFor(panel, history.latest);
  for (const family of families) {
    const series = history.series(family.name, (sample) => {
      const split = (panel.split ?? []).find((label) => sample.labels[label] !== undefined);
      const base = families.length > 1 ? shortName(family.name) : '';
      const part = split ? sample.labels[split] : '';
      return [base, part].filter(Boolean).join(' · ');
    });
    for (const [label, points] of series) lines.set(label, points);
  }
  return lines;
}

export async function render(ctx, view) {
  const history = new MetricsHistory();
  const charts = Panels.map((panel) => ({ panel, chart: new LineChart(panel.title, { unit: panel.unit ?? '' }) }));
  const status = note('Loading /metrics…');
  const interval = h('select', { id: 'metricsInterval', value: '2000' },
    [1000, 2000, 5000, 10000].map((ms) => h('option', { value: String(ms) }, `${ms / 1000} s`)));
  const paused = h('input', { type: 'checkbox', id: 'metricsPaused' });
  const allSeries = h('div', { id: 'allSeries' });
  // Hidden until /metrics answered once: a server without it shows one message, not eleven empty panels.
  const chartGrid = h('div', { className: 'charts', id: 'charts', hidden: true }, charts.map((c) => c.chart.element));
  const seriesDetails = h('details', { className: 'series', hidden: true }, h('summary', {}, 'Every series the server exposes'), allSeries);
  fill(view,
    h('h1', { tabindex: '-1' }, 'Dashboard'),
    h('p', {}, 'Live figures of this server from ', h('code', {}, MetricsPath), ' (Prometheus text format), over the last five minutes. ',
      'Counters are drawn as per-second rates.'),
    h('div', { className: 'toolbar' }, field('Refresh every', interval), h('label', { className: 'inline' }, paused, ' pause')),
    status, chartGrid, seriesDetails);

  let timer = null;
  let stopped = false;
  // One scrape loop at a time: changing the interval starts a new generation, and a scrape of an older one that
  // was still waiting for its answer ends there (two loops would put scrapes milliseconds apart, and rates go wild).
  let generation = 0;
  const state = ctx.state.dashboard = { scrapes: 0, families: [], panels: {}, error: null };

  async function scrape(loop = generation) {
    if (stopped || loop !== generation) return;
    if (!paused.checked && document.visibilityState !== 'hidden') {
      try {
        const text = await ctx.api.text(MetricsPath);
        if (stopped || loop !== generation) return;
        history.add(parsePrometheus(text));
        state.scrapes++;
        state.families = [...history.latest.keys()];
        state.error = null;
        status.textContent = `Last read ${new Date().toLocaleTimeString()} · ${history.latest.size} metric families`;
        status.className = 'note';
        chartGrid.hidden = false;
        seriesDetails.hidden = false;
        state.panels = {};
        for (const { panel, chart } of charts) {
          const lines = panelLines(panel, history);
          chart.update(lines);
          // The latest value of each line, for tests and for reading the page without the canvas.
          state.panels[panel.title] = Object.fromEntries([...lines].filter(([, p]) => p.length > 0).map(([label, p]) => [label, p.at(-1).v]));
        }
        renderTable();
      } catch (error) {
        if (stopped || loop !== generation) return;
        const problem = toConsoleError(error);
        state.error = problem.text;
        status.className = 'error inline';
        status.textContent = problem.notSupported || problem.status === 404
          ? `This server does not serve ${MetricsPath} (it may be an older version, or metrics are turned off).`
          : problem.status === 401 || problem.status === 403
            ? `${MetricsPath} refused the request (HTTP ${problem.status}): it is guarded by another credential than the admin token.`
            : `Could not read ${MetricsPath}: ${problem.text}`;
      }
    }
    timer = setTimeout(() => scrape(loop), Number(interval.value));
  }

  function renderTable() {
    const rows = [...history.latest.values()].sort((a, b) => a.name.localeCompare(b.name)).map((family) => {
      const counted = isCounter(family) || family.type === 'histogram' || family.type === 'summary';
      const lines = history.series(family.name);
      const last = lines.get('')?.at(-1)?.v;
      const value = family.samples.filter((s) => !(family.type === 'histogram' || family.type === 'summary') || s.name.endsWith('_count'))
        .reduce((sum, s) => sum + (Number.isFinite(s.value) ? s.value : 0), 0);
      return [h('code', {}, family.name), family.type, String(family.samples.length), format.number(value),
        counted ? `${format.number(last)}/s` : '', family.help];
    });
    fill(allSeries, rows.length ? table(['family', 'type', 'series', 'value (sum)', 'rate', 'help'], rows) : note('No series.'));
  }

  interval.addEventListener('change', () => {
    clearTimeout(timer);
    generation++;
    scrape();
  });
  await scrape();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
