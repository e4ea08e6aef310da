import type { Route } from '../config/watchlist-schema';
import type { Evidence, Highlight } from './alert';
import { caseCodeFor, type AlertView } from './render/view';

/*
 * Sample alerts for `exilewatch preview`: invented people and an invented news story (so no real person
 * is shown in a made-up situation), written to look like what the matcher produces. The third evidence
 * sentence carries markup and Slack control sequences, as a hostile or broken page could, to show that
 * every renderer prints them as text. Phone numbers are from the UK's range kept for drama (020 7946 0xxx).
 */

const SAMPLE_NOW = Date.parse('2024-03-13T01:30:00Z');

export const SAMPLE_ROUTES = {
  email: {
    id: 'ngo-desk',
    kind: 'email',
    to: ['ngo-desk@example.org'],
    minSeverity: 'medium',
    mode: 'immediate',
    timeZone: 'Asia/Phnom_Penh',
    redact: false,
    optional: false,
    showTuningHelp: false,
  },
  digest: {
    id: 'daily-digest',
    kind: 'email',
    to: ['ngo-desk@example.org'],
    minSeverity: 'low',
    mode: 'digest',
    digest: { every: 'daily', at: '08:00' },
    timeZone: 'Asia/Phnom_Penh',
    redact: false,
    optional: false,
    showTuningHelp: false,
  },
} as const satisfies Record<string, Route>;

export const SAMPLE_TIME = SAMPLE_NOW;

/** Evidence with each listed word highlighted where it first occurs. */
function evidence(field: Evidence['field'], text: string, marks: Array<[string, Highlight['kind']]>): Evidence {
  const highlights: Highlight[] = [];
  for (const [word, kind] of marks) {
    const start = text.indexOf(word);
    if (start >= 0) highlights.push({ start, end: start + word.length, kind });
  }
  return { field, text, highlights };
}

const VANNA = { id: 'vanna-sokun', name: 'Vanna Sokun', caseCode: caseCodeFor('vanna-sokun') };
const KOSAL = { id: 'kosal-meas', name: 'Kosal Meas', caseCode: 'KM-07' };

const VANNA_ACTIONS = [
  { do: 'Call the caseworker on duty', contact: '+44 20 7946 0321', note: 'Day or night. Give the case code, not the name, on an open line.' },
  { do: 'Tell the UNHCR liaison', contact: 'liaison@example.org' },
];
const KOSAL_ACTIONS = [{ do: 'Alert the press-freedom desk', contact: 'press-desk@example.org' }];

const DETENTION = { id: 'arrest-detention', label: 'arrest or detention' };
const DEPORTATION = { id: 'deportation', label: 'deportation' };
const PASSPORT = { id: 'passport-entry-denial', label: 'passport revoked' };
const MALAYSIA = { id: 'malaysia', label: 'Malaysia', kind: 'country' as const };
const CAMBODIA = { id: 'cambodia', label: 'Cambodia', kind: 'country' as const };
const THAILAND = { id: 'thailand', label: 'Thailand', kind: 'country' as const };
const UNHCR = { id: 'unhcr', label: 'UNHCR', kind: 'organisation' as const };

const AIRPORT_EVIDENCE: Evidence[] = [
  evidence('title', 'Exiled activist Vanna Sokun detained at Kuala Lumpur airport', [
    ['Vanna Sokun', 'person'],
    ['detained', 'signal'],
    ['Kuala Lumpur', 'context'],
  ]),
  evidence(
    'content',
    'Immigration officers detained Vanna Sokun at Kuala Lumpur International Airport late on Tuesday, hours after Phnom Penh asked Malaysia to send her back.',
    [
      ['detained', 'signal'],
      ['Vanna Sokun', 'person'],
      ['Kuala Lumpur', 'context'],
      ['Malaysia', 'context'],
    ],
  ),
  evidence(
    'content',
    'A note pasted into the page read <script>alert(1)</script> <img src=x onerror=alert(2)> <!channel> @here <http://evil.example|click here>, and Sokun was still in detention at midnight, her lawyer said, without access to UNHCR.',
    [
      ['Sokun', 'person'],
      ['detention', 'signal'],
      ['UNHCR', 'context'],
    ],
  ),
];

/** One high alert: a watched person detained at an airport, with hostile text in its evidence. */
export function sampleAlertView(route: Route = SAMPLE_ROUTES.email): AlertView {
  return {
    alert: {
      id: '5f0c7a1e9b2d4c3a8e6f1b0d2c4a6e8f',
      articleId: 'a1b2c3d4e5f6a7b8c9d0e1f2',
      rule: 'person-pursued',
      severity: 'high',
      entries: ['vanna-sokun', 'arrest-detention', 'malaysia', 'unhcr'],
      personId: VANNA.id,
      signalIds: ['arrest-detention'],
      contextIds: ['malaysia', 'unhcr'],
      snippet: AIRPORT_EVIDENCE.map((e) => e.text).join(' … '),
      evidence: AIRPORT_EVIDENCE,
      routes: [route.id],
    },
    article: {
      id: 'a1b2c3d4e5f6a7b8c9d0e1f2',
      title: 'Exiled activist Vanna Sokun detained at Kuala Lumpur airport',
      url: 'https://news.example.org/2024/03/13/exiled-activist-vanna-sokun-detained-at-kuala-lumpur-international-airport-as-phnom-penh-seeks-return',
      sourceId: 'mekong-courier',
      sourceName: 'Mekong Courier (sample)',
      publishedAt: '2024-03-12T16:40:00Z',
    },
    person: VANNA,
    actions: VANNA_ACTIONS,
    signals: [DETENTION],
    contexts: [MALAYSIA, UNHCR],
    ruleDescription: 'A watched person and a warning signal in the same sentence.',
    route,
    alsoReportedBy: [
      { sourceId: 'regional-wire', sourceName: 'Regional Wire (sample)', url: 'https://wire.example.net/asia/2024-03-13/activist-held-klia' },
      { sourceId: 'pasted-link', url: 'javascript:alert(3)' },
    ],
    detectedAt: SAMPLE_NOW - 40 * 60_000,
  };
}

/** A day's worth of alerts for a digest: two people, a discovery alert, several severities. */
export function sampleDigestViews(route: Route = SAMPLE_ROUTES.digest): AlertView[] {
  const airport = sampleAlertView(route);
  const deport = evidence('content', 'Lawyers for Vanna Sokun said on Wednesday that Malaysian officials had begun papers to deport her.', [
    ['Vanna Sokun', 'person'],
    ['Malaysian', 'context'],
    ['deport', 'signal'],
  ]);
  const passport = evidence('content', 'Kosal Meas learned from the embassy in Bangkok that his Cambodian passport had been revoked.', [
    ['Kosal Meas', 'person'],
    ['Bangkok', 'context'],
    ['Cambodian', 'context'],
    ['passport had been revoked', 'signal'],
  ]);
  const mention = evidence('content', 'Kosal Meas spoke at a panel on press freedom in Chiang Mai.', [['Kosal Meas', 'person']]);
  const discovery = evidence('content', 'Thai police sent back three Cambodians who had fled last year, a rights group said.', [
    ['Thai', 'context'],
    ['sent back', 'signal'],
    ['Cambodians', 'context'],
  ]);
  const base = (id: string, over: Partial<AlertView> & Pick<AlertView, 'alert' | 'article'>): AlertView => ({
    signals: [],
    contexts: [],
    route,
    detectedAt: SAMPLE_NOW - 3 * 3600_000,
    ...over,
    alert: { ...over.alert, id },
  });
  return [
    base('0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e', {
      alert: {
        id: '',
        articleId: 'b2',
        rule: 'person-mentioned',
        severity: 'low',
        entries: ['kosal-meas'],
        personId: KOSAL.id,
        signalIds: [],
        contextIds: [],
        snippet: mention.text,
        evidence: [mention],
        routes: [route.id],
      },
      article: {
        title: 'Panel in Chiang Mai weighs press freedom in the region',
        url: 'https://news.example.org/2024/03/12/panel',
        sourceId: 'mekong-courier',
        sourceName: 'Mekong Courier (sample)',
        publishedAt: '2024-03-12T09:00:00Z',
      },
      person: KOSAL,
      actions: KOSAL_ACTIONS,
    }),
    airport,
    base('1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f', {
      alert: {
        id: '',
        articleId: 'b3',
        rule: 'cambodian-pursued-abroad',
        severity: 'low',
        entries: ['deportation', 'cambodia', 'thailand'],
        signalIds: ['deportation'],
        contextIds: ['cambodia', 'thailand'],
        snippet: discovery.text,
        evidence: [discovery],
        routes: [route.id],
      },
      article: {
        title: 'Three Cambodians returned from Thailand',
        url: 'https://wire.example.net/asia/2024-03-01/three-returned',
        sourceId: 'regional-wire',
        sourceName: 'Regional Wire (sample)',
        // Eleven days before the digest: a story the wire carried again, marked as old.
        publishedAt: '2024-03-01T11:15:00Z',
      },
      signals: [DEPORTATION],
      contexts: [CAMBODIA, THAILAND],
      ruleDescription: 'Discovery; no watched person, but Cambodians and a pursuit signal in one sentence.',
    }),
    base('2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a', {
      alert: {
        id: '',
        articleId: 'b4',
        rule: 'person-pursued',
        severity: 'high',
        entries: ['kosal-meas', 'passport-entry-denial', 'cambodia', 'thailand'],
        personId: KOSAL.id,
        signalIds: ['passport-entry-denial'],
        contextIds: ['cambodia', 'thailand'],
        snippet: passport.text,
        evidence: [passport],
        routes: [route.id],
      },
      article: {
        title: 'Exiled reporter says his passport was cancelled',
        url: 'https://news.example.org/2024/03/12/passport',
        sourceId: 'mekong-courier',
        sourceName: 'Mekong Courier (sample)',
        publishedAt: '2024-03-12T13:20:00Z',
      },
      person: KOSAL,
      actions: KOSAL_ACTIONS,
      signals: [PASSPORT],
      contexts: [CAMBODIA, THAILAND],
      ruleDescription: 'A watched person and a warning signal in the same sentence.',
    }),
    base('3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b', {
      alert: {
        id: '',
        articleId: 'b5',
        rule: 'person-pursued-nearby',
        severity: 'medium',
        entries: ['vanna-sokun', 'deportation', 'malaysia'],
        personId: VANNA.id,
        signalIds: ['deportation'],
        contextIds: ['malaysia'],
        snippet: deport.text,
        evidence: [deport],
        routes: [route.id],
      },
      article: {
        title: 'Malaysia weighs deporting detained activist',
        url: 'https://wire.example.net/asia/2024-03-13/weighs-deporting',
        sourceId: 'regional-wire',
        sourceName: 'Regional Wire (sample)',
        publishedAt: '2024-03-13T00:05:00Z',
      },
      person: VANNA,
      actions: VANNA_ACTIONS,
      signals: [DEPORTATION],
      contexts: [MALAYSIA],
      followUpOf: airport.alert.id,
    }),
  ];
}
