export * from './audit-http.module';
export * from './audit.service';
export * from './attest-figure';
