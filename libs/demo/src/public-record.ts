/**
 * The concrete values the demo history picks for each line of the public record (docs/demo.md, "Line by line"). docs/demo.md explains
 * each choice; the generator and its spec both read them from here, so a change shows up in both.
 */

/** The texts carry no date line; these are the dates the demo takes them to speak as of (see docs/demo.md). */
export const SEED_DATES = {
  /** 000, Mexico City seminar ("63,000 in 2024 alone", "recovery rate up 33%"): reported mid-2024. */
  mexicoSeminarArticle: '2024-07-01',
  /** 001, Buenos Aires training ("100,000 over the past two years", "$1B frozen to date"): late May 2024. */
  buenosAiresArticle: '2024-06-01',
  /** 002, training programme launch ("27,000 since November 2021", "over 30 workshops"): 27 Sept 2022. */
  programmeLaunchArticle: '2022-09-27',
  /** 003, INTERPOL session on 24 Jan 2024. */
  interpolArticle: '2024-01-26',
  /** 004, Jakubcek interview ("last year ... DEA"): 2023, so the seizure is in 2022. */
  jakubcekInterview: '2023-07-20',
} as const;

export const HISTORY_START = '2021-11-01';
export const HISTORY_END = '2024-12-31';

/** Requests received per period (exact); both ends inclusive. */
export const REQUEST_PERIODS = [
  { from: '2021-11-01', to: '2022-09-27', received: 27_600, meanResponseHours: 72 },
  { from: '2022-09-28', to: '2022-12-31', received: 9_400, meanResponseHours: 66 },
  { from: '2023-01-01', to: '2023-12-31', received: 58_000, meanResponseHours: 60 },
  { from: '2024-01-01', to: '2024-06-30', received: 63_600, meanResponseHours: 54 },
  { from: '2024-07-01', to: '2024-12-31', received: 36_400, meanResponseHours: 54 },
] as const;

/** Emergency requests are answered within hours, whatever the period's mean. */
export const EMERGENCY_RESPONSE_HOURS = 8;
export const EMERGENCY_SHARE = 0.04;
/** Share of requests the agency withdraws before an answer. */
export const WITHDRAWN_SHARE = 0.004;

/** Training sessions recorded per period (named sessions included); see TRAINING_CORRECTIONS for restatements. */
export const TRAINING_PERIODS = [
  { from: '2021-11-01', to: '2022-09-26', sessions: 34 },
  { from: '2022-10-01', to: '2022-12-31', sessions: 14 },
  { from: '2023-01-01', to: '2023-12-31', sessions: 125 },
  { from: '2024-01-01', to: '2024-12-31', sessions: 116 },
] as const;

/** Countries seed 002 names for the programme's first year; each gets at least one workshop before 2022-09-27. */
export const FIRST_YEAR_COUNTRIES = ['AR', 'BR', 'CA', 'FR', 'DE', 'IL', 'NL', 'PH', 'SE', 'KR', 'GB'] as const;

export const MEXICO_CITY_SEMINAR = {
  trainingId: 'mx-cdmx-2024-06',
  deliveredOn: '2024-06-20',
  recordedParticipants: 33,
  participants: 35,
  correctedOn: '2024-06-25',
} as const;

export const BUENOS_AIRES_TRAINING = {
  trainingId: 'ar-caba-cij-2024-05',
  deliveredOn: '2024-05-21',
  endsOn: '2024-05-22',
  participants: 40,
} as const;

export const INTERPOL_SESSION = {
  trainingId: 'interpol-virtual-2024-01-24',
  deliveredOn: '2024-01-24',
  participants: 34,
} as const;

/** Funds frozen (USD cents) per period; the DEA freeze is part of the first. */
export const FREEZE_PERIODS = [
  { from: '2021-11-01', to: '2024-05-31', freezes: 1_500, frozenCents: 105_240_000_000 },
  { from: '2024-06-01', to: '2024-12-31', freezes: 320, frozenCents: 14_800_000_000 },
] as const;

export const DEA_SEIZURE = {
  freezeId: 'dea-michigan-mexico-2022',
  frozenAt: '2022-03-15T21:30:00Z',
  seizedAt: '2022-06-08T15:00:00Z',
  /** Stablecoins and bitcoin, as the report says; together USD 1,800,000.00. */
  usdtCents: 126_000_000,
  btcCents: 54_000_000,
  btcPriceUsd: 39_000,
  accounts: 6,
  authority: 'U.S. Drug Enforcement Administration',
  orderReference: 'DEA-MI-2022-0417',
} as const;

/**
 * Stolen funds reported and recovered, in USD cents, per bucket of report dates. Every recovery is dated in
 * the same calendar year as its incident's report, so a rate by recovery year and by incident year agree.
 * rate2023 = 55,000,000 / 500,000,000 = 0.11; rate2024 = 95,095,000 / 650,000,000 = 0.1463 = 1.33 x 0.11.
 */
export const INCIDENT_BUCKETS = [
  {
    from: '2021-11-01',
    to: '2021-12-31',
    incidents: 8,
    stolenCents: 1_800_000_000,
    recoveries: [{ from: '2021-11-01', to: '2021-12-31', cents: 90_000_000 }],
  },
  {
    from: '2022-01-01',
    to: '2022-12-31',
    incidents: 60,
    stolenCents: 31_000_000_000,
    recoveries: [{ from: '2022-01-01', to: '2022-12-31', cents: 2_480_000_000 }],
  },
  {
    from: '2023-01-01',
    to: '2023-12-31',
    incidents: 80,
    stolenCents: 50_000_000_000,
    recoveries: [{ from: '2023-01-01', to: '2023-12-31', cents: 5_500_000_000 }],
  },
  {
    from: '2024-01-01',
    to: '2024-06-30',
    incidents: 45,
    stolenCents: 40_000_000_000,
    recoveries: [
      { from: '2024-01-01', to: '2024-06-30', cents: 5_852_000_000 },
      { from: '2024-07-01', to: '2024-07-31', cents: 1_448_000_000 },
    ],
  },
  {
    from: '2024-07-01',
    to: '2024-12-31',
    incidents: 35,
    stolenCents: 25_000_000_000,
    recoveries: [{ from: '2024-08-01', to: '2024-12-31', cents: 2_209_500_000 }],
  },
] as const;

/** Seed 001: an Argentine investigation that recovered more than $170,000 (part of the 2024 H1 bucket). */
export const ARGENTINA_RECOVERY = {
  incidentId: 'ar-trojan-2024',
  reportedAt: '2024-03-12T14:00:00Z',
  stolenCents: 26_000_000,
  recoveredAt: '2024-05-08T16:00:00Z',
  recoveredCents: 17_250_000,
} as const;

/** Seed 004: "90% of our work is collaborative": nine freezes in ten point at a law-enforcement request. */
export const FREEZES_LINKED_TO_REQUESTS = 0.9;
