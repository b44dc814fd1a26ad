export * from './incident.events';
export * from './incident.state';
export * from './incident.decider';
export * from './report-stolen-funds/report-stolen-funds.command';
export * from './record-recovery/record-recovery.command';
export * from './correct-incident/correct-incident.command';
export * from './reverse-incident/reverse-incident.command';
