// The dashboard: plain DOM and SVG over the service's own JSON API, no build step.
'use strict';

const API = '/api/v1';
// The page's state, kept in the URL hash (#user=42&version=3) so that a view can be linked.
const state = { user: null, version: null };
let lastModels = [];
const COLORS = { model: '#1565c0', bias: '#8d6e00', globalMean: '#9e9e9e', popularity: '#c62828', ease: '#2e7d32',
  itemKnn: '#6a1b9a', foldIn: '#ef6c00',
  trainLoss: '#1565c0', validationRmse: '#c62828' };

// The dashboard's data is admin-only: the admin token is given once (typed in, or #token=... in the
// URL, which is then removed from it) and kept for this browser tab only.
function adminToken() {
  const fromHash = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (fromHash) {
    sessionStorage.setItem('recsys-admin-token', decodeURIComponent(fromHash[1]));
    const rest = window.location.hash.replace(/(^#|&)token=[^&]+/, '$1').replace(/^#&/, '#');
    history.replaceState(null, '', window.location.pathname + rest);
  }
  let token = sessionStorage.getItem('recsys-admin-token');
  if (!token && typeof window.prompt === 'function') {
    token = window.prompt('Admin token (RECSYS_ADMIN_TOKEN) for the dashboard');
    if (token) sessionStorage.setItem('recsys-admin-token', token);
  }
  return token;
}

async function getJson(path) {
  const token = adminToken();
  const response = await fetch(API + path, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  if (response.status === 401) sessionStorage.removeItem('recsys-admin-token');
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch (ignored) { /* not problem+json */ }
    throw new Error(`${path}: HTTP ${response.status} ${detail}`);
  }
  return response.json();
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child ?? ''));
  return node;
}

function svgEl(tag, attributes = {}, text) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

const fixed = (value, digits = 3) => (value === null || value === undefined ? '–' : Number(value).toFixed(digits));
const when = (instant) => (instant ? new Date(instant).toLocaleString() : '–');
const statusChip = (status) => el('span', { class: `status ${status}` }, status);

function fillRows(tableId, rows) {
  const body = document.querySelector(`#${tableId} tbody`);
  body.replaceChildren(...rows.map((cells) => el('tr', {}, ...cells.map((cell) => el('td', {}, cell)))));
}

function progressCell(progress, status) {
  if (!progress) return '–';
  const total = progress.total || 0;
  const share = total > 0 ? Math.min(1, progress.done / total) : (status === 'SUCCEEDED' ? 1 : 0);
  const text = total > 0 ? `${progress.done.toLocaleString()} / ${total.toLocaleString()} ${progress.unit}`
    : `${progress.done.toLocaleString()} ${progress.unit}`;
  const eta = status === 'RUNNING' && progress.etaSeconds !== null && progress.etaSeconds !== undefined
    ? `, ETA ${progress.etaSeconds} s` : '';
  const bar = el('span', { class: 'bar' }, el('span', { style: `width:${(share * 100).toFixed(0)}%` }));
  return el('span', {}, bar, text + eta);
}

// --- the user panel -----------------------------------------------------------------------------

async function showUser(userId) {
  const error = document.getElementById('user-error');
  error.hidden = true;
  document.getElementById('user-id').value = userId;
  document.getElementById('top-rated-title').textContent = `Top rated by user ${userId}`;
  try {
    const [topRated, recs] = await Promise.all([
      getJson(`/dashboard/users/${userId}/top-rated?limit=10`),
      getJson(`/users/${userId}/recommendations?limit=10&explain=true`)]);
    fillRows('top-rated', topRated.map((r) => [r.title, r.year ?? '', `${stars(r.rating)} ${r.rating}`]));
    if (topRated.length === 0) fillRows('top-rated', [['No ratings yet', '', '']]);
    const model = recs.modelVersion ? `, model version ${recs.modelVersion}` : '';
    document.getElementById('recommendations-title').textContent =
      `Recommendations for user ${userId} (${recs.source}${model})`;
    document.getElementById('recommendations').replaceChildren(...recs.items.map((item) => el('li', {},
      el('strong', {}, item.title), ` (${item.year ?? '?'}) `,
      item.predictedRating !== undefined && item.predictedRating !== null ? `predicted ${fixed(item.predictedRating, 2)}` : '',
      el('div', { class: 'reason' }, (item.reasons || []).join(' · ')))));
    state.user = userId;
    writeHash();
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
  }
}

async function loadUserSuggestions() {
  const users = await getJson('/dashboard/users?limit=8');
  document.getElementById('user-suggestions').replaceChildren('Most active: ', ...users.map((u) => {
    const button = el('button', { type: 'button', title: `${u.ratings} ratings` }, String(u.userId));
    button.addEventListener('click', () => showUser(u.userId));
    return button;
  }));
  return users;
}

// --- charts -------------------------------------------------------------------------------------

function groupedBars(svgId, versions, series, metric) {
  const svg = document.getElementById(svgId);
  svg.replaceChildren();
  const width = svg.clientWidth || 480, height = 220, left = 40, bottom = 30, top = 24;
  const values = versions.flatMap((v) => series.map((s) => s.value(v))).filter((x) => x !== null && x !== undefined);
  if (values.length === 0) {
    svg.append(svgEl('text', { x: left, y: height / 2 }, `no ${metric} yet`));
    return;
  }
  const max = Math.max(...values) * 1.1;
  const groupWidth = (width - left) / versions.length;
  const barWidth = Math.min(28, (groupWidth - 10) / series.length);
  svg.append(svgEl('line', { x1: left, y1: height - bottom, x2: width, y2: height - bottom, stroke: '#999' }));
  svg.append(svgEl('text', { x: 2, y: top }, fixed(max, 2)));
  versions.forEach((version, g) => {
    series.forEach((s, k) => {
      const value = s.value(version);
      if (value === null || value === undefined) return;
      const barHeight = (value / max) * (height - bottom - top);
      const x = left + g * groupWidth + 5 + k * barWidth;
      const rect = svgEl('rect', { x, y: height - bottom - barHeight, width: barWidth - 2, height: barHeight, fill: s.color });
      rect.append(svgEl('title', {}, `v${version.version} ${s.name}: ${fixed(value)}`));
      svg.append(rect);
    });
    svg.append(svgEl('text', { x: left + g * groupWidth + 5, y: height - bottom + 14 }, `v${version.version}`));
  });
  let legendX = left;
  series.forEach((s) => {
    svg.append(svgEl('rect', { x: legendX, y: 4, width: 10, height: 10, fill: s.color }));
    svg.append(svgEl('text', { x: legendX + 14, y: 13 }, s.name));
    legendX += 24 + 7 * s.name.length;   // room for the name at the page's font size
  });
}

function lineChart(svgId, points, series) {
  const svg = document.getElementById(svgId);
  svg.replaceChildren();
  const width = svg.clientWidth || 900, height = 220, left = 40, bottom = 30, top = 24;
  if (points.length === 0) {
    svg.append(svgEl('text', { x: left, y: height / 2 }, 'no training curve yet'));
    return;
  }
  const values = points.flatMap((p) => series.map((s) => p[s.key]));
  const min = Math.min(...values) * 0.95, max = Math.max(...values) * 1.05;
  const x = (i) => left + (points.length === 1 ? 0 : (i / (points.length - 1)) * (width - left - 10));
  const y = (v) => height - bottom - ((v - min) / (max - min || 1)) * (height - bottom - top);
  svg.append(svgEl('line', { x1: left, y1: height - bottom, x2: width, y2: height - bottom, stroke: '#999' }));
  svg.append(svgEl('text', { x: 2, y: top }, fixed(max, 2)));
  svg.append(svgEl('text', { x: 2, y: height - bottom }, fixed(min, 2)));
  series.forEach((s, k) => {
    const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p[s.key]).toFixed(1)}`).join(' ');
    svg.append(svgEl('path', { d: path, fill: 'none', stroke: s.color, 'stroke-width': 2 }));
    svg.append(svgEl('rect', { x: left + k * 140, y: 4, width: 10, height: 10, fill: s.color }));
    svg.append(svgEl('text', { x: left + k * 140 + 14, y: 13 }, s.name));
  });
  points.forEach((p, i) => {
    if (points.length <= 30 || i % 5 === 0) svg.append(svgEl('text', { class: 'epoch', x: x(i) - 3, y: height - bottom + 14 }, String(p.epoch)));
  });
}

// Accuracy against catalog coverage of the lists re-ranked at each setting of the diversity and novelty knobs.
function tradeOffChart(svgId, tradeOffs) {
  const svg = document.getElementById(svgId);
  svg.replaceChildren();
  const width = svg.clientWidth || 900, height = 220, left = 50, bottom = 30, top = 16;
  if (!tradeOffs || tradeOffs.length === 0) {
    svg.append(svgEl('text', { x: left, y: height / 2 }, 'no trade-off recorded for this version'));
    return;
  }
  const xs = tradeOffs.map((t) => t.coverageAt10), ys = tradeOffs.map((t) => t.ndcgAt10);
  const xMin = Math.min(...xs) * 0.9, xMax = Math.max(...xs) * 1.1, yMin = Math.min(...ys) * 0.95, yMax = Math.max(...ys) * 1.02;
  const x = (v) => left + ((v - xMin) / (xMax - xMin || 1)) * (width - left - 120);
  const y = (v) => height - bottom - ((v - yMin) / (yMax - yMin || 1)) * (height - bottom - top);
  svg.append(svgEl('line', { x1: left, y1: height - bottom, x2: width, y2: height - bottom, stroke: '#999' }));
  svg.append(svgEl('text', { x: left, y: height - 6 }, `catalog coverage of the top-10 lists ${fixed(xMin, 3)} – ${fixed(xMax, 3)}`));
  svg.append(svgEl('text', { x: 2, y: top + 4 }, fixed(yMax, 3)));
  svg.append(svgEl('text', { x: 2, y: height - bottom }, fixed(yMin, 3)));
  tradeOffs.forEach((t) => {
    const color = t.diversity === 0 && t.novelty === 0 ? COLORS.model : t.novelty === 0 ? COLORS.ease : COLORS.popularity;
    svg.append(svgEl('circle', { cx: x(t.coverageAt10), cy: y(t.ndcgAt10), r: 5, fill: color }));
    svg.append(svgEl('text', { x: x(t.coverageAt10) + 8, y: y(t.ndcgAt10) + 4 }, `d ${t.diversity} n ${t.novelty}`));
  });
}

// --- models and jobs ----------------------------------------------------------------------------

function writeHash() {
  const parts = [];
  if (state.user !== null) parts.push(`user=${state.user}`);
  if (state.version !== null) parts.push(`version=${state.version}`);
  window.location.hash = parts.join('&');
}

function showCurve(version) {
  state.version = version;
  writeHash();
  renderModels(lastModels);
}

function renderModels(models) {
  lastModels = models;
  const active = models.find((m) => m.status === 'ACTIVE');
  document.getElementById('active-model').textContent = active ? `active model: version ${active.version}` : 'no active model';
  const versions = [...models].reverse();
  const metric = (path) => (v) => path.reduce((node, key) => (node ? node[key] : undefined), v.metrics);
  groupedBars('rmse-chart', versions, [
    { name: 'model', color: COLORS.model, value: metric(['model', 'rmse']) },
    { name: 'bias baseline', color: COLORS.bias, value: metric(['baselines', 'bias', 'rmse']) },
    { name: 'global mean', color: COLORS.globalMean, value: metric(['baselines', 'globalMean', 'rmse']) }], 'RMSE');
  groupedBars('ndcg-chart', versions, [
    { name: 'model', color: COLORS.model, value: metric(['model', 'ndcgAt10']) },
    { name: 'popularity', color: COLORS.popularity, value: metric(['baselines', 'popularity', 'ndcgAt10']) },
    { name: 'EASE', color: COLORS.ease, value: metric(['baselines', 'ease', 'ndcgAt10']) },
    { name: 'item-kNN', color: COLORS.itemKnn, value: metric(['baselines', 'itemKnn', 'ndcgAt10']) }], 'NDCG@10');
  groupedBars('cold-chart', versions, [
    { name: 'model (content only)', color: COLORS.model, value: metric(['coldMovies', 'rmse']) },
    { name: 'user mean + genre', color: COLORS.bias, value: metric(['coldMovies', 'userMeanGenreRmse']) }],
    'new-movie RMSE');
  groupedBars('fresh-chart', versions, [
    { name: 'live list', color: COLORS.model, value: metric(['freshUsers', 'model', 'ndcgAt10']) },
    { name: 'plain fold-in', color: COLORS.foldIn, value: metric(['freshUsers', 'foldIn', 'ndcgAt10']) },
    { name: 'popularity', color: COLORS.popularity, value: metric(['freshUsers', 'popularity', 'ndcgAt10']) }],
    'fresh-user NDCG@10');
  fillRows('models-table', models.map((m) => [`v${m.version}`, statusChip(m.status), when(m.createdAt),
    (m.dataSnapshot && m.dataSnapshot.ratings !== undefined) ? m.dataSnapshot.ratings.toLocaleString() : '–',
    fixed(metric(['model', 'rmse'])(m)), fixed(metric(['baselines', 'bias', 'rmse'])(m)),
    fixed(metric(['model', 'ndcgAt10'])(m)), fixed(metric(['baselines', 'popularity', 'ndcgAt10'])(m)),
    fixed(metric(['baselines', 'ease', 'ndcgAt10'])(m)), fixed(metric(['coldMovies', 'rmse'])(m)),
    fixed(metric(['coldMovies', 'userMeanGenreRmse'])(m)), fixed(metric(['freshUsers', 'model', 'ndcgAt10'])(m)),
    fixed(metric(['freshUsers', 'popularity', 'ndcgAt10'])(m))]));
  document.querySelectorAll('#models-table tbody tr').forEach((row, k) => {
    row.classList.add('clickable');
    row.title = 'Show this version\'s training curve';
    row.addEventListener('click', () => showCurve(models[k].version));
  });
  // The chosen version's curve (click a row), else the active version's.
  const shown = models.find((m) => m.version === state.version) || active || models[0];
  document.getElementById('curve-title').textContent = shown
    ? `Training curve of version ${shown.version}: train loss and validation RMSE per epoch` : 'Training curve';
  lineChart('curve-chart', shown ? shown.trainingCurve : [], [
    { key: 'trainLoss', name: 'train loss', color: COLORS.trainLoss },
    { key: 'validationRmse', name: 'validation RMSE', color: COLORS.validationRmse }]);
  document.getElementById('tradeoff-title').textContent = shown
    ? `Version ${shown.version}: NDCG@10 against catalog coverage, lists re-ranked at each diversity (d) and novelty (n)`
    : 'Diversity and novelty against accuracy';
  tradeOffChart('tradeoff-chart', shown && shown.metrics ? shown.metrics.tradeOffs : []);
}

// An entity's counts in an ingestion: rows read, and what they changed.
function countsText(c) {
  const parts = [`${c.read.toLocaleString()} read`];
  if (c.inserted) parts.push(`${c.inserted.toLocaleString()} new`);
  if (c.updated) parts.push(`${c.updated.toLocaleString()} updated`);
  if (c.rejected) parts.push(`${c.rejected.toLocaleString()} rejected`);
  return parts.join(' / ');
}

function stars(rating) {
  return '★'.repeat(Math.floor(rating)) + (rating % 1 ? '½' : '');
}

function renderJobs(overview) {
  fillRows('ingestions', overview.ingestions.map((r) => [String(r.id), r.source, statusChip(r.status),
    progressCell(r.progress, r.status), when(r.finishedAt),
    r.error || [r.release, Object.entries(r.counts || {}).map(([entity, c]) => `${entity} ${countsText(c)}`).join(', ')]
      .filter(Boolean).join(': ')]));
  fillRows('training-runs', overview.trainingRuns.map((r) => [String(r.id), statusChip(r.status),
    progressCell(r.progress, r.status), when(r.finishedAt), r.modelVersion ? `v${r.modelVersion}` : '–',
    r.error || (r.activated === true ? 'activated' : r.activated === false ? 'not activated' : '')]));
  fillRows('batch-runs', overview.batchRuns.map((r) => [String(r.id), statusChip(r.status),
    progressCell(r.progress, r.status), when(r.finishedAt), r.modelVersion ? `v${r.modelVersion}` : '–',
    r.error || `top-${r.itemsPerUser}${r.users ? ` for ${r.users.toLocaleString()} users` : ''}${r.shards > 1 ? `, ${r.shards} shards` : ''}`]));
}

function traitsText(traits) {
  return traits.length === 0 ? '–' : traits.slice(0, 3).map((t) => `${t.name} ×${fixed(t.lift, 2)}`).join(', ');
}

async function loadSegments() {
  const answer = await getJson('/dashboard/segments');
  const summary = document.getElementById('segments-summary');
  if (answer.segments.length === 0) {
    summary.textContent = 'The active model version has no taste segments (it was trained before they existed, or none is active).';
  }
  fillRows('segments', answer.segments.map((s) => [
    String(s.id), `${s.users} (${fixed(100 * s.share, 0)} %)`, fixed(s.meanRating, 2), traitsText(s.genres),
    traitsText(s.directors), s.movies.slice(0, 3).map((m) => m.title).join('; ') || '–']));
}

function splitList(text) {
  return text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

async function runScenario() {
  const genreSets = document.getElementById('scenario-genre-sets').value.split('\n').map(splitList).filter((l) => l.length > 0);
  const runtimes = splitList(document.getElementById('scenario-runtimes').value).map(Number);
  const variations = {};
  if (genreSets.length > 0) variations.genres = genreSets;
  if (runtimes.length > 0) variations.runtimes = runtimes;
  const request = {
    base: { title: 'Planned', genres: splitList(document.getElementById('scenario-genres').value),
      year: Number(document.getElementById('scenario-year').value) },
    variations, objective: document.getElementById('scenario-objective').value, top: 10 };
  const token = adminToken();
  const response = await fetch(`${API}/dashboard/scenarios`, { method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(request) });
  const answer = await response.json();
  const summary = document.getElementById('scenario-summary');
  if (!response.ok) {
    summary.textContent = answer.detail || `HTTP ${response.status}`;
    fillRows('scenarios', []);
    fillRows('similar-released', []);
    return;
  }
  const noImdb = (answer.unusedFields || []).find((f) => f.startsWith('imdbRating: '));
  summary.textContent = `${answer.combinations} combinations scored for ${answer.users} users of model version `
    + `${answer.modelVersion}, ranked by ${answer.objective}.${noImdb ? ` No predicted IMDb rating: ${noImdb.slice(12)}` : ''}`;
  fillRows('scenarios', answer.variants.map((v) => [String(v.rank),
    Object.entries(v.values).map(([field, value]) => `${field}: ${Array.isArray(value) ? value.join(', ') : value}`).join('; '),
    fixed(v.meanRating, 2), String(v.audience), imdbText(v.imdbRating),
    v.segments.map((s) => `${s.segment}: ${fixed(s.meanRating, 2)}`).join(' · ') || '–']));
  fillRows('similar-released', (answer.similarReleased || []).map((m) => [
    m.imdbUrl ? el('a', { href: m.imdbUrl, target: '_blank', rel: 'noopener' }, m.title) : m.title,
    m.year ? String(m.year) : '–', fixed(m.imdbRating, 1), m.imdbVotes.toLocaleString()]));
}

/** "6.9 [5.8, 7.8]": a predicted IMDb rating with its 80 % interval. */
function imdbText(rating) {
  return rating ? `${fixed(rating.predicted, 1)} [${fixed(rating.low, 1)}, ${fixed(rating.high, 1)}]` : '–';
}

const interval = (e, digits = 3) => (e && e.value !== null && e.value !== undefined
  ? `${fixed(e.value, digits)} [${fixed(e.low, digits)}, ${fixed(e.high, digits)}]` : '–');
const versus = (d, digits = 3) => (d && d.difference !== null && d.difference !== undefined
  ? `${d.difference >= 0 ? '+' : ''}${fixed(d.difference, digits)} [${fixed(d.low, digits)}, ${fixed(d.high, digits)}]${d.significant ? ' *' : ''}`
  : '–');

async function postAdmin(path) {
  const token = adminToken();
  const response = await fetch(API + path, { method: 'POST', headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch (ignored) { /* not problem+json */ }
    throw new Error(`${path}: HTTP ${response.status} ${detail}`);
  }
}

// The latest experiments with their results; promote / stop buttons on the running one.
async function loadExperiments() {
  const experiments = await getJson('/experiments?limit=5');
  document.getElementById('experiments-empty').hidden = experiments.length > 0;
  const blocks = await Promise.all(experiments.map(async (experiment) => {
    const results = await getJson(`/experiments/${experiment.id}/results`);
    const running = experiment.status === 'RUNNING';
    const action = (label, path) => {
      const button = el('button', { type: 'button' }, label);
      button.addEventListener('click', () => postAdmin(path).then(loadExperiments)
        .catch((e) => { block.querySelector('.warnings').textContent = e.message; }));
      return button;
    };
    const rows = results.variants.map((v) => el('tr', {},
      el('td', {}, v.name), el('td', {}, v.model), el('td', {}, `${v.share} %`), el('td', {}, String(v.usersExposed)),
      el('td', {}, String(v.impressions)), el('td', {}, interval(v.clickThroughRate)),
      el('td', {}, versus(v.vsControl && v.vsControl.clickThroughRate)),
      el('td', {}, interval(v.laterRatedOrWatched)), el('td', {}, versus(v.vsControl && v.vsControl.laterRatedOrWatched)),
      el('td', {}, interval(v.meanLaterRating, 2)),
      el('td', {}, running ? action(`Promote ${v.name}`, `/experiments/${experiment.id}/promote/${encodeURIComponent(v.name)}`) : '')));
    const block = el('div', { class: 'experiment', 'data-id': String(experiment.id) },
      el('h3', {}, `#${experiment.id} ${experiment.name} `, statusChip(experiment.status),
        experiment.promotedVariant ? ` promoted: ${experiment.promotedVariant}` : '',
        running ? action('Stop', `/experiments/${experiment.id}/stop`) : ''),
      el('p', { class: 'reason' }, `${when(results.from)} – ${when(results.to)}`),
      el('table', { class: 'experiment-results' },
        el('thead', {}, el('tr', {}, ...['Variant', 'Model', 'Share', 'Users exposed', 'Impressions', 'Click-through rate',
          'vs control', 'Rated or watched (7 days)', 'vs control', 'Mean later rating', ''].map((h) => el('th', {}, h)))),
        el('tbody', {}, ...rows)),
      el('p', { class: 'warnings error' }, results.warnings.join(' ')));
    return block;
  }));
  document.getElementById('experiments').replaceChildren(...blocks);
}

// --- search -------------------------------------------------------------------------------------

async function runSearch() {
  const query = document.getElementById('search-query').value.trim();
  const summary = document.getElementById('search-summary');
  if (!query) {
    fillRows('search-results', []);
    return;
  }
  const result = await getJson(`/movies/search?limit=10&q=${encodeURIComponent(query)}`);
  fillRows('search-results', result.items.map((hit) => [String(hit.rank), hit.title, hit.year ?? '–',
    hit.genres.join(', '), hit.matched, fixed(hit.score, 2)]));
  document.querySelectorAll('#search-results tbody tr').forEach((row, i) => {
    row.classList.add('clickable');
    row.addEventListener('click', () => showMovieMoney(result.items[i].movieId, result.items[i].title)
      .catch((e) => { document.getElementById('movie-card').textContent = e.message; }));
  });
  summary.textContent = result.textIndex.state === 'empty'
    ? 'No movie text is embedded yet: only titles were matched.'
    : `${result.items.length} of ${result.textIndex.movies.toLocaleString()} movies `
      + `(${result.textIndex.embeddedMovies.toLocaleString()} searchable by description).`;
}

// --- catalog insights (TMDB) ----------------------------------------------------------------------

const dollars = (value) => (value === null || value === undefined ? 'unknown'
  : `$${Number(value).toLocaleString('en-US', { maximumFractionDigits: 0 })}`);
const compactDollars = (value) => `$${Intl.NumberFormat('en-US', { notation: 'compact' }).format(value)}`;

function columnChart(svgId, items) {
  const svg = document.getElementById(svgId);
  svg.replaceChildren();
  const width = svg.clientWidth || 480, height = 220, left = 40, bottom = 30, top = 16;
  const max = Math.max(1, ...items.map((item) => item.movies));
  const slot = (width - left) / items.length;
  svg.append(svgEl('line', { x1: left, y1: height - bottom, x2: width, y2: height - bottom, stroke: '#999' }));
  svg.append(svgEl('text', { x: 2, y: top }, max.toLocaleString()));
  items.forEach((item, i) => {
    const barHeight = (item.movies / max) * (height - bottom - top);
    const rect = svgEl('rect', { x: left + i * slot + 3, y: height - bottom - barHeight, width: Math.max(2, slot - 6),
      height: barHeight, fill: COLORS.model });
    rect.append(svgEl('title', {}, `${item.name}: ${item.movies.toLocaleString()} movies`));
    svg.append(rect);
    svg.append(svgEl('text', { x: left + i * slot + 3, y: height - bottom + 14 }, item.name.slice(0, 3)));
  });
}

function revenueBars(svgId, groups) {
  const svg = document.getElementById(svgId);
  svg.replaceChildren();
  const known = groups.filter((g) => g.revenueTotal);
  if (known.length === 0) {
    svg.append(svgEl('text', { x: 10, y: 110 }, 'no revenue known yet'));
    return;
  }
  const width = svg.clientWidth || 480, labelWidth = 190, rowHeight = 20;
  const max = Math.max(...known.map((g) => g.revenueTotal));
  known.forEach((g, i) => {
    const y = 4 + i * rowHeight;
    const barWidth = Math.max(2, ((width - labelWidth - 70) * g.revenueTotal) / max);
    svg.append(svgEl('text', { x: 2, y: y + 12 }, g.name.length > 30 ? `${g.name.slice(0, 29)}…` : g.name));
    const rect = svgEl('rect', { x: labelWidth, y, width: barWidth, height: rowHeight - 5, fill: COLORS.ease });
    rect.append(svgEl('title', {}, `${g.name}: ${dollars(g.revenueTotal)} over ${g.moviesWithRevenue} of ${g.movies} `
      + `movies; return ${fixed(g.returnRatio, 2)}×`));
    svg.append(rect);
    svg.append(svgEl('text', { x: labelWidth + barWidth + 4, y: y + 12 }, compactDollars(g.revenueTotal)));
  });
}

async function loadInsights() {
  const panel = await getJson('/dashboard/insights');
  const dated = panel.releasesByMonth.items.reduce((sum, item) => sum + item.movies, 0);
  if (dated === 0 && panel.collections.total === 0 && panel.companies.total === 0) return;
  document.getElementById('insights-summary').textContent = `${dated.toLocaleString()} movies with a release month `
    + `(${panel.releasesByMonth.moviesWithoutDate.toLocaleString()} without one), ${panel.collections.total.toLocaleString()} `
    + `collections, ${panel.companies.total.toLocaleString()} production companies. Unknown budgets and revenues are left `
    + 'out of the sums, never counted as 0.';
  columnChart('releases-month-chart', panel.releasesByMonth.items);
  columnChart('releases-weekday-chart', panel.releasesByWeekday.items);
  revenueBars('collections-chart', panel.collections.items);
  revenueBars('companies-chart', panel.companies.items);
}

async function showMovieMoney(movieId, title) {
  const card = document.getElementById('movie-card');
  card.hidden = false;
  let movie;
  try {
    movie = await getJson(`/dashboard/movies/${movieId}/money`);
  } catch (e) {
    card.replaceChildren(el('h3', {}, title), el('p', { class: 'reason' }, 'No TMDB metadata is linked to this movie.'));
    return;
  }
  const links = [el('a', { href: `https://www.themoviedb.org/movie/${movie.tmdbId}`, target: '_blank', rel: 'noopener' }, 'TMDB')];
  if (movie.imdbId) {
    links.push(' · ', el('a', { href: `https://www.imdb.com/title/${movie.imdbId}/`, target: '_blank', rel: 'noopener' }, 'IMDb'));
  }
  card.replaceChildren(el('h3', {}, `${movie.title} (${movie.releaseDate ?? movie.year ?? 'date unknown'})`),
    el('table', {}, el('tbody', {},
      el('tr', {}, el('th', {}, 'Budget'), el('td', {}, dollars(movie.budget))),
      el('tr', {}, el('th', {}, 'Revenue'), el('td', {}, dollars(movie.revenue))),
      el('tr', {}, el('th', {}, 'Return (revenue / budget)'),
        el('td', {}, movie.returnRatio === undefined ? 'unknown' : `${fixed(movie.returnRatio, 2)}×`)),
      el('tr', {}, el('th', {}, 'Collection'), el('td', {}, movie.collection ?? '–')),
      el('tr', {}, el('th', {}, 'TMDB votes'), el('td', {}, movie.voteCount === undefined ? '–'
        : `${fixed(movie.voteAverage, 1)} from ${movie.voteCount.toLocaleString()} votes`)))),
    el('p', {}, ...links));
}

// --- public rating: predicted against actual ------------------------------------------------------

function scatterWithDiagonal(svgId, points, low, high) {
  const svg = document.getElementById(svgId);
  svg.replaceChildren();
  const width = svg.clientWidth || 480, height = 220, left = 34, bottom = 24, top = 8, right = 8;
  const x = (v) => left + ((v - low) / (high - low)) * (width - left - right);
  const y = (v) => height - bottom - ((v - low) / (high - low)) * (height - bottom - top);
  svg.append(svgEl('line', { x1: x(low), y1: y(low), x2: x(high), y2: y(high), stroke: '#999', 'stroke-dasharray': '4 3' }));
  svg.append(svgEl('line', { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, stroke: '#999' }));
  svg.append(svgEl('line', { x1: left, y1: top, x2: left, y2: height - bottom, stroke: '#999' }));
  for (let v = Math.ceil(low); v <= high; v += 2) {
    svg.append(svgEl('text', { x: x(v) - 3, y: height - bottom + 14 }, String(v)));
    svg.append(svgEl('text', { x: 4, y: y(v) + 4 }, String(v)));
  }
  for (const p of points) {
    svg.append(svgEl('circle', { cx: x(p.predicted), cy: y(p.actual), r: 1.6, fill: COLORS.model, 'fill-opacity': 0.45 }));
  }
}

async function loadPublicRating() {
  const panel = await getJson('/dashboard/public-rating');
  if (!panel.version || panel.heldOut === 0) {
    document.getElementById('public-rating-summary').textContent = panel.version
      ? `Model version ${panel.version} has no public-rating evaluation (no IMDb or TMDB ratings when it was trained).`
      : 'No active model version yet.';
    return;
  }
  const scale = panel.scale === 'tmdb' ? 'TMDB vote average' : 'IMDb rating';
  document.getElementById('public-rating-summary').textContent = `Model version ${panel.version}, ${scale}: `
    + `R² ${fixed(panel.r2, 3)} on ${panel.heldOut.toLocaleString()} held-out movies`
    + (panel.served === 'trees'
      ? ` by the gradient-boosted trees it serves (the ridge: ${fixed(panel.ridgeR2, 3)})`
      : (panel.treesR2 === null || panel.treesR2 === undefined ? '' : ` (gradient-boosted trees ${fixed(panel.treesR2, 3)})`))
    + `, 80 % intervals cover ${fixed(100 * panel.coverage, 1)} %.`;
  document.getElementById('public-rating-caption').textContent = `Predicted (x) against actual (y) ${scale}, `
    + `${panel.points.length.toLocaleString()} of the held-out movies; on the dashed diagonal a prediction is exact`;
  scatterWithDiagonal('public-rating-chart', panel.points, panel.scale === 'tmdb' ? 0 : 1, 10);
  fillRows('public-rating-recent', panel.recent.map((m) => {
    const links = [];
    if (m.imdbId) links.push(el('a', { href: `https://www.imdb.com/title/tt${String(m.imdbId).padStart(7, '0')}/`, target: '_blank', rel: 'noopener' }, 'IMDb'));
    if (m.tmdbId) links.push(' ', el('a', { href: `https://www.themoviedb.org/movie/${m.tmdbId}`, target: '_blank', rel: 'noopener' }, 'TMDB'));
    return [m.title, m.year ?? '–', `${fixed(m.predicted, 1)} [${fixed(m.low, 1)}, ${fixed(m.high, 1)}]`, fixed(m.actual, 1),
      el('span', {}, ...links)];
  }));
}

async function refreshOverview() {
  const overview = await getJson('/dashboard/overview?limit=10');
  renderModels(overview.models);
  renderJobs(overview);
}

async function start() {
  document.getElementById('scenario-form').addEventListener('submit', (event) => {
    event.preventDefault();
    runScenario().catch((e) => { document.getElementById('scenario-summary').textContent = e.message; });
  });
  let searchTimer = null;
  const search = () => runSearch().catch((e) => { document.getElementById('search-summary').textContent = e.message; });
  document.getElementById('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    search();
  });
  document.getElementById('search-query').addEventListener('input', () => {   // as the user types, once they pause
    clearTimeout(searchTimer);
    searchTimer = setTimeout(search, 300);
  });
  document.getElementById('user-form').addEventListener('submit', (event) => {
    event.preventDefault();
    showUser(Number(document.getElementById('user-id').value));
  });
  const fromHash = /user=(\d+)/.exec(window.location.hash);
  const versionFromHash = /version=(\d+)/.exec(window.location.hash);
  if (versionFromHash) state.version = Number(versionFromHash[1]);
  const [users] = await Promise.all([loadUserSuggestions(), refreshOverview(), loadSegments(), runScenario(),
    loadExperiments(), loadInsights(), loadPublicRating()]);
  const first = fromHash ? Number(fromHash[1]) : (users.length > 0 ? users[0].userId : null);
  if (first !== null) await showUser(first);
  document.body.dataset.ready = 'true';
  setInterval(() => refreshOverview().catch((e) => console.warn(e)), 5000);
  setInterval(() => loadExperiments().catch((e) => console.warn(e)), 15000);
}

start().catch((e) => {
  const error = document.getElementById('user-error');
  error.textContent = e.message;
  error.hidden = false;
  document.body.dataset.ready = 'error';
});
