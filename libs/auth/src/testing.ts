import { ANY, ROLES, type Principal } from './principal';

/**
 * For tests of other parts only (`createApp(config, { principal: EVERY_ROLE_TEST_PRINCIPAL })`): a principal with
 * every role and every grant, installed for requests that carry no credential. Never reachable from configuration.
 */
export const EVERY_ROLE_TEST_PRINCIPAL: Principal = {
  id: 'test:every-role',
  roles: [...ROLES],
  categories: [ANY],
  countries: [ANY],
  via: 'test',
};
