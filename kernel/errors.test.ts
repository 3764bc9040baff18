import { ProfileError } from '../policy/profile-overrides';
import { RecordTemplateError } from '../policy/record-templates';
import { ContractError } from '../contract/problems';
import { KvUnavailableError } from '../store/azure-retry';
import { ConfigError } from '../config/config';
import { TabConfigError } from '../tab/config';
import { PackageError } from '../manifest/package';
import { UsageError } from '../cli/command';
import { AppError, ERROR_CODES, errorCode, errorName } from './errors';

describe('the error catalogue', () => {
  it('an AppError carries its catalogue code and, by default, its meaning', () => {
    const e = new AppError('kv-unavailable');
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('kv-unavailable');
    expect(e.message).toBe(ERROR_CODES['kv-unavailable']);
  });

  it('reads the code of anything thrown, else the fallback, else the name', () => {
    expect(errorCode(new AppError('render-error'))).toBe('render-error');
    expect(errorCode(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(errorCode(Object.assign(new Error('x'), { code: 503 }))).toBe('503');
    expect(errorCode(new TypeError('secret text'))).toBe('TypeError');
    expect(errorCode(new TypeError('secret text'), 'network')).toBe('network');
    expect(errorCode(undefined)).toBe('unknown');
    expect(errorCode('a string', 'internal')).toBe('internal');
  });

  it('names an error without its message', () => {
    expect(errorName(new RangeError('Jane Doe'))).toBe('RangeError');
    expect(errorName(null)).toBe('unknown');
    expect(errorName({})).toBe('unknown');
  });
});

describe('one error type', () => {
  it('every error class of the app is an AppError whose code is in the catalogue, keeping its name and message', () => {
    const cases: Array<[Error, string, string]> = [
      [new ConfigError('PORT', 'must be a number'), 'ConfigError', 'config-invalid'],
      [new TabConfigError('TAB_MODE', 'unknown'), 'TabConfigError', 'config-invalid'],
      [new ProfileError('bad'), 'ProfileError', 'PROFILE_INVALID'],
      [new RecordTemplateError('bad'), 'RecordTemplateError', 'record-template-invalid'],
      [new PackageError('APP_VERSION', 'must look like 1.2.3'), 'PackageError', 'package-invalid'],
      [new UsageError('bad date'), 'UsageError', 'usage'],
      [new ContractError('missing-file', 'staff.csv is missing'), 'ContractError', 'missing-file'],
      [new KvUnavailableError(503, 5), 'KvUnavailableError', 'kv-unavailable'],
    ];
    for (const [e, name, code] of cases) {
      expect(e).toBeInstanceOf(AppError);
      expect([e.name, errorCode(e)]).toEqual([name, code]);
      expect(Object.keys(ERROR_CODES)).toContain(code);
    }
    expect(new ConfigError('PORT', 'must be a number').message).toBe(
      'Configuration error in PORT: must be a number',
    );
    expect(new PackageError('APP_VERSION', 'x').message).toBe('APP_VERSION: x');
  });
});
