import { CLOUDFLARE_BASE_URL, CLOUDFLARE_CAPABILITIES, cloudflare } from '@tokenbridge/cloudflare';
import { DATOCMS_BASE_URL, DATOCMS_CAPABILITIES, datocms } from '@tokenbridge/datocms';
import { KODEXA_CAPABILITIES, kodexa } from '@tokenbridge/kodexa';
import { SOFTWAREONE_BASE_URL, SOFTWAREONE_CAPABILITIES, softwareone } from '@tokenbridge/softwareone';
import { defineVendor, jsonFlag } from './vendor';

/**
 * The vendor registry: every vendor tokenbridge ships, once, in the order
 * docs and reports list them. Adding a vendor is one entry here (see the
 * README's "Adding a provider").
 */
export const VENDORS = {
  kodexa: defineVendor({
    id: 'kodexa',
    displayName: 'Kodexa',
    packageName: '@tokenbridge/kodexa',
    capabilities: KODEXA_CAPABILITIES,
    factory: kodexa,
    credential: { option: 'apiKey', env: 'API_KEY', help: 'a Kodexa API key' },
    defaultBaseUrl: null,
    settings: [],
    flags: [],
    // The Kodexa SDK's own variables (vendor notes).
    vendorVariables: { credential: ['KODEXA_ACCESS_TOKEN'], baseUrl: ['KODEXA_URL'] },
  }),
  softwareone: defineVendor({
    id: 'softwareone',
    displayName: 'SoftwareOne',
    packageName: '@tokenbridge/softwareone',
    capabilities: SOFTWAREONE_CAPABILITIES,
    factory: softwareone,
    credential: { option: 'apiToken', env: 'API_TOKEN', help: 'a Marketplace Platform API token (idt:TKN-…)' },
    defaultBaseUrl: SOFTWAREONE_BASE_URL,
    settings: [],
    flags: [
      { flag: '--account', field: 'accountId', kind: 'value', placeholder: '<id>', help: "the owning account (default: the credential's own)" },
      { flag: '--module', field: 'moduleIds', kind: 'list', placeholder: '<id...>', help: 'module ids (the full list)' },
      { flag: '--icon', field: 'icon', kind: 'value', placeholder: '<path>', help: 'icon path' },
    ],
    // What SoftwareOne's own Python tools read (mpt-tool, extensions; the API client's README).
    vendorVariables: { credential: ['MPT_API_TOKEN', 'MPT_API_KEY'], baseUrl: ['MPT_API_BASE_URL', 'MPT_API_URL'] },
  }),
  datocms: defineVendor({
    id: 'datocms',
    displayName: 'DatoCMS',
    packageName: '@tokenbridge/datocms',
    capabilities: DATOCMS_CAPABILITIES,
    factory: datocms,
    credential: { option: 'apiToken', env: 'API_TOKEN', help: 'a CMA API token whose role can manage API tokens' },
    defaultBaseUrl: DATOCMS_BASE_URL,
    settings: [{ option: 'environment', env: 'ENVIRONMENT', help: 'a sandbox environment (sent as X-Environment)' }],
    flags: [
      { flag: '--role', field: 'roleId', kind: 'value', placeholder: '<id>', help: 'the role id' },
      { flag: '--cda', field: 'canAccessCda', kind: 'switch', help: 'may read published content (CDA)' },
      { flag: '--cda-preview', field: 'canAccessCdaPreview', kind: 'switch', help: 'may read draft content' },
      { flag: '--cma', field: 'canAccessCma', kind: 'switch', help: 'may use the Content Management API' },
      {
        flag: '--transfer-to',
        field: 'transferTo',
        kind: 'value',
        placeholder: '<tokenId>',
        help: 'move what the token owns to this API token first',
        parse: (id) => ({ type: 'access_token', id }),
      },
    ],
    // The DatoCMS CLI reads DATOCMS_API_TOKEN; its older CLI read DATO_API_TOKEN.
    vendorVariables: { credential: ['DATOCMS_API_TOKEN', 'DATO_API_TOKEN'], baseUrl: [] },
  }),
  cloudflare: defineVendor({
    id: 'cloudflare',
    displayName: 'Cloudflare',
    packageName: '@tokenbridge/cloudflare',
    capabilities: CLOUDFLARE_CAPABILITIES,
    factory: cloudflare,
    credential: { option: 'apiToken', env: 'API_TOKEN', help: 'an API token that may manage API tokens (API Tokens Write, or Account API Tokens Write)' },
    defaultBaseUrl: CLOUDFLARE_BASE_URL,
    settings: [{ option: 'accountId', env: 'ACCOUNT_ID', help: "manage this account's tokens (/accounts/{id}/tokens) instead of the user's own" }],
    flags: [
      { flag: '--policy', field: 'policies', kind: 'list', placeholder: '<json|@file...>', help: 'access policies, each JSON or @file (a file may hold an array); on update the full list', parse: jsonFlag('--policy') },
      { flag: '--condition', field: 'condition', kind: 'value', placeholder: '<json|@file>', help: 'the client-IP condition ({"request_ip":{"in":[CIDR...]}})', parse: jsonFlag('--condition') },
      { flag: '--not-before', field: 'notBefore', kind: 'value', placeholder: '<date-time>', help: 'not valid before this ISO-8601 date-time' },
    ],
    // What the official client (npm cloudflare) and wrangler read.
    vendorVariables: { credential: ['CLOUDFLARE_API_TOKEN'], baseUrl: ['CLOUDFLARE_BASE_URL'] },
  }),
};
