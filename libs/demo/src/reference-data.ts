import type { Agency } from '@ledger/domain';

/** Agencies the synthetic history draws from, by country, with how often each country sends requests. */
export const AGENCIES_BY_COUNTRY: Readonly<Record<string, readonly Agency[]>> = {
  US: [
    { name: 'Federal Bureau of Investigation', kind: 'police', country: 'US' },
    { name: 'IRS Criminal Investigation', kind: 'tax', country: 'US' },
    { name: 'Homeland Security Investigations', kind: 'customs', country: 'US' },
    { name: 'U.S. Drug Enforcement Administration', kind: 'police', country: 'US' },
  ],
  GB: [
    { name: 'National Crime Agency', kind: 'police', country: 'GB' },
    { name: 'City of London Police', kind: 'police', country: 'GB' },
  ],
  DE: [
    { name: 'Bundeskriminalamt', kind: 'police', country: 'DE' },
    { name: 'Staatsanwaltschaft Frankfurt am Main', kind: 'prosecutor', country: 'DE' },
  ],
  FR: [
    { name: 'Gendarmerie nationale', kind: 'police', country: 'FR' },
    { name: 'Tracfin', kind: 'financial_intelligence', country: 'FR' },
  ],
  NL: [
    { name: 'Fiscale Inlichtingen- en Opsporingsdienst', kind: 'tax', country: 'NL' },
    { name: 'Politie', kind: 'police', country: 'NL' },
  ],
  ES: [
    { name: 'Guardia Civil', kind: 'police', country: 'ES' },
    { name: 'Policía Nacional', kind: 'police', country: 'ES' },
  ],
  IT: [{ name: 'Guardia di Finanza', kind: 'customs', country: 'IT' }],
  SE: [{ name: 'Polismyndigheten', kind: 'police', country: 'SE' }],
  PL: [{ name: 'Centralne Biuro Zwalczania Cyberprzestępczości', kind: 'police', country: 'PL' }],
  UA: [{ name: 'Cyber Police Department', kind: 'police', country: 'UA' }],
  IL: [{ name: 'Israel Police Lahav 433', kind: 'police', country: 'IL' }],
  BR: [
    { name: 'Polícia Federal', kind: 'police', country: 'BR' },
    { name: 'Ministério Público Federal', kind: 'prosecutor', country: 'BR' },
  ],
  AR: [
    { name: 'Ministerio Público Fiscal de la Ciudad de Buenos Aires', kind: 'prosecutor', country: 'AR' },
    { name: 'Policía Federal Argentina', kind: 'police', country: 'AR' },
  ],
  MX: [
    { name: 'Agencia de Investigación Criminal', kind: 'police', country: 'MX' },
    { name: 'Fiscalía General de la República', kind: 'prosecutor', country: 'MX' },
    { name: 'Secretaría de Seguridad Ciudadana de la Ciudad de México', kind: 'police', country: 'MX' },
    { name: 'Unidad de Inteligencia Financiera', kind: 'financial_intelligence', country: 'MX' },
  ],
  CO: [{ name: 'Policía Nacional de Colombia', kind: 'police', country: 'CO' }],
  CA: [{ name: 'Royal Canadian Mounted Police', kind: 'police', country: 'CA' }],
  PH: [{ name: 'National Bureau of Investigation', kind: 'police', country: 'PH' }],
  KR: [{ name: 'Korean National Police Agency', kind: 'police', country: 'KR' }],
  JP: [{ name: 'National Police Agency', kind: 'police', country: 'JP' }],
  IN: [{ name: 'Enforcement Directorate', kind: 'financial_intelligence', country: 'IN' }],
  TH: [{ name: 'Cyber Crime Investigation Bureau', kind: 'police', country: 'TH' }],
  AE: [{ name: 'Dubai Police', kind: 'police', country: 'AE' }],
  TR: [{ name: 'Emniyet Genel Müdürlüğü', kind: 'police', country: 'TR' }],
  AU: [{ name: 'Australian Federal Police', kind: 'police', country: 'AU' }],
  HK: [{ name: 'Hong Kong Police Force', kind: 'police', country: 'HK' }],
};

/** Relative weight of each country in requests, freezes and incidents. */
export const COUNTRY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['US', 18],
  ['GB', 7],
  ['DE', 7],
  ['FR', 6],
  ['NL', 3],
  ['ES', 4],
  ['IT', 3],
  ['SE', 1],
  ['PL', 2],
  ['UA', 3],
  ['IL', 2],
  ['BR', 5],
  ['AR', 3],
  ['MX', 3],
  ['CO', 2],
  ['CA', 3],
  ['PH', 2],
  ['KR', 4],
  ['JP', 3],
  ['IN', 5],
  ['TH', 3],
  ['AE', 2],
  ['TR', 4],
  ['AU', 3],
  ['HK', 2],
];

export const INTERPOL: Agency = { name: 'INTERPOL', kind: 'international', country: 'FR' };

export const TRAINING_TOPICS = [
  'blockchain fundamentals',
  'tracing funds on chain',
  'requesting data from an exchange',
  'freezing and seizing virtual assets',
  'investment scams',
  'ransomware payments',
  'darknet markets',
  'cross-chain bridges and mixers',
  'case studies',
] as const;

export const CITIES: Readonly<Record<string, string>> = {
  US: 'Washington',
  GB: 'London',
  DE: 'Wiesbaden',
  FR: 'Paris',
  NL: 'Amsterdam',
  ES: 'Madrid',
  IT: 'Rome',
  SE: 'Stockholm',
  PL: 'Warsaw',
  UA: 'Kyiv',
  IL: 'Tel Aviv',
  BR: 'Brasília',
  AR: 'Buenos Aires',
  MX: 'Mexico City',
  CO: 'Bogotá',
  CA: 'Ottawa',
  PH: 'Manila',
  KR: 'Seoul',
  JP: 'Tokyo',
  IN: 'New Delhi',
  TH: 'Bangkok',
  AE: 'Dubai',
  TR: 'Ankara',
  AU: 'Canberra',
  HK: 'Hong Kong',
};

/** Asset, decimals of its amounts, and a round USD price per year (valuation at the time of the event). */
export const ASSETS: readonly { asset: string; decimals: number; weight: number; priceUsd: Readonly<Record<number, number>> }[] = [
  { asset: 'USDT', decimals: 6, weight: 50, priceUsd: { 2021: 1, 2022: 1, 2023: 1, 2024: 1 } },
  { asset: 'BTC', decimals: 8, weight: 25, priceUsd: { 2021: 58_000, 2022: 24_000, 2023: 30_000, 2024: 62_000 } },
  { asset: 'ETH', decimals: 18, weight: 15, priceUsd: { 2021: 4_100, 2022: 1_700, 2023: 1_900, 2024: 3_100 } },
  { asset: 'BNB', decimals: 8, weight: 10, priceUsd: { 2021: 560, 2022: 300, 2023: 280, 2024: 560 } },
];
