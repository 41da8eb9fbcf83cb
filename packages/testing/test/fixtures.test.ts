import { existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  datoCmsUpdateExample,
  FIXTURE_NAMES,
  FIXTURES_DIR,
  kodexaCreateExample,
  kodexaUpdateExample,
  loadFixture,
  softwareOneUpdateExample,
} from '../src';

describe('fixtures', () => {
  it('live in the package folder and each names its source page', () => {
    expect(path.relative(path.join(__dirname, '..'), FIXTURES_DIR)).toBe('fixtures');
    for (const name of FIXTURE_NAMES) {
      expect(existsSync(path.join(FIXTURES_DIR, `${name}.json`))).toBe(true);
      const fixture = loadFixture(name);
      expect(fixture.source).toMatch(/(developer\.kodexa\.ai|softwareone\.com|datocms\.com)/);
      expect(typeof fixture.body).toBe('object');
    }
  });

  it('keep the pages’ placeholders and artefacts exactly', () => {
    const kodexa = loadFixture('kodexa-put-request').body;
    expect(kodexa).toMatchObject({ id: '<string>', name: '<string>', changeSequence: 123, expiresAt: '2023-11-07T05:31:56Z' });
    expect(kodexa.user?.preferences).toEqual({ showOnboarding: true, showScrollbars: true, showWelcomeMessage: true });
    const softwareone = loadFixture('softwareone-put-response');
    expect(softwareone.status).toBe(200);
    expect(softwareone.body.name).toBe('text');
    expect(Object.values(softwareone.body.audit.created.by).join('')).toBe('[Circular Reference]');
    expect(softwareone.body.audit.updated.by['19']).toBe(']');
    const dato = loadFixture('datocms-put-response');
    expect(dato.body.data.attributes.hardcoded_type).toBe('');
    expect(dato.headers).toMatchObject({ 'X-RateLimit-Limit': '30', 'X-RateLimit-Remaining': '28' });
    expect(loadFixture('datocms-put-request').body.data).toMatchObject({ id: '312', relationships: { role: { data: { id: '34' } } } });
  });

  it('are fresh copies on every load', () => {
    const first = loadFixture('kodexa-get-response');
    (first.body as { name: string }).name = 'changed';
    expect(loadFixture('kodexa-get-response').body.name).toBe('<string>');
  });
});

describe('valid example builders', () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  it('replace every Kodexa placeholder with a valid value', () => {
    const body = kodexaCreateExample('Named');
    expect(JSON.stringify(body)).not.toContain('<string>');
    expect(body.name).toBe('Named');
    expect(body.id).toMatch(uuid);
    expect(body.user?.email).toContain('@');
  });

  it('take the server fields of the Kodexa update from the token read', () => {
    const current = { ...kodexaCreateExample(), changeSequence: 4, createdOn: '2024-01-01T00:00:00Z' };
    const body = kodexaUpdateExample(current, 'Renamed');
    expect(body).toMatchObject({ id: current.id, uuid: current.uuid, changeSequence: 4, createdOn: '2024-01-01T00:00:00Z', name: 'Renamed' });
  });

  it('replace the SoftwareOne and DatoCMS example values', () => {
    const softwareone = softwareOneUpdateExample('MOD-1756');
    expect(JSON.stringify(softwareone)).not.toContain('"text"');
    expect(softwareone.modules).toEqual([{ id: 'MOD-1756' }]);
    const dato = datoCmsUpdateExample('7', '3');
    expect(dato.data).toMatchObject({ id: '7', relationships: { role: { data: { type: 'role', id: '3' } } } });
    expect(dato.data.attributes).toEqual(loadFixture('datocms-put-request').body.data.attributes);
  });
});
